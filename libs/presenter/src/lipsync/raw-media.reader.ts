import { ClipwrightError, ErrorCode } from '@app/core';
import type { Runner } from '@app/media';
import { WAV2LIP_AUDIO } from './mel';

/**
 * Pure argument builders (docs/conventions.md §5) for the three raw pipes the lip-sync renderer
 * reads; readRawStream streams them through the ProcessRunner and cuts the bytes into records.
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
  /** Runs ffmpeg (its path, niceness, cancellation and log tail are the runner's). */
  runner: Runner;
  signal?: AbortSignal;
  /** What the read is for, used in error messages. */
  label: string;
}

interface RecordOptions {
  /** Yield a shorter last record instead of failing on it (sample streams have no frame size). */
  partialLast?: boolean;
}

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
  let record = Buffer.allocUnsafe(recordBytes);
  let filled = 0;
  for await (const chunk of options.runner.stream('ffmpeg', args, {
    signal: options.signal,
    label: options.label,
  })) {
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
  if (filled !== 0 && records.partialLast) {
    yield record.subarray(0, filled);
  } else if (filled !== 0) {
    throw new ClipwrightError(
      ErrorCode.FfmpegFailed,
      `${options.label}: ffmpeg's output ended inside a record (${filled} of ${recordBytes} bytes)`,
    );
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
