import { buildProbeArgs, parseProbeJson, ProbeResult } from './probe';
import { ProcessRunner, type Runner } from './process.runner';

export interface FfmpegRunOptions {
  /** Folder ffmpeg runs in; compose timelines name their files relative to it. */
  cwd?: string;
  signal?: AbortSignal;
  /** Expected output seconds, to turn `out_time` into a fraction. */
  duration?: number;
  onProgress?: (fraction: number) => void;
  /** What the run is for, used in error messages ("encode 16:9"). */
  label?: string;
  /** Bytes to feed ffmpeg's stdin (e.g. RGBA frames for a `pipe:0` input), written with backpressure. */
  stdin?: AsyncIterable<Buffer>;
  /** More frame sources, read by ffmpeg as `pipe:3`, `pipe:4`, ... in order. */
  pipes?: readonly AsyncIterable<Buffer>[];
}

export interface FfmpegRunResult {
  stdout: string;
  /** The last part of stderr (summaries such as loudnorm's JSON and ebur128's come last). */
  stderr: string;
}

const STDOUT_KEEP = 256 * 1024;

/**
 * ffmpeg and ffprobe through the one ProcessRunner: progress parsed from `-progress pipe:1`, text
 * output. Cancellation, niceness, tool paths and the log tail on failure are the runner's.
 */
export class FfmpegExecutor {
  constructor(readonly runner: Runner = new ProcessRunner()) {}

  async run(args: string[], options: FfmpegRunOptions = {}): Promise<FfmpegRunResult> {
    const { duration, onProgress } = options;
    const { stdout, stderr } = await this.runner.run('ffmpeg', args, {
      cwd: options.cwd,
      signal: options.signal,
      label: options.label ?? 'ffmpeg',
      stdin: options.stdin,
      pipes: options.pipes,
      maxStdout: STDOUT_KEEP,
      onStdoutLine:
        onProgress && duration
          ? (line) => {
              const fraction = parseProgressLine(line, duration);
              if (fraction !== undefined) onProgress(fraction);
            }
          : undefined,
    });
    onProgress?.(1);
    return { stdout: stdout.toString('utf8'), stderr };
  }

  async probe(file: string, options: Pick<FfmpegRunOptions, 'cwd' | 'signal'> = {}): Promise<ProbeResult> {
    const { stdout } = await this.runner.run('ffprobe', buildProbeArgs(file), { ...options, label: 'probe' });
    return parseProbeJson(stdout.toString('utf8'));
  }
}

/** `out_time_us=12345678` -> fraction of `duration`; other progress keys are ignored. */
export function parseProgressLine(line: string, duration: number): number | undefined {
  const m = /^out_time_(?:us|ms)=(\d+)/.exec(line.trim());
  if (!m || duration <= 0) return undefined;
  return Math.min(1, Number(m[1]) / 1e6 / duration);
}
