import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { ClipwrightError, ErrorCode } from '@app/core';
import { FACE_ITEM, FACE_SIZE, OUTPUT_ITEM } from './face-window';
import { WAV2LIP_AUDIO } from './mel';

export const MEL_ITEM = WAV2LIP_AUDIO.numMels * WAV2LIP_AUDIO.windowFrames;

/** What a user's export must look like; named in every signature error so they know what to fix. */
export const WAV2LIP_SIGNATURE_TEXT =
  'inputs mel float32 [B,1,80,16] and face float32 [B,6,96,96] (lower half masked + reference, BGR/255), ' +
  'output float32 [B,3,96,96]';

/** The model's own tensor names, found by shape, and its batch size when the export fixed one. */
export interface Wav2LipSignature {
  melInput: string;
  faceInput: string;
  output: string;
  /** A fixed batch size baked into the export, or undefined when the batch axis is dynamic. */
  fixedBatch?: number;
}

/** Where the session runs: 'auto' tries CUDA and falls back to the CPU (docs/conventions.md §7). */
export type ExecutionPreference = 'auto' | 'cuda' | 'cpu';

/** The two levels used here; a pino Logger (libs/queue service.logger) fits as it is. */
export interface LipsyncLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Plain lines on stderr when the caller passes no logger (the CLI; tests pass their own). */
export const stderrLogger: LipsyncLogger = {
  info: (message) => process.stderr.write(`[wav2lip] ${message}\n`),
  warn: (message) => process.stderr.write(`[wav2lip] warning: ${message}\n`),
};

/**
 * The one seam to ONNX Runtime (docs/conventions.md §4): the renderer talks to this, tests may swap it.
 * `infer` takes `count` items packed as [count,1,80,16] and [count,6,96,96] and returns [count,3,96,96].
 */
export interface Wav2LipRuntime {
  readonly signature: Wav2LipSignature;
  /** 'cuda' or 'cpu': what actually ran. */
  readonly executionProvider: string;
  infer(mel: Float32Array, face: Float32Array, count: number): Promise<Float32Array>;
  release(): Promise<void>;
}

type Shape = ReadonlyArray<number | string>;
export interface TensorInfo {
  name: string;
  type?: string;
  shape: Shape;
}

function fmtShape(shape: Shape): string {
  return shape.length
    ? `[${shape.map((d) => (typeof d === 'number' && d < 0 ? '?' : String(d))).join(',')}]`
    : '[unknown]';
}

export function describeTensors(tensors: readonly TensorInfo[]): string {
  return tensors.length
    ? tensors.map((t) => `${t.name} ${t.type ?? '?'} ${fmtShape(t.shape)}`).join(', ')
    : 'none';
}

/** A dimension matches when it is the expected number or left open (symbolic or -1) by the exporter. */
function dimFits(dim: number | string | undefined, want: number): boolean {
  return typeof dim === 'string' || dim === want || (typeof dim === 'number' && dim < 0);
}

function fits(t: TensorInfo, tail: readonly number[]): boolean {
  if (t.type !== undefined && t.type !== 'float32') return false;
  if (t.shape.length === 0) return true; // the exporter wrote no shape: cannot rule it out
  return t.shape.length === 4 && tail.every((d, i) => dimFits(t.shape[i + 1], d));
}

/**
 * Finds which input is the mel and which the face, and which output is the picture, from their
 * shapes — never from names, because exporters name them differently (`audio_sequences`/
 * `face_sequences` from the PyTorch forward(), `mel`/`vid`, `input.1`...). Names only break a tie
 * when the shapes leave it open.
 */
