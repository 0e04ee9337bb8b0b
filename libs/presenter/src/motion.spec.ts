import type { Viseme, VisemeTiming } from '@app/core';
import {
  BLINK,
  BLINK_INTERVAL,
  blinkAmount,
  blinkSchedule,
  cleanVisemes,
  DOUBLE_BLINK,
  GLANCE,
  mouthTrack,
  planMotion,
} from './motion';
import type { MouthShape } from './presenter.types';

const shape = (open: number, round = 0): MouthShape => ({
  open,
  width: 1,
  round,
  teethTop: 0,
  teethBottom: 0,
  tongue: 0,
  tuck: 0,
  press: 0,
  smile: 0,
});
const SHAPES: Record<Viseme, MouthShape> = {
  A: shape(0),
  B: shape(0.2),
  C: shape(0.45),
  D: shape(0.8),
  E: shape(0.5, 0.5),
  F: shape(0.3, 1),
  G: shape(0.15),
  H: shape(0.5),
  X: shape(0),
};

/** A jittery track: shapes from 5 to 120 ms, the kind espeak-ng timing gives for fast speech. */
function jittery(duration: number, seed = 1): VisemeTiming[] {
  const out: VisemeTiming[] = [];
  let t = 0;
  let k = seed;
  const order: Viseme[] = ['A', 'C', 'B', 'D', 'F', 'E', 'G', 'H', 'X'];
  while (t < duration) {
    k = (k * 1103515245 + 12345) % 2147483648;
    const d = 0.005 + (k % 1150) / 10000;
    out.push({ viseme: order[k % 9], start: t, end: Math.min(duration, t + d) });
    t += d;
  }
  return out;
}

function runs<T>(xs: readonly T[]): { value: T; length: number; first: number }[] {
  const out: { value: T; length: number; first: number }[] = [];
  xs.forEach((x, i) => {
    const last = out[out.length - 1];
    if (last && last.value === x) last.length++;
    else out.push({ value: x, length: 1, first: i });
  });
  return out;
}

describe('cleanVisemes', () => {
  it('drops what is shorter than a frame and holds every shape two frames', () => {
    const fps = 30;
    const segs = cleanVisemes(jittery(10), 10, fps);
    expect(segs[0].start).toBe(0);
    expect(segs[segs.length - 1].end).toBeCloseTo(10, 9);
    for (let i = 0; i < segs.length; i++) {
      expect(segs[i].end - segs[i].start).toBeGreaterThanOrEqual(2 / fps);
      if (i > 0) {
        expect(segs[i].start).toBeCloseTo(segs[i - 1].end, 9);
        expect(segs[i].viseme).not.toBe(segs[i - 1].viseme);
      }
    }
  });

  it('keeps a long enough track as it is and fills gaps with X', () => {
    const v: VisemeTiming[] = [
      { viseme: 'A', start: 0.1, end: 0.3 },
      { viseme: 'D', start: 0.3, end: 0.6 },
    ];
    expect(cleanVisemes(v, 1, 25)).toEqual([
      { viseme: 'X', start: 0, end: 0.1 },
      { viseme: 'A', start: 0.1, end: 0.3 },
      { viseme: 'D', start: 0.3, end: 0.6 },
      { viseme: 'X', start: 0.6, end: 1 },
    ]);
  });
});

describe('mouthTrack (coarticulation)', () => {
  it.each([25, 30, 50, 60])('at %i fps no shape is held under two frames, except silence', (fps) => {
    const duration = 12;
    const { viseme } = mouthTrack(jittery(duration, fps), SHAPES, duration, fps, duration * fps);
    const inner = runs(viseme).slice(1, -1);
    expect(inner.length).toBeGreaterThan(20);
    for (const r of inner)
      if (r.value !== 'X') expect({ ...r, ok: r.length >= 2 }).toMatchObject({ ok: true });
  });

  it('eases from one shape to the next instead of cutting', () => {
    const fps = 100;
    const v: VisemeTiming[] = [
      { viseme: 'X', start: 0, end: 0.5 },
      { viseme: 'D', start: 0.5, end: 1 },
    ];
    const { mouth } = mouthTrack(v, SHAPES, 1, fps, 100);
    const open = mouth.map((m) => m.open);
    // Between the two there are frames part way, over about 50 ms, and none outside [0, 0.8].
    const between = open.filter((o) => o > 0.02 && o < 0.78);
    expect(between.length).toBeGreaterThanOrEqual(3);
    expect(between.length).toBeLessThanOrEqual(6);
    for (let i = 1; i < open.length; i++) expect(open[i]).toBeGreaterThanOrEqual(open[i - 1]);
    // The mouth reaches half open up to 60 ms before the sound (it leads, as lips do), never after.
    const half = open.findIndex((o) => o >= 0.4) / fps;
    expect(half).toBeGreaterThanOrEqual(0.5 - 0.06);
    expect(half).toBeLessThanOrEqual(0.5 + 0.001);
  });
});

