import * as ort from 'onnxruntime-node';
import { ClipwrightError, ErrorCode } from '@app/core';
import { lipsync } from '@app/presenter';

/** Where sessions should run: 'auto' tries CUDA and falls back to the CPU. */
export type ExecutionPreference = lipsync.ExecutionPreference;

/** Where a session actually runs. */
export type ExecutionProvider = 'cuda' | 'cpu';

/** A graph input or output as the session's metadata describes it (onnxruntime-node ValueMetadata). */
export interface TensorSpec {
  name: string;
  /** ONNX Runtime's type name: 'float32', 'float16', 'int32', 'int64', ...; 'non-tensor' for maps/sequences. */
  type: string;
  /** Fixed sizes as numbers; symbolic or unknown dimensions as strings or negative numbers. */
  shape: ReadonlyArray<number | string>;
}

/** The part of ort.InferenceSession the engine uses: the one seam to ONNX Runtime (docs/conventions.md §4). */
export interface OnnxSession {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  run(feeds: Record<string, ort.Tensor>, fetches?: readonly string[]): Promise<Record<string, ort.Tensor>>;
  release(): Promise<void>;
}

/** Makes sessions from model files; tests swap in a fake to exercise provider fallback. */
export interface OnnxSessionFactory {
  /** @throws whatever ONNX Runtime throws when the file cannot be loaded on that provider. */
  create(file: string, provider: ExecutionProvider, options: SessionTuning): Promise<OnnxSession>;
  /** True/false when it can tell whether the CUDA provider is installed, undefined when it cannot. */
  cudaInstalled(): boolean | undefined;
}

export interface SessionTuning {
  /** CPU threads for one inference; ONNX Runtime picks the core count when unset. */
  intraOpThreads?: number;
  /** Quiet ONNX Runtime's own log while probing CUDA (we log one line of our own). */
  quiet?: boolean;
}

/** The two levels used here (the lip-sync renderer's logger shape); a pino Logger fits as it is. */
export type DiffusionLogger = lipsync.LipsyncLogger;

/** Plain lines on stderr when the caller passes no logger (the CLI; tests pass their own). */
export const stderrDiffusionLogger: DiffusionLogger = {
  info: (m) => process.stderr.write(`[diffusion] ${m}\n`),
  warn: (m) => process.stderr.write(`[diffusion] warning: ${m}\n`),
};

function specs(meta: readonly ort.InferenceSession.ValueMetadata[], names: readonly string[]): TensorSpec[] {
  return names.map((name) => {
    const m = meta.find((v) => v.name === name);
    return m && m.isTensor
      ? { name, type: m.type, shape: [...m.shape] }
      : { name, type: 'non-tensor', shape: [] };
  });
}

class OrtSession implements OnnxSession {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  constructor(private readonly session: ort.InferenceSession) {
    this.inputs = specs(session.inputMetadata, session.inputNames);
    this.outputs = specs(session.outputMetadata, session.outputNames);
  }
  run(feeds: Record<string, ort.Tensor>, fetches?: readonly string[]): Promise<Record<string, ort.Tensor>> {
    return fetches ? this.session.run(feeds, [...fetches]) : this.session.run(feeds);
  }
  release(): Promise<void> {
    return this.session.release();
  }
}

/**
 * onnxruntime-node. Sessions are made from the file path (not bytes) so that external weight files
 * (`model.onnx_data`, `weights.pb`) resolve beside the model.
 */
export const ortSessionFactory: OnnxSessionFactory = {
  async create(file, provider, tuning) {
    const session = await ort.InferenceSession.create(file, {
      executionProviders: [provider],
      graphOptimizationLevel: 'all',
      logSeverityLevel: tuning.quiet ? 4 : 3,
      ...(tuning.intraOpThreads ? { intraOpNumThreads: tuning.intraOpThreads } : {}),
    });
    return new OrtSession(session);
  },
  cudaInstalled: lipsync.cudaProviderInstalled,
};

export function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/** A session and where it ended up. */
export interface OpenedSession {
  session: OnnxSession;
  provider: ExecutionProvider;
  /** Why CUDA was not used although the preference allowed it; absent when it was, or when 'cpu' was asked. */
  fallbackReason?: string;
}

/**
 * Opens one model file: CUDA first when the preference allows and the provider is installed, the CPU
 * otherwise or when CUDA fails, logging which and why (immich's hardware-then-software pattern,
 * docs/conventions.md §7).
 * @throws ClipwrightError MODEL_INVALID with ONNX Runtime's reason when the file cannot load at all
 *         (or on CUDA when 'cuda' was required).
 */
export async function openSession(
  factory: OnnxSessionFactory,
  file: string,
  label: string,
  preference: ExecutionPreference,
  logger: DiffusionLogger,
  tuning: SessionTuning = {},
): Promise<OpenedSession> {
  let fallbackReason: string | undefined;
  if (preference !== 'cpu') {
    const installed = preference === 'cuda' ? true : factory.cudaInstalled();
    if (installed === false) {
      fallbackReason = 'the CUDA execution provider is not installed with onnxruntime-node';
    } else {
      try {
        const session = await factory.create(file, 'cuda', { ...tuning, quiet: preference === 'auto' });
        return { session, provider: 'cuda' };
      } catch (e) {
        if (preference === 'cuda') throw loadError(e, label, 'CUDA');
        fallbackReason = `CUDA could not load it (${firstLine(e)})`;
      }
    }
    logger.warn(`${label}: ${fallbackReason}; running on CPU`);
  }
  try {
    return {
      session: await factory.create(file, 'cpu', tuning),
      provider: 'cpu',
      ...(fallbackReason ? { fallbackReason } : {}),
    };
  } catch (e) {
    throw loadError(e, label, 'CPU');
  }
}

function loadError(e: unknown, label: string, provider: string): ClipwrightError {
  return new ClipwrightError(
    ErrorCode.ModelInvalid,
    `${label} could not be loaded by ONNX Runtime on ${provider}: ${firstLine(e)}`,
    {
      path: label,
      cause: e,
    },
  );
}
