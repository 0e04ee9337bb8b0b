import { ClipwrightError, ErrorCode } from '@app/core';
/**
 * Delivery encode for every output. One object so the benchmark's bare encode uses exactly the
 * same settings as a render. H.264 High / yuv420p / AAC 48 kHz stereo with moov first (faststart).
 */
export interface EncodeSettings {
  preset: string;
  crf: number;
  profile: 'high';
  pixFmt: 'yuv420p';
  /** Keyframe interval in seconds (2 s is what streaming platforms ask for). */
  keyframeSeconds: number;
  audioBitrate: string;
  audioSampleRate: 48000;
  audioChannels: 2;
}

export const defaultEncodeSettings: EncodeSettings = {
  preset: 'veryfast',
  crf: 20,
  profile: 'high',
  pixFmt: 'yuv420p',
  keyframeSeconds: 2,
  audioBitrate: '192k',
  audioSampleRate: 48000,
  audioChannels: 2,
};

/** x264's presets, fastest first (`x264 --fullhelp`): a faster one makes a bigger file at the same CRF. */
export const X264_PRESETS = [
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
  'slower',
  'veryslow',
] as const;

/**
 * The delivery encode with the operator's choice from the environment: CLIPWRIGHT_ENCODE_PRESET, an
 * x264 preset (default veryfast; `ultrafast` trades file size for about a third of the CPU, and is
 * Constrained Baseline, not High, since it drops CABAC and the 8x8 transform; the medium test tier
 * uses it; `medium` goes the other way). Read once at the edge (CLI, worker), like
 * the tool paths. Throws INVALID_ARGUMENT on the variable for a value that is not a preset.
 */
export function encodeSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): EncodeSettings {
  const preset = env.CLIPWRIGHT_ENCODE_PRESET;
  if (preset === undefined) return defaultEncodeSettings;
  if (!(X264_PRESETS as readonly string[]).includes(preset)) {
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `CLIPWRIGHT_ENCODE_PRESET must be one of ${X264_PRESETS.join(', ')}; got "${preset}"`,
      { path: 'CLIPWRIGHT_ENCODE_PRESET' },
    );
  }
  return { ...defaultEncodeSettings, preset };
}
/** The stream tags of BT.709 pictures (ITU-R BT.709-6 primaries, transfer and matrix). */
export const BT709_TAGS: readonly string[] = [
  '-color_primaries',
  'bt709',
  '-color_trc',
  'bt709',
  '-colorspace',
  'bt709',
];

/**
 * Output-side arguments shared by renders and the benchmark's bare encode. `rate` is frames per
 * second (30) or a fraction ("30000/1001"). The stream and the container are tagged BT.709 with
 * limited range (ITU-R BT.709-6), which is what the compose graph converts to.
 */
export function encodeOutputArgs(s: EncodeSettings, rate: number | string, duration: number): string[] {
  const fps =
    typeof rate === 'number'
      ? rate
      : rate
          .split('/')
          .map(Number)
          .reduce((a, b) => a / b);
  return [
    '-c:v',
    'libx264',
    '-preset',
    s.preset,
    '-crf',
    String(s.crf),
    '-profile:v',
    s.profile,
    '-pix_fmt',
    s.pixFmt,
    '-r',
    String(rate),
    '-g',
    String(Math.round(fps * s.keyframeSeconds)),
    ...BT709_TAGS,
    '-color_range',
    'tv',
    '-c:a',
    'aac',
    '-b:a',
    s.audioBitrate,
    '-ar',
    String(s.audioSampleRate),
    '-ac',
    String(s.audioChannels),
    '-t',
    seconds(duration),
    '-movflags',
    '+faststart',
  ];
}

/** Seconds with millisecond precision, no trailing zeros, as ffmpeg options want them. */
export function seconds(t: number): string {
  return String(Math.round(t * 1000) / 1000);
}

/** How every ffmpeg run that writes a file starts: no banner, no stdin, overwrite, no stats line. */
export const WRITE_ARGS: readonly string[] = ['-hide_banner', '-nostdin', '-y', '-nostats'];
