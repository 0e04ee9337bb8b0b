import type { WordTiming } from '@app/core';
import { ClipwrightError, ErrorCode } from '@app/core';
import type { PcmAudio } from '../wav';
import { alignFeatures, type AlignFeatures, analyseAudio, type FeatureOptions } from './align.features';
import { type DtwOptions, type FeatureFrames, halve, warpPath, type WarpPath } from './dtw';

/** A reading whose word times are known: what the target is aligned against. */
export interface ReferenceReading {
  audio: PcmAudio;
  /** In order, times in seconds from the start of `audio`. */
  words: readonly WordTiming[];
}

export interface AlignOptions {
  features?: FeatureOptions;
  dtw?: DtwOptions;
  /** Frames quieter than this (dB under the loudest) are pause, for moving word edges out of pauses. */
  pauseDb?: number;
  /** Seconds of silence in the target that no word may span (a stop closure is shorter). */
  minPause?: number;
  /**
   * Filterbank warps tried on the target (vocal tract length normalisation): the one whose path has
   * the smallest mean distance wins. A reporter's voice and the synthetic reference differ most in
   * formant frequencies (a woman's sit 15–20 % higher than a man's), which plain MFCCs keep.
   */
  warps?: readonly number[];
}

export interface WordAlignment {
  /** The reference's words with times in the target audio. */
  words: WordTiming[];
  /** Seconds of target audio. */
  duration: number;
  /** Mean local distance along the path (normalised features): high when the two readings differ. */
  meanDistance: number;
  /** The filterbank warp that matched the target best (above 1: higher formants than the reference). */
  warp: number;
}

export const DEFAULT_WARPS: readonly number[] = [0.84, 0.92, 1, 1.08, 1.16, 1.24, 1.32];

/**
 * Forced alignment by dynamic time warping: the target (a recording of the same text) is warped onto
 * a reference reading whose word times are known (a synthesised one), and each reference word's
 * first and last frame are carried across the path. A word edge that lands in a pause of the target
 * (a pause the reference did not have) is moved to where the target's speech resumes or stops, since
 * the path cannot tell which side of an inserted silence a boundary belongs to.
 */
export function alignToReference(
  reference: ReferenceReading,
  target: PcmAudio,
  options: AlignOptions = {},
): WordAlignment {
  if (reference.words.length === 0) {
    throw new ClipwrightError(ErrorCode.Internal, 'Nothing to align: the reference has no words');
  }
  const pauseDb = options.pauseDb ?? 40;
  const ref = withPauses(alignFeatures(reference.audio, options.features), pauseDb);
  // The warp is chosen on quarter-rate features (40 ms frames): cheap, and plenty to tell voices apart.
  const analysed = analyseAudio(target, options.features?.hop);
  if (analysed.spectrum.frames < 2) {
    throw new ClipwrightError(ErrorCode.InvalidArgument, 'The recording is too short to align', {
      path: 'recording',
    });
  }
  const coarseRef = halve(halve(ref));
  let best: { warp: number; distance: number } | undefined;
  for (const warp of options.warps ?? DEFAULT_WARPS) {
    const coarse = halve(halve(withPauses(alignFeatures(analysed, { ...options.features, warp }), pauseDb)));
    const distance = meanDistance(coarseRef, coarse, warpPath(coarseRef, coarse, options.dtw));
    if (!best || distance < best.distance) best = { warp, distance };
  }
  if (!best) throw new ClipwrightError(ErrorCode.Internal, 'No filterbank warp to try');
  const tgt = withPauses(alignFeatures(analysed, { ...options.features, warp: best.warp }), pauseDb);
  const path = warpPath(ref, tgt, options.dtw);
  const duration = target.samples.length / target.sampleRate;
  const words = carryWords(reference.words, ref, tgt, path, duration, options.minPause ?? 0.15);
  return { words, duration, meanDistance: meanDistance(ref, tgt, path), warp: best.warp };
}

