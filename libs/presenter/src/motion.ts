import type { ClauseTiming, Viseme, VisemeTiming } from '@app/core';
import { between, seededRandom } from './random';
import type { MouthShape } from './presenter.types';

/** Seconds over which one mouth shape turns into the next (coarticulation), centred on the boundary. */
export const MOUTH_BLEND = 0.05;
/**
 * Seconds the mouth moves ahead of the sound. Lips shape a sound before it is heard, and EBU R37
 * tolerates picture ahead of sound (up to 60 ms) better than behind it (40 ms). Measured against
 * espeak-ng readings (lip-sync.medium.ts), openness followed loudness best with the picture 20-40 ms
 * late when the lead was 15 ms, mostly because our phoneme spans start at the word's onset while
 * the energy builds with the vowel; 45 ms centres it.
 */
export const MOUTH_LEAD = 0.045;
/** A blink: lid down, a moment closed, lid up (seconds). About 150 ms in all, as measured in people. */
export const BLINK = { close: 0.05, hold: 0.03, open: 0.07 } as const;
export const BLINK_INTERVAL = { min: 2, max: 6 } as const;
/** Chance that a blink is followed by a second one, and the gap between their onsets. */
export const DOUBLE_BLINK = { chance: 0.18, gap: 0.3 } as const;
/** Seconds of the opening glance from the script to the camera. */
export const GLANCE = 0.6;

export interface Blink {
  start: number;
  /** True for the second blink of a double blink. */
  repeat: boolean;
}

/** Everything that moves in one frame; offsets in art units (the manifest's canvas). */
export interface FrameState {
  mouth: MouthShape;
  /** The mouth shape that dominates this frame (weight >= 0.5 of the blend). */
  viseme: Viseme;
  /** 0 open, 1 closed. */
  blink: number;
  /** Where the eyes look, -1..1 each (x to the viewer's right, y down); 0,0 is the camera. */
  gaze: [number, number];
  browLift: number;
  head: [number, number];
  /** 0 breathed out, 1 in. */
  breath: number;
}

export interface MotionInput {
  visemes: readonly VisemeTiming[];
  clauses: readonly ClauseTiming[];
  duration: number;
  fps: number;
  seed: number;
}

const smooth = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : x * x * (3 - 2 * x));

/**
 * The visemes as the mouth can show them at `fps`: contiguous over [0, duration], anything shorter
 * than a frame folded into a neighbour (it could never be seen, only flicker), and every shape held
 * at least two frames, taking the time from a longer neighbour where it has time to spare.
 */
export function cleanVisemes(
  visemes: readonly VisemeTiming[],
  duration: number,
  fps: number,
): VisemeTiming[] {
  const frame = 1 / fps;
  const minHold = 2.02 * frame;
  let segs: VisemeTiming[] = [];
  const add = (viseme: Viseme, start: number, end: number): void => {
    if (!(end > start)) return;
    const last = segs[segs.length - 1];
    if (last && last.viseme === viseme) last.end = end;
    else segs.push({ viseme, start, end });
  };
  let at = 0;
  for (const v of [...visemes].sort((a, b) => a.start - b.start)) {
    const start = Math.max(at, Math.min(v.start, duration));
    const end = Math.min(Math.max(v.end, start), duration);
    if (start > at) add('X', at, start);
    add(v.viseme, start, end);
    at = Math.max(at, end);
  }
  if (duration > at) add('X', at, duration);

  const remerge = (): void => {
    const old = segs;
    segs = [];
    for (const s of old) add(s.viseme, s.start, s.end);
  };
  // Shorter than a frame: absorbed by the neighbour before (the one after, at the very start).
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    if (segs.length > 1 && s.end - s.start < frame) {
      if (i > 0) segs[i - 1].end = s.end;
      else segs[1].start = s.start;
      segs.splice(i, 1);
      i--;
    }
  }
  remerge();
  const EPS = 1e-9;
  for (let guard = 0; guard < 100000 && segs.length > 1; guard++) {
    const i = segs.findIndex((s) => s.end - s.start < minHold - EPS);
    if (i < 0) break;
    const s = segs[i];
    const need = minHold - (s.end - s.start);
    const prev: VisemeTiming | undefined = segs[i - 1];
    const next: VisemeTiming | undefined = segs[i + 1];
    const spare = (n: VisemeTiming | undefined): number => (n ? n.end - n.start - minHold : -1);
    // Boundaries are set, not nudged, so float error cannot leave a shape a hair short forever.
    if (prev && spare(prev) >= need && spare(prev) >= spare(next)) {
      s.start = s.end - minHold;
      prev.end = s.start;
    } else if (next && spare(next) >= need) {
      s.end = s.start + minHold;
      next.start = s.end;
    } else if (prev && next && spare(prev) > 0 && spare(prev) + spare(next) >= need) {
      s.start = prev.start + minHold;
      prev.end = s.start;
      s.end = s.start + minHold;
      next.start = s.end;
    } else {
      // No room: the shape gives way to its longer neighbour.
      const intoPrev =
        prev !== undefined && (next === undefined || prev.end - prev.start >= next.end - next.start);
      if (intoPrev) prev.end = s.end;
      else if (next) next.start = s.start;
      segs.splice(i, 1);
      remerge();
    }
  }
  return segs;
}

