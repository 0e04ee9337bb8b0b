import type * as Ort from 'onnxruntime-node';
import { ClipwrightError, ErrorCode } from '@app/core';

/** What a Piper voice model must look like; named in every signature error. */
export const PIPER_SIGNATURE_TEXT =
  'inputs input int64 [1,N], input_lengths int64 [1], scales float32 [3] (noise, length, noise_w), ' +
  'optional sid int64 [1]; output float32 [1,1,1,T] (a second output w_ceil [1,1,N] gives durations)';

/** One sentence's synthesis: the audio, and samples per phoneme id when the model reports durations. */
export interface PiperInference {
  /** Mono samples in [-1, 1] at the voice's sample rate. */
  audio: Float32Array;
  /** Audio samples each phoneme id lasted (w_ceil frames times the hop length), in id order. */
  samplesPerId?: Float64Array;
}

/** The seam to ONNX Runtime (docs/conventions.md §4): the provider talks to this, unit tests may swap it. */
export interface PiperRuntime {
  /** The model takes a speaker id (`sid`): a multi-speaker voice. */
  readonly takesSpeaker: boolean;
  /** The model exposes per-id durations (a voice patched with piper's patch_voice_with_alignment). */
  readonly reportsDurations: boolean;
  infer(
    ids: readonly number[],
    scales: readonly [number, number, number],
    speaker?: number,
  ): Promise<PiperInference>;
  release(): Promise<void>;
}

interface TensorInfo {
  name: string;
  type?: string;
  shape: ReadonlyArray<number | string>;
}

/**
 * Checks a model's inputs and outputs against Piper's export (piper `train/export_onnx.py`: input,
 * input_lengths, scales, optional sid; the audio first among the outputs), by name as Piper's own
 * runtime feeds them. Throws INVALID_ARGUMENT naming the model and what it has instead.
 */
export function checkPiperSignature(
  inputs: readonly TensorInfo[],
  outputs: readonly TensorInfo[],
  label: string,
): { takesSpeaker: boolean; audioOutput: string; durationOutput?: string } {
  const describe = (ts: readonly TensorInfo[]): string =>
    ts.map((t) => `${t.name} ${t.type ?? '?'} [${t.shape.join(',')}]`).join(', ') || 'none';
  const fail = (why: string): ClipwrightError =>
    new ClipwrightError(
      ErrorCode.InvalidArgument,
      `The Piper voice model ${label} does not have Piper's signature (${why}). Expected ${PIPER_SIGNATURE_TEXT}; ` +
        `it has inputs ${describe(inputs)} and outputs ${describe(outputs)}`,
      { path: label },
    );
  const want: Array<[string, string, boolean]> = [
    ['input', 'int64', true],
    ['input_lengths', 'int64', true],
    ['scales', 'float32', true],
    ['sid', 'int64', false],
  ];
  for (const [name, type, required] of want) {
    const t = inputs.find((i) => i.name === name);
    if (!t && required) throw fail(`no input "${name}"`);
    if (t && t.type !== undefined && t.type !== type) throw fail(`input "${name}" is ${t.type}, not ${type}`);
  }
  const extra = inputs.find((i) => !want.some(([name]) => name === i.name));
  if (extra) throw fail(`unexpected input "${extra.name}"`);
  if (outputs.length === 0) throw fail('no outputs');
  if (outputs[0].type !== undefined && outputs[0].type !== 'float32')
    throw fail(`output "${outputs[0].name}" is not float32`);
  return {
    takesSpeaker: inputs.some((i) => i.name === 'sid'),
    audioOutput: outputs[0].name,
    ...(outputs.length > 1 ? { durationOutput: outputs[1].name } : {}),
  };
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

function tensorInfo(
  meta: readonly Ort.InferenceSession.ValueMetadata[],
  names: readonly string[],
): TensorInfo[] {
  return names.map((name) => {
    const m = meta.find((v) => v.name === name);
    return m && m.isTensor ? { name, type: m.type, shape: m.shape } : { name, type: 'non-tensor', shape: [] };
  });
}

/**
 * Opens a Piper voice with onnxruntime-node on the CPU (Piper voices run faster than real time on
 * one core; the runtime is loaded on first use, so importing @app/speech never loads it) and checks
 * its signature before any text is read.
 */
export async function openPiperSession(
  model: string | Uint8Array,
  label: string,
  hopLength: number,
): Promise<PiperRuntime> {
  const ort = await import('onnxruntime-node');
  let session: Ort.InferenceSession;
  try {
    const options: Ort.InferenceSession.SessionOptions = {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
    };
    session =
      typeof model === 'string'
        ? await ort.InferenceSession.create(model, options)
        : await ort.InferenceSession.create(model, options);
  } catch (e) {
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `The Piper voice model ${label} could not be loaded by ONNX Runtime: ${firstLine(e)}`,
      { path: label, cause: e },
    );
  }
  try {
    const signature = checkPiperSignature(
      tensorInfo(session.inputMetadata, session.inputNames),
      tensorInfo(session.outputMetadata, session.outputNames),
      label,
    );
    return new OnnxPiperSession(ort, session, signature, label, hopLength);
  } catch (e) {
    await session.release();
    throw e;
  }
}

