import type { PcmAudio } from './wav';

export interface SilenceOptions {
  /** Analysis frame in seconds; speech boundaries are found to this resolution. */
  frame?: number;
  /**
   * Frames whose RMS is below this level (dBFS) are silence. -45 dBFS sits well under the quietest
   * espeak-ng consonants (about -35 dBFS) and well over its digital silence.
   */
  thresholdDb?: number;
}

/** A stretch of samples, `end` exclusive. */
export interface SampleSpan {
  start: number;
  end: number;
}

export interface TrimResult {
  /** The part to keep: the speech plus the margin on both sides, clamped to the audio. */
  keep: SampleSpan;
  /** Where the speech itself begins and ends (sample indices into the untrimmed audio). */
  speech: SampleSpan;
}

const DEFAULT_FRAME = 0.01;
const DEFAULT_THRESHOLD_DB = -45;

export function frameLength(sampleRate: number, frame = DEFAULT_FRAME): number {
  return Math.max(1, Math.round(sampleRate * frame));
}

/** One flag per frame (the last may be short): true where the frame's RMS reaches the threshold. */
export function voicedFrames(audio: PcmAudio, options: SilenceOptions = {}): boolean[] {
  const len = frameLength(audio.sampleRate, options.frame);
  const limit = 32768 * Math.pow(10, (options.thresholdDb ?? DEFAULT_THRESHOLD_DB) / 20);
  const limitSq = limit * limit;
  const { samples } = audio;
  const flags: boolean[] = [];
  for (let start = 0; start < samples.length; start += len) {
    const end = Math.min(start + len, samples.length);
    let sum = 0;
    for (let i = start; i < end; i++) sum += samples[i] * samples[i];
    flags.push(sum / (end - start) >= limitSq);
  }
  return flags;
}

/**
 * The stretches of speech, joining those separated by less than `minSilence` seconds, so a span
 * boundary always means a silence of at least `minSilence`. Boundaries fall on frame edges.
 */
export function speechSpans(audio: PcmAudio, minSilence: number, options: SilenceOptions = {}): SampleSpan[] {
  const len = frameLength(audio.sampleRate, options.frame);
  const flags = voicedFrames(audio, options);
  const n = audio.samples.length;
  // Half a sample of slack so a gap of exactly minSilence counts as one despite float rounding.
  const minGap = minSilence * audio.sampleRate - 0.5;
  const spans: SampleSpan[] = [];
  for (let f = 0; f < flags.length; f++) {
    if (!flags[f]) continue;
    const start = f * len;
    while (f + 1 < flags.length && flags[f + 1]) f++;
    const end = Math.min((f + 1) * len, n);
    const last = spans[spans.length - 1];
    if (last && start - last.end < minGap) last.end = end;
    else spans.push({ start, end });
  }
  return spans;
}

/** Speech segments in seconds, see speechSpans. */
export function speechSegments(
  audio: PcmAudio,
  minSilence: number,
  options: SilenceOptions = {},
): Array<{ start: number; end: number }> {
  return speechSpans(audio, minSilence, options).map((s) => ({
    start: s.start / audio.sampleRate,
    end: s.end / audio.sampleRate,
  }));
}

/**
 * Seconds where speech resumes after a silence of at least `minPause`. The first onset of the audio
 * is always included, however short the silence before it, because the start of the file counts as
 * silence. Resolution is the 10 ms analysis frame.
 */
export function speechOnsets(audio: PcmAudio, minPause = 0.2): number[] {
  return speechSpans(audio, minPause).map((s) => s.start / audio.sampleRate);
}

/** Where to cut leading and trailing silence, keeping `margin` seconds around the speech; null if all silent. */
export function trimSilence(audio: PcmAudio, margin = 0.02, options: SilenceOptions = {}): TrimResult | null {
  const len = frameLength(audio.sampleRate, options.frame);
  const flags = voicedFrames(audio, options);
  const first = flags.indexOf(true);
  if (first < 0) return null;
  const last = flags.lastIndexOf(true);
  const n = audio.samples.length;
  const speech = { start: first * len, end: Math.min((last + 1) * len, n) };
  const pad = Math.round(margin * audio.sampleRate);
  return { keep: { start: Math.max(0, speech.start - pad), end: Math.min(n, speech.end + pad) }, speech };
}
