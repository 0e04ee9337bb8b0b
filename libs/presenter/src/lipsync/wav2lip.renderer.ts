import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import { FfmpegExecutor } from '@app/media';
import {
  BlendMaskOptions,
  blendMask,
  boxFits,
  FACE_ITEM,
  FaceBox,
  pasteFaceWindow,
  RgbaFrame,
  writeFaceWindow,
} from './face-window';
import { MelSpectrogram, melWindow, WAV2LIP_AUDIO, wav2lipMelSpectrogram } from './mel';
import { buildStillDecodeArgs, buildVideoDecodeArgs, readRawStream, readSpeech16k } from './raw-media.reader';
import { Wav2LipPresenter } from './wav2lip.manifest';
import {
  ExecutionPreference,
  LipsyncLogger,
  MEL_ITEM,
  openWav2LipSession,
  Wav2LipRuntime,
} from './wav2lip.session';

/** A decoded source picture and its number in the source (for the box list), which loops. */
export interface SourceFrame {
  index: number;
  frame: RgbaFrame;
}

export interface LipsyncFramesOptions {
  fps: number;
  frameCount: number;
  batchSize: number;
  boxFor: (sourceIndex: number) => FaceBox;
  mask: BlendMaskOptions;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

function cancelled(): ClipwrightError {
  return new ClipwrightError(ErrorCode.Cancelled, 'Lip-sync rendering was cancelled');
}

/**
 * The heart of the renderer, free of ffmpeg: for each output frame i, the next source frame, its
 * box, and the mel window of frame i go into a batch; each full batch runs through the model once and
 * every item is pasted back into a copy of its frame. Frames come out in order, as RGBA at the source
 * size. As in inference.py `datagen`, frame i's audio is mel[int(i * 80 / fps) : +16].
 */
export async function* lipsyncFrames(
  runtime: Wav2LipRuntime,
  source: AsyncIterable<SourceFrame> | Iterable<SourceFrame>,
  mel: MelSpectrogram,
  options: LipsyncFramesOptions,
): AsyncGenerator<Buffer> {
  const { fps, frameCount, batchSize } = options;
  const melBatch = new Float32Array(batchSize * MEL_ITEM);
  const faceBatch = new Float32Array(batchSize * FACE_ITEM);
  const pending: { frame: RgbaFrame; box: FaceBox }[] = [];
  const masks = new Map<string, Float32Array>();
  const maskFor = (box: FaceBox): Float32Array => {
    const key = `${box.width}x${box.height}`;
    let m = masks.get(key);
    if (!m) masks.set(key, (m = blendMask(box.width, box.height, options.mask)));
    return m;
  };
  const iterator =
    Symbol.asyncIterator in source
      ? (source as AsyncIterable<SourceFrame>)[Symbol.asyncIterator]()
      : (source as Iterable<SourceFrame>)[Symbol.iterator]();
  let done = 0;
  try {
    for (let i = 0; i < frameCount; i++) {
      if (options.signal?.aborted) throw cancelled();
      const next = await iterator.next();
      if (next.done) {
        throw new ClipwrightError(
          ErrorCode.Internal,
          `The presenter source ran out after ${i} of ${frameCount} frames`,
        );
      }
      const { index, frame } = next.value;
      const box = options.boxFor(index);
      const copy: RgbaFrame = { width: frame.width, height: frame.height, data: Buffer.from(frame.data) };
      const item = pending.length;
      writeFaceWindow(copy, box, faceBatch, item);
      melWindow(mel, i, fps, melBatch.subarray(item * MEL_ITEM, (item + 1) * MEL_ITEM));
      pending.push({ frame: copy, box });
      if (pending.length === batchSize || i === frameCount - 1) {
        const output = await runtime.infer(melBatch, faceBatch, pending.length);
        if (options.signal?.aborted) throw cancelled();
        for (let b = 0; b < pending.length; b++) {
          pasteFaceWindow(pending[b].frame, pending[b].box, output, b, maskFor(pending[b].box));
        }
        for (const p of pending) {
          yield p.frame.data as Buffer;
          done++;
        }
        options.onProgress?.(done / frameCount);
        pending.length = 0;
      }
    }
  } finally {
    await iterator.return?.();
  }
}

export interface RenderWav2LipOptions {
  /** Output frame rate; defaults to the presenter's fps, else 25. */
  fps?: number;
  /** Seconds of picture; defaults to the length of the speech. Frames past the speech get silence. */
  duration?: number;
  /** Frames per model run; Wav2Lip's inference.py uses 128 on a GPU, 16 suits a CPU. */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  ffmpeg?: FfmpegExecutor;
  /** A runtime to use instead of opening the presenter's model (tests, or one shared session). */
  runtime?: Wav2LipRuntime;
  executionProvider?: ExecutionPreference;
  logger?: LipsyncLogger;
}

/** A rendered presenter clip: its size and rate, and the RGBA frames (iterate it once). */
export interface Wav2LipClip extends AsyncIterable<Buffer> {
  width: number;
  height: number;
  fps: number;
  frameCount: number;
  /** 'cuda' or 'cpu', or the injected runtime's. */
  executionProvider: string;
  /** Frees the model session when the frames will not be iterated (iterating frees it at the end). */
  release(): Promise<void>;
}

const DEFAULT_FPS = 25;
const DEFAULT_BATCH = 16;

function parseRate(rate: string): number | undefined {
  const [num, den] = rate.split('/').map(Number);
  const r = den ? num / den : num;
  return Number.isFinite(r) && r > 0 ? r : undefined;
}

/** A caller's mistake, not the user's: the engine always passes valid options. */
function badOption(name: string, value: unknown, want: string): ClipwrightError {
  return new ClipwrightError(
    ErrorCode.Internal,
    `renderWav2LipClip: ${name} must be ${want}, got ${String(value)}`,
    {
      path: name,
    },
  );
}

/**
 * Renders a neural lip-sync presenter speaking `speechWavPath`: decodes the still (or loops the idle
 * video) and the speech with ffmpeg, computes Wav2Lip's mel, and streams finished RGBA frames at the
 * source size. Options are checked and filled here (docs/conventions.md §8); the model is opened before
 * the first frame, so a bad model fails fast; the session is released when the frames are done.
 */
export async function renderWav2LipClip(
  presenter: Wav2LipPresenter,
  speechWavPath: string,
  options: RenderWav2LipOptions = {},
): Promise<Wav2LipClip> {
  const fps = options.fps ?? presenter.fps ?? DEFAULT_FPS;
  if (!(Number.isFinite(fps) && fps > 0 && fps <= 240)) throw badOption('fps', fps, 'a number in (0, 240]');
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 512)) {
    throw badOption('batchSize', batchSize, 'an integer from 1 to 512');
  }
  if (options.duration !== undefined && !(Number.isFinite(options.duration) && options.duration > 0)) {
    throw badOption('duration', options.duration, 'a positive number of seconds');
  }
  const ffmpeg = options.ffmpeg ?? new FfmpegExecutor();
  const shown = path.join(path.basename(presenter.dir), path.basename(presenter.source.path));

  const probe = await ffmpeg.probe(presenter.source.path, { signal: options.signal });
  if (!probe.video) {
    throw new ClipwrightError(ErrorCode.PresenterInvalid, `${shown} has no picture`, { path: shown });
  }
  const { width, height } = probe.video;
  presenter.boxes.forEach((box, i) => {
    if (!boxFits(box, width, height)) {
      const at = presenter.boxes.length === 1 ? 'faceBox' : `boxes[${i}]`;
      throw new ClipwrightError(
        ErrorCode.PresenterInvalid,
        `${presenter.id}: ${at} {x: ${box.x}, y: ${box.y}, width: ${box.width}, height: ${box.height}} ` +
          `does not fit inside the ${width}x${height} source ${shown}`,
        { path: `${presenter.id}#$.${at}` },
      );
    }
  });

  const speech = await readSpeech16k(speechWavPath, {
    runner: ffmpeg.runner,
    signal: options.signal,
    label: 'read speech',
  });
  const mel = wav2lipMelSpectrogram(speech);
  const duration = options.duration ?? speech.length / WAV2LIP_AUDIO.sampleRate;
  const frameCount = Math.max(1, Math.ceil(duration * fps - 1e-6));

  // Boxes are numbered in the video's own frames; decoded frames come at the render rate.
  const boxFps = presenter.fps ?? parseRate(probe.video.frameRate) ?? fps;
  const boxes = presenter.boxes;
  const boxFor = (sourceIndex: number): FaceBox => {
    if (boxes.length === 1) return boxes[0];
    const i = Math.floor((sourceIndex * boxFps) / fps + 1e-6);
    if (i >= boxes.length) {
      throw new ClipwrightError(
        ErrorCode.PresenterInvalid,
        `${presenter.id}: the boxes file has ${boxes.length} boxes but ${shown} has at least ${i + 1} frames at ${boxFps} fps`,
        { path: `${presenter.id}#$.boxes` },
      );
    }
    return boxes[i];
  };

  const frameBytes = width * height * 4;
  const raw = { runner: ffmpeg.runner, signal: options.signal };
  async function* source(): AsyncGenerator<SourceFrame> {
    if (presenter.source.kind === 'still') {
      let still: Buffer | undefined;
      for await (const f of readRawStream(buildStillDecodeArgs(presenter.source.path), frameBytes, {
        ...raw,
        label: `decode ${shown}`,
      })) {
        still ??= f;
      }
      if (!still) throw new ClipwrightError(ErrorCode.FfmpegFailed, `decode ${shown}: no picture came out`);
      const frame = { width, height, data: still };
      for (;;) yield { index: 0, frame };
    }
    // The idle video loops from its start, as inference.py does with `frames[i % len(frames)]`.
    for (;;) {
      let index = 0;
      for await (const data of readRawStream(buildVideoDecodeArgs(presenter.source.path, fps), frameBytes, {
        ...raw,
        label: `decode ${shown}`,
      })) {
        yield { index: index++, frame: { width, height, data } };
      }
      if (index === 0)
        throw new ClipwrightError(ErrorCode.FfmpegFailed, `decode ${shown}: no frames came out`);
    }
  }

  const runtime =
    options.runtime ??
    (await openWav2LipSession(presenter.modelPath, {
      executionProvider: options.executionProvider,
      logger: options.logger,
      label: path.relative(presenter.dir, presenter.modelPath).startsWith('..')
        ? presenter.modelPath
        : path.join(presenter.id, path.relative(presenter.dir, presenter.modelPath)),
    }));
  const owned = options.runtime === undefined;
  let used = false;
  let released = false;
  const release = async (): Promise<void> => {
    if (owned && !released) {
      released = true;
      await runtime.release();
    }
  };
  return {
    width,
    height,
    fps,
    frameCount,
    executionProvider: runtime.executionProvider,
    release,
    async *[Symbol.asyncIterator]() {
      if (used) throw new ClipwrightError(ErrorCode.Internal, 'A Wav2Lip clip can be iterated only once');
      used = true;
      try {
        yield* lipsyncFrames(runtime, source(), mel, {
          fps,
          frameCount,
          batchSize,
          boxFor,
          mask: presenter.mask,
          signal: options.signal,
          onProgress: options.onProgress,
        });
      } finally {
        await release();
      }
    },
  };
}