function mix(a: MouthShape, b: MouthShape, w: number): MouthShape {
  const l = (x: number, y: number): number => x + (y - x) * w;
  return {
    open: l(a.open, b.open),
    width: l(a.width, b.width),
    round: l(a.round, b.round),
    teethTop: l(a.teethTop, b.teethTop),
    teethBottom: l(a.teethBottom, b.teethBottom),
    tongue: l(a.tongue, b.tongue),
    tuck: l(a.tuck, b.tuck),
    press: l(a.press, b.press),
    smile: l(a.smile, b.smile),
  };
}

/**
 * The mouth in every frame: each shape eases into the next over MOUTH_BLEND around their boundary
 * (never more than either shape lasts), so the mouth moves rather than cuts, as a real one does.
 */
export function mouthTrack(
  visemes: readonly VisemeTiming[],
  shapes: Record<Viseme, MouthShape>,
  duration: number,
  fps: number,
  frameCount: number,
): { mouth: MouthShape[]; viseme: Viseme[] } {
  const segs = cleanVisemes(visemes, duration, fps);
  const mouth: MouthShape[] = [];
  const viseme: Viseme[] = [];
  let k = 0;
  for (let i = 0; i < frameCount; i++) {
    const t = Math.min(i / fps + MOUTH_LEAD, duration);
    while (k < segs.length - 1 && segs[k].end <= t) k++;
    const s = segs[k];
    const prev = segs[k - 1];
    const next = segs[k + 1];
    let from = s.viseme;
    let to = s.viseme;
    let w = 0;
    const half = (a: VisemeTiming, b: VisemeTiming): number =>
      Math.min(MOUTH_BLEND, a.end - a.start, b.end - b.start) / 2;
    if (next && t > s.end - half(s, next)) {
      const h = half(s, next);
      from = s.viseme;
      to = next.viseme;
      w = smooth((t - (s.end - h)) / (2 * h));
    } else if (prev && t < s.start + half(prev, s)) {
      const h = half(prev, s);
      from = prev.viseme;
      to = s.viseme;
      w = smooth((t - (s.start - h)) / (2 * h));
    }
    mouth.push(mix(shapes[from], shapes[to], w));
    viseme.push(w >= 0.5 ? to : from);
  }
  return { mouth, viseme };
}

/**
 * Blink onsets: the first within a few seconds, then every 2–6 s (more often short than long, as
 * people blink), now and then a double blink. Seeded, so the same seed blinks the same.
 */
export function blinkSchedule(seed: number, duration: number): Blink[] {
  const random = seededRandom(seed ^ 0x5bd1e995);
  const blinks: Blink[] = [];
  let t = between(random, 1.2, 3.2);
  while (t < duration) {
    blinks.push({ start: t, repeat: false });
    if (random() < DOUBLE_BLINK.chance && t + DOUBLE_BLINK.gap < duration) {
      blinks.push({ start: t + DOUBLE_BLINK.gap, repeat: true });
    }
    const span = BLINK_INTERVAL.max - BLINK_INTERVAL.min;
    t += BLINK_INTERVAL.min + span * Math.pow(random(), 1.4);
  }
  return blinks;
}