/** Runs of at least `minFrames` pause frames, [start, end) in frames. */
function pauseRuns(pause: Uint8Array, minFrames: number): Array<{ start: number; end: number }> {
  const runs: Array<{ start: number; end: number }> = [];
  for (let f = 0; f < pause.length; f++) {
    if (!pause[f]) continue;
    const start = f;
    while (f < pause.length && pause[f]) f++;
    if (f - start >= minFrames) runs.push({ start, end: f });
  }
  return runs;
}

function voicedIn(pause: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let f = Math.max(0, from); f < Math.min(to, pause.length); f++) if (!pause[f]) n++;
  return n;
}

function withPauses(f: AlignFeatures, pauseDb: number): AlignFeatures & { pause: Uint8Array } {
  const pause = new Uint8Array(f.frames);
  for (let i = 0; i < f.frames; i++) pause[i] = f.levelDb[i] <= -pauseDb ? 1 : 0;
  return { ...f, pause };
}

/** Per reference frame, the first and last target frame the path pairs it with. */
function spans(path: WarpPath, frames: number): { first: Int32Array; last: Int32Array } {
  const first = new Int32Array(frames).fill(-1);
  const last = new Int32Array(frames).fill(-1);
  for (let k = 0; k < path.a.length; k++) {
    const i = path.a[k];
    if (first[i] < 0) first[i] = path.b[k];
    last[i] = path.b[k];
  }
  return { first, last };
}

function carryWords(
  words: readonly WordTiming[],
  ref: AlignFeatures,
  tgt: AlignFeatures & { pause: Uint8Array },
  path: WarpPath,
  duration: number,
  minPause: number,
): WordTiming[] {
  const { first, last } = spans(path, ref.frames);
  const frameOf = (t: number): number =>
    Math.min(ref.frames - 1, Math.max(0, Math.round(t / ref.frameSeconds)));
  const raw = words.map((w) => {
    const a = frameOf(w.start);
    const z = Math.max(a, frameOf(w.end) - 1);
    return { start: first[a], end: last[z] + 1 };
  });
  // A pause of the target that the path put inside a word (the reference runs on where the reporter
  // stopped) is moved between words: people pause between words, not inside them. The word keeps
  // the side of the pause where more of its speech is.
  for (const run of pauseRuns(tgt.pause, Math.round(minPause / tgt.frameSeconds))) {
    let k = raw.findIndex((r) => r.end > run.start);
    if (k < 0) continue;
    const r = raw[k];
    if (r.start < run.start && voicedIn(tgt.pause, r.start, run.start) >= voicedIn(tgt.pause, run.end, r.end))
      k++;
    for (let j = 0; j < raw.length; j++) {
      if (j < k) raw[j].end = Math.min(raw[j].end, run.start);
      else raw[j].start = Math.max(raw[j].start, run.end);
    }
  }
  // Shorter silences at a word's edges: an onset moves to where speech resumes, an end back to where
  // it stopped, never past the word's other edge.
  for (const r of raw) {
    let s = r.start;
    while (s < r.end - 1 && s < tgt.frames - 1 && tgt.pause[s]) s++;
    let e = r.end;
    while (e > s + 1 && e - 1 < tgt.frames && tgt.pause[e - 1]) e--;
    r.start = s;
    r.end = Math.max(e, s);
  }
  const out: WordTiming[] = [];
  let floor = 0;
  raw.forEach((r, k) => {
    const start = Math.min(duration, Math.max(floor, r.start * tgt.frameSeconds));
    const end = Math.min(duration, Math.max(start, r.end * tgt.frameSeconds));
    // A word ends where the next begins at the latest; onsets never go back in time.
    if (out.length > 0 && out[out.length - 1].end > start) out[out.length - 1].end = start;
    out.push({ text: words[k].text, start, end });
    floor = start;
  });
  return out;
}

function meanDistance(a: FeatureFrames, b: FeatureFrames, path: WarpPath): number {
  let total = 0;
  for (let k = 0; k < path.a.length; k++) {
    let s = 0;
    for (let d = 0; d < a.dims; d++) {
      const diff = a.data[path.a[k] * a.dims + d] - b.data[path.b[k] * b.dims + d];
      s += diff * diff;
    }
    total += Math.sqrt(s);
  }
  return total / path.a.length;
}
