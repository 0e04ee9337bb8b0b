import { spawn } from 'node:child_process';
import { ClipwrightError, ErrorCode } from '@app/core';
import { logTail } from '@app/media';
import { WAV2LIP_AUDIO } from './mel';

/**
 * Pure argument builders (CONVENTIONS.md §5) for the three raw pipes the lip-sync renderer reads.
 * They stream binary data on stdout, which FfmpegExecutor (text stdout, kept whole) is not built
 * for, so readRawStream below is the small spawn of our own for them, with the same process duties:
 * cancellation, and the tail of ffmpeg's log on failure.
 */
export function buildStillDecodeArgs(file: string): string[] {
  return [
    '-v',
    'error',
    '-nostdin',
    '-i',
    file,
    '-frames:v',
    '1',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgba',
    'pipe:1',
  ];
}

/** Frames at the render rate: ffmpeg's fps filter drops or repeats source frames to hit it. */
export function buildVideoDecodeArgs(file: string, fps: number): string[] {
  return [
    '-v',
    'error',
    '-nostdin',
    '-i',
    file,
    '-an',
    '-vf',
    `fps=${fps}`,
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgba',
    'pipe:1',
  ];
}

/** Mono float samples at 16 kHz, what Wav2Lip's audio.load_wav(path, 16000) hands to the mel code. */
export function buildSpeechDecodeArgs(file: string): string[] {
  return [
    '-v',
    'error',
    '-nostdin',
    '-i',
    file,
    '-vn',
    '-ac',
    '1',
    '-ar',
    String(WAV2LIP_AUDIO.sampleRate),
    '-f',
    'f32le',
    'pipe:1',
  ];
}

export interface RawStreamOptions {
  ffmpegPath: string;
  signal?: AbortSignal;
  /** What the read is for, used in error messages. */
  label: string;
}

interface RecordOptions {
  /** Yield a shorter last record instead of failing on it (sample streams have no frame size). */
  partialLast?: boolean;
}

const STDERR_KEEP = 64 * 1024;

/**
 * Runs ffmpeg and yields its stdout in records of exactly `recordBytes` (one RGBA frame, say).
 * Consuming slowly applies backpressure to ffmpeg through the pipe; stopping early (break, return,
 * an error downstream) or aborting kills it, so an idle video never decodes further than needed.
 */
export async function* readRawStream(
  args: string[],
  recordBytes: number,
  options: RawStreamOptions,
  records: RecordOptions = {},
): AsyncGenerator<Buffer> {
  if (options.signal?.aborted) throw new ClipwrightError(ErrorCode.Cancelled, `${options.label}: cancelled`);
  const child = spawn(options.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
  });
  const ended = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    error?: NodeJS.ErrnoException;
  }>((resolve) => {
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: null, signal: null, error }));
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  let cancelled = false;
  const onAbort = (): void => {
    cancelled = true;
    child.kill('SIGKILL');
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let record = Buffer.allocUnsafe(recordBytes);
    let filled = 0;
    try {
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
        let offset = 0;
        while (offset < chunk.length) {
          const n = Math.min(recordBytes - filled, chunk.length - offset);
          chunk.copy(record, filled, offset, offset + n);
          filled += n;
          offset += n;
          if (filled === recordBytes) {
            yield record;
            record = Buffer.allocUnsafe(recordBytes);
            filled = 0;
          }
        }
      }
    } catch {
      // A destroyed pipe (spawn failure, kill) is reported from the exit status below.
    }
    const end = await ended;
    if (cancelled)
      throw new ClipwrightError(ErrorCode.Cancelled, `${options.label}: cancelled, ffmpeg was stopped`);
    if (end.error?.code === 'ENOENT') {
      throw new ClipwrightError(
        ErrorCode.ToolMissing,
        `${options.ffmpegPath} was not found. Install ffmpeg (Debian: apt-get install ffmpeg) or set FFMPEG_PATH`,
        { cause: end.error },
      );
    }
    if (end.error || end.code !== 0) {
      const tail = logTail(stderr);
      throw new ClipwrightError(
        ErrorCode.FfmpegFailed,
        `${options.label}: ffmpeg exited with ${end.error?.message ?? end.code ?? end.signal}: ${tail.split('\n').pop() ?? ''}`,
        { detail: { exitCode: end.code, signal: end.signal, logTail: tail }, cause: end.error },
      );
    }
    if (filled !== 0 && records.partialLast) {
      yield record.subarray(0, filled);
    } else if (filled !== 0) {
      throw new ClipwrightError(
        ErrorCode.FfmpegFailed,
        `${options.label}: ffmpeg's output ended inside a record (${filled} of ${recordBytes} bytes)`,
      );
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** The whole speech track as 16 kHz mono floats. */
export async function readSpeech16k(file: string, options: RawStreamOptions): Promise<Float32Array> {
  const parts: Buffer[] = [];
  let bytes = 0;
  // One second of f32le samples a record; the last one may be shorter.
  for await (const part of readRawStream(buildSpeechDecodeArgs(file), 4 * WAV2LIP_AUDIO.sampleRate, options, {
    partialLast: true,
  })) {
    parts.push(part);
    bytes += part.length;
  }
  const all = Buffer.concat(parts, bytes);
  const samples = new Float32Array(Math.floor(bytes / 4));
  for (let i = 0; i < samples.length; i++) samples[i] = all.readFloatLE(4 * i);
  return samples;
}
