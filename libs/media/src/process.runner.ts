import { type ChildProcess, spawn, type StdioOptions } from 'node:child_process';
import * as os from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { ClipwrightError, ErrorCode } from '@app/core';
import { defaultToolPaths, type Tool, TOOL_INFO, type ToolPaths } from './tool.config';

export interface RunOptions {
  /** Folder the program runs in (compose graphs name their files relative to it). */
  cwd?: string;
  /** Aborting kills the program; the run then rejects with CANCELLED once it has exited. */
  signal?: AbortSignal;
  /** What the run is for, in messages ("encode 16:9", "espeak-ng"). */
  label?: string;
  /** stdin: bytes written at once, or chunks written as the program reads them (backpressure). */
  stdin?: string | Buffer | AsyncIterable<Buffer>;
  /** More input pipes, on file descriptors 3, 4, ... in order (ffmpeg reads them as `pipe:3`). */
  pipes?: readonly AsyncIterable<Buffer>[];
  /** Called with each line of stdout as it arrives (ffmpeg's `-progress pipe:1`). */
  onStdoutLine?: (line: string) => void;
  /** Keep at most this many bytes of stdout (the last ones); default: all of it. */
  maxStdout?: number;
}

export interface RunResult {
  stdout: Buffer;
  /** The last part of stderr (summaries such as loudnorm's JSON and ebur128's come last). */
  stderr: string;
}

export interface ProcessRunnerOptions {
  /** Where the programs are; the rest keep their default names. */
  tools?: Partial<ToolPaths>;
  /**
   * Niceness added to what a started process inherits (capped at 19), so a render yields to the
   * API on a shared machine and a worker the operator already runs under `nice` stays below it.
   */
  niceness?: number;
}

/** What code that runs programs needs of a runner; ProcessRunner is the real one, tests give fakes. */
export interface Runner {
  readonly tools: Readonly<ToolPaths>;
  run(tool: Tool, args: readonly string[], options?: RunOptions): Promise<RunResult>;
  stream(tool: Tool, args: readonly string[], options?: RunOptions): AsyncGenerator<Buffer>;
}

const STDERR_KEEP = 256 * 1024;
const LOG_TAIL_LINES = 25;