describe('blinks', () => {
  it('come at irregular 2-6 s intervals, now and then doubled', () => {
    const blinks = blinkSchedule(42, 600);
    const singles = blinks.filter((b) => !b.repeat).map((b) => b.start);
    expect(singles[0]).toBeLessThanOrEqual(BLINK_INTERVAL.max);
    const gaps = singles.slice(1).map((s, i) => s - singles[i]);
    for (const g of gaps) {
      expect(g).toBeGreaterThanOrEqual(BLINK_INTERVAL.min);
      expect(g).toBeLessThanOrEqual(BLINK_INTERVAL.max);
    }
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(sd).toBeGreaterThan(0.6);
    expect(new Set(gaps.map((g) => g.toFixed(2))).size).toBeGreaterThan(gaps.length * 0.8);
    const doubles = blinks.filter((b) => b.repeat);
    expect(doubles.length).toBeGreaterThan(0);
    expect(doubles.length).toBeLessThan(singles.length * 0.4);
    for (const d of doubles)
      expect(blinks.some((b) => Math.abs(d.start - b.start - DOUBLE_BLINK.gap) < 1e-9)).toBe(true);
  });

  it('close the lids fully for about 150 ms', () => {
    const b = [{ start: 1, repeat: false }];
    expect(blinkAmount(b, 0.99)).toBe(0);
    expect(blinkAmount(b, 1 + BLINK.close + BLINK.hold / 2)).toBe(1);
    const shut: number[] = [];
    for (let t = 0.9; t < 1.4; t += 0.001) if (blinkAmount(b, t) > 0.05) shut.push(t);
    const length = shut[shut.length - 1] - shut[0];
    expect(length).toBeGreaterThan(0.12);
    expect(length).toBeLessThan(0.18);
  });

  it('differ between seeds and repeat for one', () => {
    expect(blinkSchedule(1, 60)).toEqual(blinkSchedule(1, 60));
    expect(blinkSchedule(1, 60)).not.toEqual(blinkSchedule(2, 60));
  });
});

describe('planMotion', () => {
  const clauses = [
    { text: 'One.', start: 0.3, end: 2, firstWord: 0, endWord: 1 },
    { text: 'Two,', start: 2.6, end: 3.5, firstWord: 1, endWord: 2 },
    { text: 'three.', start: 3.62, end: 5, firstWord: 2, endWord: 3 },
  ];
  const input = { visemes: jittery(6), clauses, duration: 6, fps: 30, seed: 9 };

  it('is deterministic for a seed and varies with it', () => {
    expect(planMotion(SHAPES, input)).toEqual(planMotion(SHAPES, input));
    expect(planMotion(SHAPES, { ...input, seed: 10 })).not.toEqual(planMotion(SHAPES, input));
  });

  it('glances from the script to the camera in the first 0.6 s', () => {
    const s = planMotion(SHAPES, input);
    expect(Math.hypot(...s[0].gaze)).toBeGreaterThan(0.5);
    expect(s[0].head[1]).toBeGreaterThan(4);
    const settled = s[Math.ceil(GLANCE * 30)];
    expect(Math.hypot(...settled.gaze)).toBeLessThan(0.01);
  });

  it('nods at phrase starts, deeper at a new sentence, and breathes', () => {
    const s = planMotion(SHAPES, input);
    const dipNear = (t: number) =>
      Math.max(...s.slice(Math.round(t * 30), Math.round((t + 0.5) * 30)).map((f) => f.head[1]));
    const calm = Math.max(...s.slice(Math.round(1.2 * 30), Math.round(1.8 * 30)).map((f) => f.head[1]));
    expect(dipNear(2.55)).toBeGreaterThan(calm + 4);
    expect(dipNear(3.55)).toBeGreaterThan(calm + 1.5);
    expect(Math.max(...s.map((f) => f.browLift))).toBeGreaterThan(0.9);
    const breath = s.map((f) => f.breath);
    expect(Math.max(...breath) - Math.min(...breath)).toBeGreaterThan(0.5);
  });
});