export function matchWav2LipSignature(
  inputs: readonly TensorInfo[],
  outputs: readonly TensorInfo[],
  model: string,
): Wav2LipSignature {
  const fail = (why: string): ClipwrightError =>
    new ClipwrightError(
      ErrorCode.PresenterInvalid,
      `The lip-sync model ${model} does not have the Wav2Lip signature (${why}). Expected ${WAV2LIP_SIGNATURE_TEXT}; ` +
        `the model has inputs ${describeTensors(inputs)} and outputs ${describeTensors(outputs)}`,
      {
        path: model,
        detail: {
          expected: WAV2LIP_SIGNATURE_TEXT,
          inputs: inputs.map((t) => ({ name: t.name, type: t.type, shape: [...t.shape] })),
          outputs: outputs.map((t) => ({ name: t.name, type: t.type, shape: [...t.shape] })),
        },
      },
    );
  if (inputs.length !== 2) throw fail(`${inputs.length} inputs, expected 2`);
  let melCandidates = inputs.filter((t) => fits(t, [1, WAV2LIP_AUDIO.numMels, WAV2LIP_AUDIO.windowFrames]));
  let faceCandidates = inputs.filter((t) => fits(t, [6, FACE_SIZE, FACE_SIZE]));
  if (melCandidates.length === 2 && faceCandidates.length === 2) {
    melCandidates = inputs.filter((t) => /mel|audio/i.test(t.name));
    faceCandidates = inputs.filter((t) => !/mel|audio/i.test(t.name));
  } else if (melCandidates.length === 1 && faceCandidates.length === 2) {
    faceCandidates = faceCandidates.filter((t) => t !== melCandidates[0]);
  } else if (faceCandidates.length === 1 && melCandidates.length === 2) {
    melCandidates = melCandidates.filter((t) => t !== faceCandidates[0]);
  }
  if (melCandidates.length !== 1) throw fail('no input of shape [B,1,80,16]');
  if (faceCandidates.length !== 1 || faceCandidates[0] === melCandidates[0]) {
    throw fail('no input of shape [B,6,96,96]');
  }
  const picture = outputs.filter((t) => fits(t, [3, FACE_SIZE, FACE_SIZE]));
  if (picture.length !== 1) {
    throw fail(
      picture.length ? 'more than one output of shape [B,3,96,96]' : 'no output of shape [B,3,96,96]',
    );
  }
  const batchDims = [melCandidates[0], faceCandidates[0]]
    .map((t) => t.shape[0])
    .filter((d): d is number => typeof d === 'number' && d > 0);
  if (batchDims.length === 2 && batchDims[0] !== batchDims[1]) {
    throw fail(`the inputs fix different batch sizes ${batchDims[0]} and ${batchDims[1]}`);
  }
  return {
    melInput: melCandidates[0].name,
    faceInput: faceCandidates[0].name,
    output: picture[0].name,
    ...(batchDims.length ? { fixedBatch: batchDims[0] } : {}),
  };
}

function tensorInfo(
  meta: readonly ort.InferenceSession.ValueMetadata[],
  names: readonly string[],
): TensorInfo[] {
  return names.map((name) => {
    const m = meta.find((v) => v.name === name);
    return m && m.isTensor ? { name, type: m.type, shape: m.shape } : { name, type: 'non-tensor', shape: [] };
  });
}

export interface OpenWav2LipOptions {
  executionProvider?: ExecutionPreference;
  logger?: LipsyncLogger;
  /** Threads for one inference on the CPU; ONNX Runtime picks the core count when unset. */
  intraOpThreads?: number;
  /** Shown in messages instead of the path (e.g. the presenter's manifest field). */
  label?: string;
}

async function createSession(
  model: string | Uint8Array,
  provider: 'cuda' | 'cpu',
  options: OpenWav2LipOptions,
): Promise<ort.InferenceSession> {
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    // The CUDA probe fails loudly inside ONNX Runtime when its libraries are absent; we log our own line.
    logSeverityLevel: provider === 'cuda' && options.executionProvider !== 'cuda' ? 4 : 2,
    ...(options.intraOpThreads ? { intraOpNumThreads: options.intraOpThreads } : {}),
  };
  return typeof model === 'string'
    ? ort.InferenceSession.create(model, sessionOptions)
    : ort.InferenceSession.create(model, sessionOptions);
}

/**
 * Opens a Wav2Lip-signature ONNX model with ONNX Runtime: CUDA first, then the CPU, logging which
 * ran (immich media.service's hardware-then-software pattern, docs/conventions.md §7), and checks the
 * signature before any frame is decoded.
 */
export async function openWav2LipSession(
  model: string | Uint8Array,
  options: OpenWav2LipOptions = {},
): Promise<OnnxWav2LipSession> {
  const label = options.label ?? (typeof model === 'string' ? model : 'in-memory model');
  const logger = options.logger ?? stderrLogger;
  if (typeof model === 'string') {
    const stat = await fs.stat(model).catch(() => undefined);
    if (!stat?.isFile()) {
      throw new ClipwrightError(
        ErrorCode.PresenterInvalid,
        `The lip-sync model file ${label} does not exist`,
        {
          path: label,
        },
      );
    }
  }
  const preference = options.executionProvider ?? 'auto';
  let session: ort.InferenceSession | undefined;
  let provider: 'cuda' | 'cpu' = 'cpu';
  const cuda = preference === 'auto' ? cudaProviderInstalled() : undefined;
  if (cuda === false) {
    logger.warn(
      `Wav2Lip ${label}: CUDA execution provider not installed with onnxruntime-node; running on CPU`,
    );
  } else if (preference !== 'cpu') {
    try {
      session = await createSession(model, 'cuda', options);
      provider = 'cuda';
    } catch (e) {
      if (preference === 'cuda') throw loadError(e, label, 'CUDA');
      logger.warn(
        `Wav2Lip ${label}: CUDA execution provider unavailable (${firstLine(e)}); falling back to CPU`,
      );
    }
  }
  if (!session) {
    try {
      session = await createSession(model, 'cpu', options);
    } catch (e) {
      throw loadError(e, label, 'CPU');
    }
  }
  let signature: Wav2LipSignature;
  try {
    signature = matchWav2LipSignature(
      tensorInfo(session.inputMetadata, session.inputNames),
      tensorInfo(session.outputMetadata, session.outputNames),
      label,
    );
  } catch (e) {
    await session.release();
    throw e;
  }
  logger.info(
    `Wav2Lip ${label}: running on ${provider.toUpperCase()} (mel=${signature.melInput}, face=${signature.faceInput}, ` +
      `output=${signature.output}, batch ${signature.fixedBatch ?? 'dynamic'})`,
  );
  return new OnnxWav2LipSession(session, signature, provider, label);
}

