import { ClipwrightError, ErrorCode } from '@app/core';
import { seconds, WRITE_ARGS } from './encode.settings';

function unreadable(what: string): ClipwrightError {
  return new ClipwrightError(ErrorCode.FfmpegFailed, `ffmpeg's ${what}`);
}

/**
 * Loudness to EBU R128: a two-pass loudnorm (measure, then apply linearly with the measured values,
 * so the whole reading gets one gain) on the speech alone — seconds of audio, cheap — before the
 * picture is encoded. The finished file is then measured again with ebur128 for the manifest.
 */
export interface LoudnessTarget {
  /** Integrated loudness, LUFS (-23 broadcast, -14/-16 social). */
  integrated: number;
  /** Ceiling for the true peak, dBTP. */
  truePeak: number;
  /** Loudness range target, LU. */
  range: number;
}

export interface LoudnormMeasurement {
  input_i: string;
  input_tp: string;
  input_lra: string;
  input_thresh: string;
  target_offset: string;
}

/** AAC encoding can add a few tenths of a dB of true peak: aim below the ceiling by this margin. */
export const TRUE_PEAK_MARGIN = 1;

function loudnormTarget(t: LoudnessTarget): string {
  return `I=${t.integrated}:TP=${t.truePeak - TRUE_PEAK_MARGIN}:LRA=${t.range}`;
}

export function buildLoudnormMeasureArgs(input: string, target: LoudnessTarget): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-i',
    input,
    '-af',
    `loudnorm=${loudnormTarget(target)}:print_format=json`,
    '-f',
    'null',
    '-',
  ];
}

/** The JSON block loudnorm prints at the end of its log. */
export function parseLoudnormJson(log: string): LoudnormMeasurement {
  const start = log.lastIndexOf('{');
  const end = log.lastIndexOf('}');
  if (start < 0 || end < start) throw unreadable('loudnorm printed no measurement');
  const parsed = JSON.parse(log.slice(start, end + 1)) as Partial<LoudnormMeasurement>;
  for (const key of ['input_i', 'input_tp', 'input_lra', 'input_thresh', 'target_offset'] as const) {
    if (typeof parsed[key] !== 'string') throw unreadable(`loudnorm measurement lacks ${key}`);
  }
  return parsed as LoudnormMeasurement;
}

/**
 * Second pass: apply the gain, resample to the delivery format, place the speech at `delay` seconds
 * and pad the track to exactly `duration`.
 */
export function buildAudioMasterArgs(
  input: string,
  output: string,
  target: LoudnessTarget,
  measured: LoudnormMeasurement,
  delay: number,
  duration: number,
): string[] {
  const loudnorm =
    `loudnorm=${loudnormTarget(target)}` +
    `:measured_I=${measured.input_i}:measured_TP=${measured.input_tp}` +
    `:measured_LRA=${measured.input_lra}:measured_thresh=${measured.input_thresh}` +
    `:offset=${measured.target_offset}:linear=true`;
  const delayMs = Math.round(delay * 1000);
  return [
    ...WRITE_ARGS,
    '-i',
    input,
    '-af',
    `${loudnorm},aresample=48000,aformat=sample_fmts=s16:channel_layouts=stereo,adelay=${delayMs}:all=1,apad=whole_dur=${seconds(duration)}`,
    '-t',
    seconds(duration),
    '-c:a',
    'pcm_s16le',
    '-f',
    'wav',
    output,
  ];
}

/**
 * Several narrations on one voice track: each file placed `delay` seconds after the first one
 * starts, summed (they never overlap, so nothing is scaled), at the first file's sample format.
 */
export function buildVoiceTrackArgs(clips: { file: string; delay: number }[], output: string): string[] {
  const inputs = clips.flatMap((c) => ['-i', c.file]);
  const placed = clips.map(
    (c, i) => `[${i}:a]aresample=48000,adelay=${Math.round(c.delay * 1000)}:all=1[a${i}]`,
  );
  const mix = `${clips.map((_, i) => `[a${i}]`).join('')}amix=inputs=${clips.length}:normalize=0:duration=longest:dropout_transition=0[voice]`;
  return [
    ...WRITE_ARGS,
    ...inputs,
    '-filter_complex',
    [...placed, mix].join(';'),
    '-map',
    '[voice]',
    '-c:a',
    'pcm_s16le',
    '-f',
    'wav',
    output,
  ];
}

