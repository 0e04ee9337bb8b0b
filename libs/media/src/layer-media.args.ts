import { ClipwrightError, ErrorCode } from '@app/core';
import { rateText, type Timeline, type TimelineLayer } from '@app/timeline';
import { rawRgbaInput, STDIN_VIDEO } from './compose.args';
import { viewFilter } from './compose.graph';
import { BT709_TAGS, WRITE_ARGS } from './encode.settings';

const SAFE_PATH = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/** A relative path of generated names under ffmpeg's working folder: no `..`, no absolute path, no quoting needed. */
export function assertSafePath(relative: string): string {
  if (!SAFE_PATH.test(relative)) {
    throw new ClipwrightError(ErrorCode.Internal, `layer media: unsafe relative path: ${relative}`);
  }
  return relative;
}

/** A transparent canvas of the whole frame with the layer's picture (label `l`) laid at its rest position. */
function onCanvas(t: Timeline, l: TimelineLayer, frames?: number): string {
  const { width, height } = t.frame;
  const canvas = `color=c=black@0:s=${width}x${height}:r=${rateText(t.rate)},format=rgba${frames ? `,trim=end_frame=${frames}` : ''}[c]`;
  return `${canvas};[c][l]overlay=x=${l.rect.x}:y=${l.rect.y}:format=auto:eof_action=endall`;
}

/**
 * A still layer as a full-frame PNG with alpha (the NLE exports' picture of a graphic): the drawn
 * still laid on a transparent canvas at its rest place, so an editor's suite needs no transform.
 */
export function buildLayerStillArgs(t: Timeline, l: TimelineLayer, output: string): string[] {
  if (l.media.type !== 'still')
    throw new ClipwrightError(ErrorCode.Internal, `layer media: ${l.id} is not a still`);
  return [
    ...WRITE_ARGS,
    '-i',
    assertSafePath(l.media.file),
    '-filter_complex',
    `[0:v]format=rgba[l];${onCanvas(t, l, 1)},format=rgba[v]`,
    '-map',
    '[v]',
    '-frames:v',
    '1',
    '-update',
    '1',
    '-f',
    'image2',
    assertSafePath(output),
  ];
}

/**
 * A layer that moves or streams as a full-frame ProRes 4444 clip with alpha (`prores_ks -profile:v
 * 4444`, yuva444p10le, BT.709 tagged), `window` frames long from its window start: a still with a
 * view move (Ken Burns, pans: the compose graph's `perspective`, so the export moves exactly as the
 * clip), the presenter's frames (raw RGBA on stdin, `stream`) or a clip made earlier (`video`),
 * each scaled to its rect and laid at its place on a transparent canvas.
 */
export function buildLayerMovieArgs(t: Timeline, l: TimelineLayer, output: string): string[] {
  const n = l.window.end - l.window.start;
  const rate = rateText(t.rate);
  const m = l.media;
  let inputs: string[];
  let source: string;
  if (m.type === 'still') {
    inputs = ['-framerate', rate, '-i', assertSafePath(m.file)];
    source = [
      'format=rgba',
      `loop=loop=${n - 1}:size=1:start=0`,
      `setpts=N*${t.rate.den}/${t.rate.num}/TB`,
      ...viewFilter(l.motion, n),
    ].join(',');
  } else if (m.type === 'stream') {
    inputs = rawRgbaInput(m.width, m.height, rate, STDIN_VIDEO);
    source = `scale=${l.rect.width}:${l.rect.height},format=rgba,trim=end_frame=${n}`;
  } else if (m.type === 'video') {
    inputs = ['-i', assertSafePath(m.file)];
    source = `scale=${l.rect.width}:${l.rect.height},format=rgba,trim=end_frame=${n},setpts=N*${t.rate.den}/${t.rate.num}/TB`;
  } else {
    throw new ClipwrightError(ErrorCode.Internal, `layer media: ${l.id} (${m.type}) has no picture`);
  }
  return [
    ...WRITE_ARGS,
    ...inputs,
    '-filter_complex',
    `[0:v]${source}[l];${onCanvas(t, l, n)},scale=out_color_matrix=bt709:out_range=tv,format=yuva444p10le[v]`,
    '-map',
    '[v]',
    '-frames:v',
    String(n),
    '-c:v',
    'prores_ks',
    '-profile:v',
    '4444',
    '-pix_fmt',
    'yuva444p10le',
    '-vendor',
    'apl0',
    ...BT709_TAGS,
    '-r',
    rate,
    '-f',
    'mov',
    assertSafePath(output),
  ];
}

/** A sound file as the 48 kHz 24-bit PCM WAV editors' suites take without conversion. */
export function buildWav48kArgs(input: string, output: string): string[] {
  return [
    ...WRITE_ARGS,
    '-i',
    assertSafePath(input),
    '-map',
    '0:a:0',
    '-ar',
    '48000',
    '-c:a',
    'pcm_s24le',
    '-f',
    'wav',
    assertSafePath(output),
  ];
}