class OnnxPiperSession implements PiperRuntime {
  readonly takesSpeaker: boolean;
  readonly reportsDurations: boolean;

  constructor(
    private readonly ort: typeof Ort,
    private readonly session: Ort.InferenceSession,
    private readonly signature: ReturnType<typeof checkPiperSignature>,
    private readonly label: string,
    private readonly hopLength: number,
  ) {
    this.takesSpeaker = signature.takesSpeaker;
    this.reportsDurations = signature.durationOutput !== undefined;
  }

  async infer(
    ids: readonly number[],
    scales: readonly [number, number, number],
    speaker?: number,
  ): Promise<PiperInference> {
    const { Tensor } = this.ort;
    const feeds: Record<string, Ort.Tensor> = {
      input: new Tensor(
        'int64',
        BigInt64Array.from(ids, (i) => BigInt(i)),
        [1, ids.length],
      ),
      input_lengths: new Tensor('int64', BigInt64Array.from([BigInt(ids.length)]), [1]),
      scales: new Tensor('float32', Float32Array.from(scales), [3]),
    };
    if (this.takesSpeaker) feeds.sid = new Tensor('int64', BigInt64Array.from([BigInt(speaker ?? 0)]), [1]);
    const wanted = [
      this.signature.audioOutput,
      ...(this.signature.durationOutput ? [this.signature.durationOutput] : []),
    ];
    let result: Ort.InferenceSession.ReturnType;
    try {
      result = await this.session.run(feeds, wanted);
    } catch (e) {
      throw new ClipwrightError(
        ErrorCode.SpeechFailed,
        `The Piper voice model ${this.label} failed on a sentence of ${ids.length} phoneme ids: ${firstLine(e)}`,
        { path: this.label, cause: e },
      );
    }
    const audioTensor = result[this.signature.audioOutput];
    if (
      audioTensor.type !== 'float32' ||
      audioTensor.dims.some((d, i) => i < audioTensor.dims.length - 1 && d !== 1)
    ) {
      throw new ClipwrightError(
        ErrorCode.InvalidArgument,
        `The Piper voice model ${this.label} returned ${audioTensor.type} [${audioTensor.dims.join(',')}]; expected ${PIPER_SIGNATURE_TEXT}`,
        { path: this.label },
      );
    }
    const audio = Float32Array.from(audioTensor.data as Float32Array);
    audioTensor.dispose();
    let samplesPerId: Float64Array | undefined;
    if (this.signature.durationOutput) {
      const d = result[this.signature.durationOutput];
      const values = d.data as ArrayLike<number | bigint>;
      // Durations that do not line up with the ids are ignored (the aligner is used instead).
      if (values.length === ids.length) {
        samplesPerId = Float64Array.from(Array.from(values, (v) => Number(v) * this.hopLength));
      }
      d.dispose();
    }
    return { audio, ...(samplesPerId ? { samplesPerId } : {}) };
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