/** The mastered track of a clip with no voice: silence of the delivery format, `duration` seconds. */
export function buildSilenceArgs(output: string, duration: number): string[] {
  return [
    ...WRITE_ARGS,
    '-f',
    'lavfi',
    '-i',
    'anullsrc=r=48000:cl=stereo',
    '-t',
    seconds(duration),
    '-c:a',
    'pcm_s16le',
    '-f',
    'wav',
    output,
  ];
}

export function buildEbur128Args(input: string): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-i',
    input,
    '-map',
    '0:a:0',
    '-af',
    'ebur128=peak=true:framelog=verbose',
    '-f',
    'null',
    '-',
  ];
}

export interface LoudnessMeasurement {
  integrated: number;
  truePeak: number;
  range: number;
}

/** The "Summary:" block ebur128 prints last (ITU-R BS.1770-4 integrated loudness, true peak). */
export function parseEbur128Summary(log: string): LoudnessMeasurement {
  const summary = log.slice(log.lastIndexOf('Summary:'));
  const num = (re: RegExp): number => {
    const m = re.exec(summary);
    if (!m) throw unreadable(`ebur128 summary lacks ${re.source}`);
    return m[1] === '-inf' ? -Infinity : Number(m[1]);
  };
  return {
    integrated: num(/I:\s+(-?[\d.]+|-inf) LUFS/),
    range: num(/LRA:\s+(-?[\d.]+|-inf) LU/),
    truePeak: num(/Peak:\s+(-?[\d.]+|-inf) dBFS/),
  };
}

/**
 * Delivery loudness per output: `broadcast` is EBU R128 (-23 LUFS, ±1 LU), `web` -16 LUFS (the
 * AES TD1004 streaming recommendation), `social` -14 LUFS (what the large video platforms normalise
 * to); every one keeps the true peak at or below -1 dBTP.
 */
export const LOUDNESS_PRESETS = {
  broadcast: { integrated: -23, truePeak: -1, range: 11 },
  web: { integrated: -16, truePeak: -1, range: 11 },
  social: { integrated: -14, truePeak: -1, range: 11 },
} as const satisfies Record<string, LoudnessTarget>;
export type LoudnessPreset = keyof typeof LOUDNESS_PRESETS;
export const LOUDNESS_PRESET_NAMES = Object.keys(LOUDNESS_PRESETS) as LoudnessPreset[];

/** True for a preset's name (`broadcast`, `web`, `social`). */
export function isLoudnessPreset(name: unknown): name is LoudnessPreset {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(LOUDNESS_PRESETS, name);
}

/**
 * The peak ceiling (dBFS) a source must be limited to before loudnorm can reach `target` with one
 * linear gain, or undefined when it needs no limiting: with gain g = target I - measured I, the
 * true peak after the gain is measured TP + g, which must stay under the ceiling (less the AAC
 * margin). Without this, loudnorm drops to its dynamic mode and lands short of the target on a
 * peaky mix (a voice over a bed, -14 LUFS).
 */
export function peakCeilingFor(measured: LoudnormMeasurement, target: LoudnessTarget): number | undefined {
  const gain = target.integrated - Number(measured.input_i);
  const ceiling = target.truePeak - TRUE_PEAK_MARGIN - gain;
  return Number(measured.input_tp) > ceiling ? Math.max(-24, ceiling) : undefined;
}

/**
 * A lookahead peak limiter (ffmpeg `alimiter`, delay compensated, no auto level) holding `ceiling`
 * dBFS, written as 32-bit float WAV for the loudness pass that follows.
 */
export function buildPeakLimitArgs(input: string, output: string, ceiling: number): string[] {
  const limit = Math.round(10 ** (ceiling / 20) * 1e4) / 1e4;
  return [
    ...WRITE_ARGS,
    '-i',
    input,
    '-af',
    `alimiter=limit=${limit}:attack=5:release=50:level=false:latency=1`,
    '-c:a',
    'pcm_f32le',
    '-f',
    'wav',
    output,
  ];
}