/** The last lines of a program's log, as attached to every failure. */
export function logTail(log: string, lines = LOG_TAIL_LINES): string {
  return log.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * The one place that starts programs (ffmpeg, ffprobe, espeak-ng, fc-list): arguments as an array
 * (no shell), text and frames streamed on stdin and extra pipes with backpressure, stdout kept,
 * streamed or read line by line, cancellation by AbortSignal (the process is killed and reaped before
 * the call settles), niceness, and the tail of the log attached to every failure with a stable code:
 * TOOL_MISSING when the program is not installed, else the tool's failure code.
 */
export class ProcessRunner implements Runner {
  readonly tools: Readonly<ToolPaths>;
  readonly niceness: number;

  constructor(options: ProcessRunnerOptions = {}) {
    this.tools = Object.freeze({ ...defaultToolPaths, ...options.tools });
    this.niceness = options.niceness ?? 0;
  }

  /** The same runner with some programs elsewhere. */
  withTools(tools: Partial<ToolPaths>): ProcessRunner {
    return new ProcessRunner({ tools: { ...this.tools, ...tools }, niceness: this.niceness });
  }

  /** Runs a program to its end and returns what it wrote. */
  run(tool: Tool, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const started = this.start(tool, args, options, 'collect');
      if (!started) return reject(this.cancelledBeforeStart(tool, options));
      const { child, done } = started;
      const out: Buffer[] = [];
      let kept = 0;
      let pending = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out.push(chunk);
        kept += chunk.length;
        while (options.maxStdout !== undefined && kept > options.maxStdout) {
          const excess = kept - options.maxStdout;
          if (out[0].length <= excess) kept -= out.shift()!.length;
          else {
            out[0] = out[0].subarray(excess);
            kept -= excess;
          }
        }
        if (options.onStdoutLine) {
          pending += chunk.toString('utf8');
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) options.onStdoutLine(line);
        }
      });
      done.then(
        (stderr) => resolve({ stdout: Buffer.concat(out), stderr }),
        (e: unknown) => reject(e),
      );
    });
  }

  /**
   * Runs a program and yields its stdout as it comes. Reading slowly slows the program down
   * (backpressure through the pipe); stopping early (break, an error downstream) kills it. A failure
   * is thrown after the last chunk, once the program has exited.
   */
  async *stream(tool: Tool, args: readonly string[], options: RunOptions = {}): AsyncGenerator<Buffer> {
    const started = this.start(tool, args, options, 'stream');
    if (!started) throw this.cancelledBeforeStart(tool, options);
    const { child, done } = started;
    // Keep the rejection handled while we are still yielding; it is awaited below.
    done.catch(() => undefined);
    try {
      try {
        for await (const chunk of child.stdout as Readable) yield chunk as Buffer;
      } catch {
        // A destroyed pipe (spawn failure, kill) is reported from the exit status below.
      }
      await done;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }

  /** The first line of `<program> -version` (ffmpeg, ffprobe) or `--version`: for health checks. */
  async version(tool: Tool, signal?: AbortSignal): Promise<string> {
    const flag = tool === 'ffmpeg' || tool === 'ffprobe' ? '-version' : '--version';
    const { stdout } = await this.run(tool, [flag], { signal, label: `${tool} version` });
    return stdout.toString('utf8').split('\n')[0].trim();
  }

  private cancelledBeforeStart(tool: Tool, options: RunOptions): ClipwrightError {
    return new ClipwrightError(
      ErrorCode.Cancelled,
      `${options.label ?? this.tools[tool]}: cancelled before it started`,
    );
  }

  /**
   * Spawns and wires one process. `done` settles once it has exited (never earlier, so nothing
   * outlives a call): with the tail of stderr, or with the error that describes its failure.
   */
  private start(
    tool: Tool,
    args: readonly string[],
    options: RunOptions,
    mode: 'collect' | 'stream',
  ): { child: ChildProcess; done: Promise<string> } | undefined {
    if (options.signal?.aborted) return undefined;
    const binary = this.tools[tool];
    const label = options.label ?? binary;
    const pipes = options.pipes ?? [];
    const stdio: StdioOptions = [
      options.stdin === undefined ? 'ignore' : 'pipe',
      'pipe',
      'pipe',
      ...pipes.map(() => 'pipe' as const),
    ];
    const child = spawn(binary, [...args], { cwd: options.cwd, stdio });
    if (this.niceness && child.pid) {
      try {
        // Added to the inherited value: an absolute value would lift a child of a niced worker.
        os.setPriority(child.pid, Math.min(19, os.getPriority(child.pid) + this.niceness));
      } catch {
        // Not permitted here: run at normal priority rather than fail the job.
      }
    }
    let feedError: unknown;
    const failFeed = (e: unknown): void => {
      feedError ??= e;
      child.kill('SIGKILL');
    };
    const inputs: [Writable, string | Buffer | AsyncIterable<Buffer>][] = [];
    if (options.stdin !== undefined) inputs.push([child.stdin!, options.stdin]);
    pipes.forEach((source, i) => inputs.push([child.stdio[3 + i] as Writable, source]));
    for (const [sink, source] of inputs) {
      // EPIPE when the program stops reading (it failed, or was killed): its exit status tells the story.
      sink.on('error', () => undefined);
      if (typeof source === 'string' || Buffer.isBuffer(source)) sink.end(source);
      else void feed(source, sink).catch(failFeed);
    }
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > 2 * STDERR_KEEP) stderr = stderr.slice(-STDERR_KEEP);
    });
    if (mode === 'stream') child.stdout!.pause();
    let cancelled = false;
    const onAbort = (): void => {
      cancelled = true;
      child.kill('SIGKILL');
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let spawnError: NodeJS.ErrnoException | undefined;
    child.on('error', (e: NodeJS.ErrnoException) => (spawnError ??= e));
    const done = new Promise<string>((resolve, reject) => {
      child.on('close', (code, signal) => {
        options.signal?.removeEventListener('abort', onAbort);
        const info = TOOL_INFO[tool];
        const tail = logTail(stderr);
        if (cancelled) {
          reject(new ClipwrightError(ErrorCode.Cancelled, `${label}: cancelled, ${binary} was stopped`));
        } else if (spawnError?.code === 'ENOENT') {
          reject(
            new ClipwrightError(
              ErrorCode.ToolMissing,
              `${binary} was not found. Install ${info.debianPackage} (Debian: apt-get install ${info.debianPackage}) or set ${info.env}`,
              { cause: spawnError, detail: { binary } },
            ),
          );
        } else if (spawnError) {
          reject(
            new ClipwrightError(info.failure, `${label}: could not start ${binary}: ${spawnError.message}`, {
              cause: spawnError,
              detail: { binary },
            }),
          );
        } else if (feedError !== undefined) {
          reject(
            feedError instanceof ClipwrightError
              ? feedError
              : new ClipwrightError(
                  ErrorCode.Internal,
                  `${label}: the input for ${binary} could not be made: ${String(feedError)}`,
                  {
                    cause: feedError,
                  },
                ),
          );
        } else if (code !== 0) {
          const why = signal ? `was killed by ${signal}` : `exited with code ${code}`;
          reject(
            new ClipwrightError(info.failure, `${label}: ${binary} ${why}: ${tail.split('\n').pop() ?? ''}`, {
              // `stderr` is the same tail, under the name the speech provider has always used.
              detail: { binary, args: [...args], exitCode: code, signal, logTail: tail, stderr: tail },
            }),
          );
        } else resolve(stderr.slice(-STDERR_KEEP));
      });
    });
    return { child, done };
  }
}

/** Write every chunk, waiting for 'drain' when the pipe is full, then close the pipe. */
async function feed(source: AsyncIterable<Buffer>, sink: Writable): Promise<void> {
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
