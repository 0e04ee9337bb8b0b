import { rateText, secondsOf, type Timeline, type TimelineLayer } from '@app/timeline';
import { assertSafeName, buildComposeGraph } from './compose.graph';
import { EncodeSettings, encodeOutputArgs, WRITE_ARGS } from './encode.settings';

/** The input name of the frames the runner writes to ffmpeg's stdin; later streams are `pipe:3`, `pipe:4`, ... */
export const STDIN_VIDEO = 'pipe:0';

/** One output to encode: its timeline, the mastered sound, and where it goes. */
export interface ComposeJob {
  timeline: Timeline;
  /** The mastered audio of the whole clip (a WAV in the working folder). */
  audio: string;
  /** Container metadata (the AI-generation disclosure) written into the MP4. */
  metadata: Record<string, string>;
  output: string;
}

export interface ComposeCommand {
  args: string[];
  /** The `stream` layers in the order their frames must be piped: stdin first, then fd 3, 4, ... */
  streams: TimelineLayer[];
}

/** An input of raw RGBA frames (`width` x `height`, at `rate`) read from a pipe. */
export function rawRgbaInput(width: number, height: number, rate: string, pipe: string): string[] {
  return ['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${width}x${height}`, '-framerate', rate, '-i', pipe];
}

/**
 * The whole ffmpeg invocation for one output, as an argument array (no shell involved). Every file
 * is a plain name in ffmpeg's working folder; stills are read at the clip's rate (one frame, looped
 * in the graph); streamed layers are raw RGBA on stdin and the extra pipes.
 */
export function buildComposeCommand(job: ComposeJob, encode: EncodeSettings): ComposeCommand {
  const t = job.timeline;
  const rate = rateText(t.rate);
  const inputs: string[] = [];
  const index = new Map<TimelineLayer, number>();
  const streams: TimelineLayer[] = [];
  let n = 0;
  for (const layer of t.layers) {
    const m = layer.media;
    if (m.type === 'subtitles') {
      assertSafeName(m.file);
      continue;
    }
    if (m.type === 'still') inputs.push('-framerate', rate, '-i', assertSafeName(m.file));
    else if (m.type === 'video') inputs.push('-i', assertSafeName(m.file));
    else {
      const pipe = streams.length === 0 ? STDIN_VIDEO : `pipe:${streams.length + 2}`;
      streams.push(layer);
      inputs.push(...rawRgbaInput(m.width, m.height, rate, pipe));
    }
    index.set(layer, n++);
  }
  inputs.push('-i', assertSafeName(job.audio));
  const metadata = Object.entries(job.metadata).flatMap(([k, v]) => ['-metadata', `${k}=${v}`]);
  const args = [
    ...WRITE_ARGS,
    '-progress',
    'pipe:1',
    ...inputs,
    '-filter_complex',
    buildComposeGraph(t, index),
    '-map',
    '[vout]',
    '-map',
    `${n}:a:0`,
    ...encodeOutputArgs(encode, rate, secondsOf(t.duration, t.rate)),
    ...metadata,
    '-f',
    'mp4',
    assertSafeName(job.output),
  ];
  return { args, streams };
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
    ...WRITE_ARGS,
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

/**
 * A clip made once per job and read by every output (the lip-synced presenter): raw RGBA frames from
 * stdin kept losslessly (FFV1, RGB) so scaling it per output loses nothing twice.
 */
export function buildLosslessEncodeArgs(o: {
  width: number;
  height: number;
  rate: Timeline['rate'];
  output: string;
}): string[] {
  return [
    ...WRITE_ARGS,
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgba',
    '-s',
    `${o.width}x${o.height}`,
    '-framerate',
    rateText(o.rate),
    '-i',
    STDIN_VIDEO,
    '-c:v',
    'ffv1',
    '-level',
    '3',
    '-pix_fmt',
    'bgr0',
    '-f',
    'matroska',
    assertSafeName(o.output),
  ];
}