/** How closed the lids are at `t` (0 open, 1 closed). */
export function blinkAmount(blinks: readonly Blink[], t: number): number {
  let amount = 0;
  for (const b of blinks) {
    const u = t - b.start;
    if (u < 0 || u > BLINK.close + BLINK.hold + BLINK.open) continue;
    let a: number;
    if (u < BLINK.close) a = smooth(u / BLINK.close);
    else if (u < BLINK.close + BLINK.hold) a = 1;
    else a = 1 - smooth((u - BLINK.close - BLINK.hold) / BLINK.open);
    amount = Math.max(amount, a);
  }
  return amount;
}

interface Nod {
  start: number;
  length: number;
  depth: number;
  lift: number;
}

/**
 * A small dip of the head where a phrase begins, deeper after a real pause (a new sentence), with
 * the brows up at sentence starts: the beat a newsreader gives each phrase.
 */
function nodsFor(clauses: readonly ClauseTiming[], random: () => number): Nod[] {
  return clauses.map((c, i) => {
    const pause = i === 0 ? c.start : c.start - clauses[i - 1].end;
    const sentence = pause >= 0.3;
    return {
      start: c.start - 0.08,
      length: between(random, 0.45, 0.6),
      depth: sentence ? between(random, 6, 9) : between(random, 3, 5),
      lift: sentence ? 1 : 0,
    };
  });
}

/** Every frame's state: mouth, lids, gaze, brows, head offset and breath. */
export function planMotion(shapes: Record<Viseme, MouthShape>, input: MotionInput): FrameState[] {
  const { duration, fps, seed } = input;
  const frameCount = Math.max(1, Math.round(duration * fps));
  const random = seededRandom(seed);
  const track = mouthTrack(input.visemes, shapes, duration, fps, frameCount);
  const blinks = blinkSchedule(seed, duration);
  const nods = nodsFor(input.clauses, random);
  const side = random() < 0.5 ? -1 : 1;
  const breathPeriod = between(random, 3.6, 4.6);
  const breathPhase = between(random, 0, Math.PI * 2);
  const sway = [
    between(random, 6.5, 8.5),
    between(random, 2.8, 3.6),
    between(random, 0, 6.3),
    between(random, 0, 6.3),
  ];
  // Small saccades: the eyes drift off the lens and back now and then, never far.
  const saccades: { at: number; gaze: [number, number] }[] = [];
  for (let t = GLANCE + between(random, 1.5, 3); t < duration; t += between(random, 1.5, 3.5)) {
    saccades.push({ at: t, gaze: [between(random, -0.12, 0.12), between(random, -0.08, 0.08)] });
  }

  const states: FrameState[] = [];
  let saccade = -1;
  for (let i = 0; i < frameCount; i++) {
    const t = i / fps;
    const breath = 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / breathPeriod + breathPhase);
    let dy = -2.5 * breath;
    let dx =
      2 * Math.sin((2 * Math.PI * t) / sway[0] + sway[2]) +
      0.8 * Math.sin((2 * Math.PI * t) / sway[1] + sway[3]);
    let lift = 0;
    for (const n of nods) {
      const u = (t - n.start) / n.length;
      if (u <= 0 || u >= 1) continue;
      const s = Math.sin(Math.PI * u);
      dy += n.depth * s * s;
      lift = Math.max(lift, n.lift * Math.sin(Math.PI * Math.min(1, u * 1.3)));
    }
    while (saccade + 1 < saccades.length && saccades[saccade + 1].at <= t) saccade++;
    let gaze: [number, number] = saccade >= 0 ? [...saccades[saccade].gaze] : [0, 0];
    // The opening glance: from the script (down, to one side) up to the lens.
    const g = 1 - smooth((t - 0.1) / (GLANCE - 0.1));
    if (g > 0) {
      gaze = [gaze[0] + side * 0.55 * g, gaze[1] + 0.6 * g];
      dy += 7 * g;
      dx += side * 5 * g;
    }
    states.push({
      mouth: track.mouth[i],
      viseme: track.viseme[i],
      blink: blinkAmount(blinks, t),
      gaze,
      browLift: lift,
      head: [dx, dy],
      breath,
    });
  }
  return states;
}
