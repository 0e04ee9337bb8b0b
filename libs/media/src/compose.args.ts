import { EncodeSettings, encodeOutputArgs, seconds } from './encode.settings';

/**
 * A compiled timeline for one output: a full-frame still underneath, stills overlaid in time
 * windows (with fades and slides), captions burned in from an ASS file, and one mastered audio
 * track. Every path is a plain file name inside the folder ffmpeg runs in (the executor's cwd), so
 * no path ever needs filter-graph escaping.
 */
export interface ComposeTimeline {
  width: number;
  height: number;
  fps: number;
  duration: number;
  background: string;
  overlays: OverlayLayer[];
  /** ASS file burned in by libass; fontsDir is searched before the system fonts. */
  subtitles?: { file: string; fontsDir?: string };
  audio: string;
  /** Container metadata (e.g. the AI-generation disclosure) written into the MP4. */
  metadata: Record<string, string>;
  output: string;
}

export interface OverlayLayer {
  /** A still (PNG) in the working folder, or STDIN_VIDEO for the raw video stream described by `stream`. */
  file: string;
  /** For the one moving layer (the presenter): RGBA frames of this size piped to ffmpeg's stdin. */
  stream?: { width: number; height: number; scaleTo?: { width: number; height: number } };
  x: number;
  y: number;
  start: number;
  end: number;
  fadeIn: number;
  fadeOut: number;
  /** Slide in from this many pixels to the left (negative) or right (positive) of x, over `slideSeconds`. */
  slideFromX: number;
  slideSeconds: number;
}

const SAFE_NAME = /^[A-Za-z0-9._-]+$/;
/** The input name of the frames the executor writes to ffmpeg's stdin. */
export const STDIN_VIDEO = 'pipe:0';

function assertSafeName(name: string): string {
  // A name with ':' '[' ',' or quotes would need filter-graph escaping; we only ever pass our own names.
  if (!SAFE_NAME.test(name)) throw new Error(`compose: unsafe file name for a filter graph: ${name}`);
  return name;
}

/**
 * The filter graph. Each still is decoded once and repeated with `loop` (size=1) after its format
 * conversion, so per-frame work is only the overlays' blending and the caption burn-in: the
 * "draw once, move with cheap transforms" rule from the architecture.
 */
export function buildComposeFilter(t: ComposeTimeline): string {
  const fps = t.fps;
  const frames = Math.ceil(t.duration * fps);
  const chains: string[] = [
    `[0:v]format=yuv420p,loop=loop=${frames}:size=1:start=0,setpts=N/${fps}/TB,trim=end_frame=${frames}[base]`,
  ];
  let current = 'base';
  t.overlays.forEach((o, i) => {
    const input = i + 1;
    const count = Math.max(1, Math.round((o.end - o.start) * fps));
    const label = `ov${i}`;
    // A still is repeated with loop; a stream already has its frames and only needs its place in time.
    const filters = o.stream
      ? [
          ...(o.stream.scaleTo ? [`scale=${o.stream.scaleTo.width}:${o.stream.scaleTo.height}`] : []),
          'format=yuva420p',
          `setpts=N/${fps}/TB+${seconds(o.start)}/TB`,
        ]
      : [
          'format=yuva420p',
          `loop=loop=${count - 1}:size=1:start=0`,
          `setpts=N/${fps}/TB+${seconds(o.start)}/TB`,
        ];
    if (o.fadeIn > 0) filters.push(`fade=t=in:st=${seconds(o.start)}:d=${seconds(o.fadeIn)}:alpha=1`);
    if (o.fadeOut > 0)
      filters.push(`fade=t=out:st=${seconds(o.end - o.fadeOut)}:d=${seconds(o.fadeOut)}:alpha=1`);
    chains.push(`[${input}:v]${filters.join(',')}[${label}]`);
    const x =
      o.slideFromX !== 0 && o.slideSeconds > 0
        ? // ease-out cubic from (x + slideFromX) to x
          `'if(lt(t,${seconds(o.start + o.slideSeconds)}),${o.x}+${o.slideFromX}*pow(1-(t-${seconds(o.start)})/${seconds(o.slideSeconds)},3),${o.x})'`
        : String(o.x);
    const next = `v${i}`;
    chains.push(`[${current}][${label}]overlay=x=${x}:y=${o.y}:eof_action=pass:format=yuv420[${next}]`);
    current = next;
  });
  if (t.subtitles) {
    const fonts = t.subtitles.fontsDir ? `:fontsdir=${assertSafeName(t.subtitles.fontsDir)}` : '';
    chains.push(`[${current}]subtitles=filename=${assertSafeName(t.subtitles.file)}${fonts}[subs]`);
    current = 'subs';
  }
  chains.push(`[${current}]format=yuv420p[vout]`);
  return chains.join(';');
}

/** The whole ffmpeg invocation for one output, as an argument array (no shell involved). */
export function buildComposeArgs(t: ComposeTimeline, encode: EncodeSettings): string[] {
  const inputs: string[] = ['-i', assertSafeName(t.background)];
  const streams = t.overlays.filter((o) => o.stream);
  if (streams.length > 1) throw new Error('compose: only one streamed layer can come through stdin');
  for (const o of t.overlays) {
    if (o.stream) {
      inputs.push(
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgba',
        '-s',
        `${o.stream.width}x${o.stream.height}`,
        '-framerate',
        String(t.fps),
        '-i',
        STDIN_VIDEO,
      );
    } else inputs.push('-i', assertSafeName(o.file));
  }
  inputs.push('-i', assertSafeName(t.audio));
  const audioIndex = t.overlays.length + 1;
  const metadata = Object.entries(t.metadata).flatMap(([k, v]) => ['-metadata', `${k}=${v}`]);
  return [
    '-hide_banner',
    '-nostdin',
    '-y',
    '-nostats',
    '-progress',
    'pipe:1',
    ...inputs,
    '-filter_complex',
    buildComposeFilter(t),
    '-map',
    '[vout]',
    '-map',
    `${audioIndex}:a:0`,
    ...encodeOutputArgs(encode, t.fps, t.duration),
    ...metadata,
    '-f',
    'mp4',
    assertSafeName(t.output),
  ];
}

/**
 * The benchmark's reference: a bare encode of ffmpeg's own test source, same size, length and
 * encoder settings, with a tone for audio. Our render time is reported as a ratio to this.
 */
export function buildBareEncodeArgs(
  width: number,
  height: number,
  fps: number,
  duration: number,
  encode: EncodeSettings,
  output: string,
): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-y',
    '-nostats',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${width}x${height}:rate=${fps}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=48000`,
    ...encodeOutputArgs(encode, fps, duration),
    '-f',
    'mp4',
    output,
  ];
}

export { seconds };