/**
 * False when onnxruntime-node's CUDA provider library is plainly absent from its binary folder (the
 * default npm install leaves it out; `--onnxruntime-node-install=cuda12` adds it), so we need not
 * provoke ONNX Runtime's own error log to find out. Undefined when we cannot tell: then just try.
 */
export function cudaProviderInstalled(): boolean | undefined {
  if (process.platform === 'darwin') return false;
  try {
    const dir = path.join(
      path.dirname(require.resolve('onnxruntime-node')),
      '..',
      'bin',
      'napi-v6',
      process.platform,
      process.arch,
    );
    if (!existsSync(dir)) return undefined;
    const lib =
      process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
    return existsSync(path.join(dir, lib));
  } catch {
    return undefined;
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

function loadError(e: unknown, label: string, provider: string): ClipwrightError {
  return new ClipwrightError(
    ErrorCode.PresenterInvalid,
    `The lip-sync model ${label} could not be loaded by ONNX Runtime on ${provider}: ${firstLine(e)}`,
    { path: label, cause: e },
  );
}

export class OnnxWav2LipSession implements Wav2LipRuntime {
  constructor(
    private readonly session: ort.InferenceSession,
    readonly signature: Wav2LipSignature,
    readonly executionProvider: 'cuda' | 'cpu',
    private readonly label: string,
  ) {}

  async infer(mel: Float32Array, face: Float32Array, count: number): Promise<Float32Array> {
    if (mel.length < count * MEL_ITEM || face.length < count * FACE_ITEM) {
      throw new RangeError(`infer: buffers hold fewer than ${count} items`);
    }
    const out = new Float32Array(count * OUTPUT_ITEM);
    // A fixed-batch export takes exactly that many items: run in chunks and pad the last with zeros.
    const chunk = this.signature.fixedBatch ?? count;
    for (let start = 0; start < count; start += chunk) {
      const n = Math.min(chunk, count - start);
      const melChunk = new Float32Array(chunk * MEL_ITEM);
      melChunk.set(mel.subarray(start * MEL_ITEM, (start + n) * MEL_ITEM));
      const faceChunk = new Float32Array(chunk * FACE_ITEM);
      faceChunk.set(face.subarray(start * FACE_ITEM, (start + n) * FACE_ITEM));
      const feeds = {
        [this.signature.melInput]: new ort.Tensor('float32', melChunk, [
          chunk,
          1,
          WAV2LIP_AUDIO.numMels,
          WAV2LIP_AUDIO.windowFrames,
        ]),
        [this.signature.faceInput]: new ort.Tensor('float32', faceChunk, [chunk, 6, FACE_SIZE, FACE_SIZE]),
      };
      let result: ort.InferenceSession.ReturnType;
      try {
        result = await this.session.run(feeds, [this.signature.output]);
      } catch (e) {
        throw new ClipwrightError(
          ErrorCode.Internal,
          `The lip-sync model ${this.label} failed on a batch of ${chunk}: ${firstLine(e)}`,
          { path: this.label, cause: e },
        );
      }
      const tensor = result[this.signature.output];
      const dims = tensor.dims;
      if (
        tensor.type !== 'float32' ||
        dims.length !== 4 ||
        dims[0] !== chunk ||
        dims[1] !== 3 ||
        dims[2] !== FACE_SIZE ||
        dims[3] !== FACE_SIZE
      ) {
        throw new ClipwrightError(
          ErrorCode.PresenterInvalid,
          `The lip-sync model ${this.label} returned ${tensor.type} [${dims.join(',')}] for a batch of ${chunk}; ` +
            `expected ${WAV2LIP_SIGNATURE_TEXT}`,
          { path: this.label, detail: { expected: WAV2LIP_SIGNATURE_TEXT, returned: [...dims] } },
        );
      }
      out.set((tensor.data as Float32Array).subarray(0, n * OUTPUT_ITEM), start * OUTPUT_ITEM);
      tensor.dispose();
    }
    return out;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
