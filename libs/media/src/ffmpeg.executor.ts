import { spawn } from 'node:child_process';
import * as os from 'node:os';
import { ClipwrightError, ErrorCode } from '@app/core';
import { buildProbeArgs, parseProbeJson, ProbeResult } from './probe';

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
}

export interface FfmpegRunResult {
  stdout: string;
  /** The last part of stderr (summaries such as loudnorm's JSON and ebur128's come last). */
  stderr: string;
}

export interface FfmpegExecutorOptions {
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Process niceness for encodes, so a render does not starve the API on a shared machine. */
  niceness?: number;
}

const STDERR_KEEP = 256 * 1024;
const LOG_TAIL_LINES = 25;

/**
 * The one place that spawns ffmpeg and ffprobe (CONVENTIONS.md §6): progress parsed from
 * `-progress pipe:1`, cancellation by AbortSignal (the process is killed), and the tail of the log
 * attached to every failure.
 */
export class FfmpegExecutor {
  readonly ffmpegPath: string;
  readonly ffprobePath: string;
  private readonly niceness: number;

  constructor(options: FfmpegExecutorOptions = {}) {
    this.ffmpegPath = options.ffmpegPath ?? process.env.FFMPEG_PATH ?? 'ffmpeg';
    this.ffprobePath = options.ffprobePath ?? process.env.FFPROBE_PATH ?? 'ffprobe';
    this.niceness = options.niceness ?? 0;
  }

  run(args: string[], options: FfmpegRunOptions = {}): Promise<FfmpegRunResult> {
    return this.spawnTool(this.ffmpegPath, args, options);
  }

  async probe(file: string, options: FfmpegRunOptions = {}): Promise<ProbeResult> {
    const { stdout } = await this.spawnTool(this.ffprobePath, buildProbeArgs(file), {
      ...options,
      label: 'probe',
    });
    return parseProbeJson(stdout);
  }

  private spawnTool(binary: string, args: string[], options: FfmpegRunOptions): Promise<FfmpegRunResult> {
    const label = options.label ?? 'ffmpeg';
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new ClipwrightError(ErrorCode.Cancelled, `${label}: cancelled before it started`));
        return;
      }
      const child = spawn(binary, args, {
        cwd: options.cwd,
        stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      });
      let feedError: unknown;
      if (options.stdin && child.stdin) {
        const sink = child.stdin;
        // EPIPE when ffmpeg stops reading (it failed, or was killed): its exit status tells the story.
        sink.on('error', () => undefined);
        void feed(options.stdin, sink).catch((e: unknown) => {
          feedError = e;
          child.kill('SIGKILL');
        });
      }
      if (this.niceness && child.pid) {
        try {
          os.setPriority(child.pid, this.niceness);
        } catch {
          // Not permitted here: run at normal priority rather than fail the job.
        }
      }
      let stdout = '';
      let stderr = '';
      let pending = '';
      let cancelled = false;
      const onAbort = (): void => {
        cancelled = true;
        child.kill('SIGKILL');
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });

      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (chunk: string) => {
        stdout += chunk;
        if (!options.onProgress || !options.duration) return;
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          const fraction = parseProgressLine(line, options.duration);
          if (fraction !== undefined) options.onProgress(fraction);
        }
        if (stdout.length > STDERR_KEEP) stdout = stdout.slice(-STDERR_KEEP);
      });
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.length > 2 * STDERR_KEEP) stderr = stderr.slice(-STDERR_KEEP);
      });
      child.on('error', (err: NodeJS.ErrnoException) => {
        options.signal?.removeEventListener('abort', onAbort);
        if (err.code === 'ENOENT') {
          reject(
            new ClipwrightError(
              ErrorCode.ToolMissing,
              `${binary} was not found. Install ffmpeg (Debian: apt-get install ffmpeg) or set FFMPEG_PATH/FFPROBE_PATH`,
              { cause: err },
            ),
          );
        } else
          reject(
            new ClipwrightError(
              ErrorCode.FfmpegFailed,
              `${label}: could not start ${binary}: ${err.message}`,
              { cause: err },
            ),
          );
      });
      child.on('close', (code, signal) => {
        options.signal?.removeEventListener('abort', onAbort);
        if (cancelled) {
          reject(new ClipwrightError(ErrorCode.Cancelled, `${label}: cancelled, ${binary} was stopped`));
        } else if (feedError !== undefined) {
          reject(
            feedError instanceof ClipwrightError
              ? feedError
              : new ClipwrightError(
                  ErrorCode.Internal,
                  `${label}: the frames for ${binary} could not be made: ${String(feedError)}`,
                  {
                    cause: feedError,
                  },
                ),
          );
        } else if (code === 0) {
          options.onProgress?.(1);
          resolve({ stdout, stderr: stderr.slice(-STDERR_KEEP) });
        } else {
          const tail = logTail(stderr);
          reject(
            new ClipwrightError(
              ErrorCode.FfmpegFailed,
              `${label}: ${binary} exited with ${code ?? signal}: ${tail.split('\n').pop() ?? ''}`,
              { detail: { exitCode: code, signal, logTail: tail } },
            ),
          );
        }
      });
    });
  }
}

/** Write every chunk, waiting for 'drain' when the pipe is full, then close stdin. */
async function feed(
  source: AsyncIterable<Buffer>,
  sink: NodeJS.WritableStream & { destroyed?: boolean },
): Promise<void> {
  for await (const chunk of source) {
    if (sink.destroyed) return;
    if (!sink.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          sink.removeListener('drain', done);
          sink.removeListener('close', done);
          resolve();
        };
        sink.once('drain', done);
        sink.once('close', done);
      });
    }
  }
  sink.end();
}

/** `out_time_us=12345678` -> fraction of `duration`; other progress keys are ignored. */
export function parseProgressLine(line: string, duration: number): number | undefined {
  const m = /^out_time_(?:us|ms)=(\d+)/.exec(line.trim());
  if (!m || duration <= 0) return undefined;
  return Math.min(1, Number(m[1]) / 1e6 / duration);
}

export function logTail(log: string, lines = LOG_TAIL_LINES): string {
  return log.trimEnd().split('\n').slice(-lines).join('\n');
}
