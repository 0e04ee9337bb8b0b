import { assertSafeName } from './compose.graph';
import { seconds, WRITE_ARGS } from './encode.settings';

/** A b-roll clip made ready for the compose graph: trimmed, at the timeline's rate, bounded in size. */
export interface ClipCut {
  /** The file as the template or data gave it (a plain name in the working folder). */
  input: string;
  /** Seconds into the file where the clip starts (its trim in-point). */
  from: number;
  /** Seconds of the file kept from `from`. */
  seconds: number;
  /** Frames per second of the timeline ("30/1"). */
  rate: string;
  /** Frames to hold the last picture on for, after the clip (a clip shorter than its window). */
  hold: number;
  /** Longest side in pixels: larger clips are scaled down once here, not on every output. */
  maxSide: number;
  /** H.264 intermediate (near-lossless). */
  output: string;
  /** The clip's own sound as 48 kHz stereo PCM, when it is to be mixed. */
  audioOutput?: string;
}

/**
 * Trims a clip, converts it to the timeline's rate (whole frames, so the graph can count them),
 * scales it down to `maxSide` and holds its last frame for `hold` frames; its sound, if asked, goes
 * to a WAV of the same stretch. The intermediate is near-lossless H.264 (CRF 12): every output
 * scales it once more, and the delivery encode is the only visible one.
 */
export function buildClipCutArgs(c: ClipCut): string[] {
  const scale = `scale=w='min(iw,${c.maxSide})':h='min(ih,${c.maxSide})':force_original_aspect_ratio=decrease:force_divisible_by=2`;
  const hold = c.hold > 0 ? [`tpad=stop_mode=clone:stop=${c.hold}`] : [];
  return [
    ...WRITE_ARGS,
    '-ss',
    seconds(c.from),
    '-t',
    seconds(c.seconds),
    '-i',
    assertSafeName(c.input),
    '-map',
    '0:v:0',
    '-vf',
    [`fps=${c.rate}`, scale, ...hold].join(','),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '12',
    '-pix_fmt',
    'yuv420p',
    '-an',
    '-f',
    'mp4',
    assertSafeName(c.output),
    ...(c.audioOutput
      ? [
          '-map',
          '0:a:0',
          '-vn',
          '-ac',
          '2',
          '-ar',
          '48000',
          '-c:a',
          'pcm_s16le',
          '-f',
          'wav',
          assertSafeName(c.audioOutput),
        ]
      : []),
  ];
}

/**
 * A cut clip repeated from its start until it lasts `seconds` (stream copy: nothing re-encoded),
 * and its sound with it when there is one.
 */
export function buildClipLoopArgs(c: {
  video: string;
  audio?: string;
  seconds: number;
  output: string;
  audioOutput?: string;
}): string[] {
  const t = seconds(c.seconds);
  const withAudio = c.audio && c.audioOutput;
  return [
    ...WRITE_ARGS,
    '-stream_loop',
    '-1',
    '-i',
    assertSafeName(c.video),
    ...(withAudio ? ['-stream_loop', '-1', '-i', assertSafeName(c.audio!)] : []),
    '-map',
    '0:v:0',
    '-t',
    t,
    '-c',
    'copy',
    '-f',
    'mp4',
    assertSafeName(c.output),
    ...(withAudio
      ? ['-map', '1:a:0', '-t', t, '-c:a', 'pcm_s16le', '-f', 'wav', assertSafeName(c.audioOutput!)]
      : []),
  ];
}
