import { createHash, randomInt } from 'node:crypto';
import { canonicalJson, ClipwrightError, ErrorCode } from '@app/core';
import { encodeImagePng } from '../image/rgba-image';
import { loadDiffusionModel, LoadedDiffusionModel } from '../model/diffusion-model.loader';
import type { Component } from '../model/model-folder';
import type { ModelFamily } from '../model/model-family';
import { PipelineTimings, runPipeline } from '../pipeline/diffusion.pipeline';
import {
  DiffusionLogger,
  ExecutionPreference,
  ExecutionProvider,
  OnnxSessionFactory,
  ortSessionFactory,
  stderrDiffusionLogger,
} from '../runtime/onnx-runtime';
import { MAX_SEED } from '../tensor/gaussian-noise';
import {
  ImageParameters,
  resolveParameters,
  ResolvedParameters,
  validateImageParameters,
} from './image-request';
import { DiffusionModelRegistry, modelFingerprint } from './model.registry';
import { prepareImages } from './request-images';
import { defaultUpscaleDir, UpscaleParameters, UpscaleResult, UpscaleService } from './upscale.service';

/** What `generate` takes: the JSON parameters with the pictures as bytes (the caller resolved the references). */
export type GenerateRequest = Omit<ImageParameters, 'image' | 'mask'> & {
  /** PNG, JPEG or WebP to start from (image-to-image, inpainting). */
  image?: Uint8Array;
  /** A mask picture (white = generate) or "alpha": generate where the image is transparent. */
  mask?: Uint8Array | 'alpha';
};

export interface GeneratedImage {
  png: Buffer;
  width: number;
  height: number;
  seed: number;
  /** Equal to the cache key of a one-image request with this seed: cache per picture. */
  cacheKey: string;
}

export interface GenerateResult {
  images: GeneratedImage[];
  model: { id: string; family: ModelFamily; inpainting: boolean };
  parameters: ResolvedParameters & { width: number; height: number };
  /** Where the UNet ran; `fallbacks` says which graphs wanted CUDA and got the CPU, and why. */
  executionProvider: ExecutionProvider;
  fallbacks: { component: Component; reason: string }[];
  prompt: { tokens: number; truncated: boolean };
  timesteps: number[];
  /** Milliseconds. loadMs is 0 when the model's sessions were already open. */
  timings: PipelineTimings & { loadMs: number; totalMs: number };
}

export interface GenerateOptions {
  signal?: AbortSignal;
  /** Denoising progress, 0..1, after each step. */
  onProgress?: (fraction: number) => void;
}

export interface DiffusionEngineOptions {
  /** models/diffusion: one sub-folder per model. */
  modelsDir: string;
  /** Super-resolution models (<id>.onnx); default models/upscale beside modelsDir. */
  upscaleDir?: string;
  /** 'auto' (default): CUDA when onnxruntime-node has it, else the CPU. */
  executionProvider?: ExecutionPreference;
  logger?: DiffusionLogger;
  /** ONNX Runtime by default; tests pass a fake. */
  sessionFactory?: OnnxSessionFactory;
  /** Models kept open at once (GPU memory); the least recently used is released first. Default 1. */
  maxLoadedModels?: number;
  intraOpThreads?: number;
}

/** What a worker tells the queue about itself. */
export interface ProviderAdvertisement {
  preference: ExecutionPreference;
  /** Whether onnxruntime-node's CUDA provider library is present (undefined: cannot tell). */
  cudaInstalled: boolean | undefined;
  /** What sessions will try first. */
  provider: ExecutionProvider;
  loaded: {
    model: string;
    provider: ExecutionProvider;
    fallbacks: { component: Component; reason: string }[];
  }[];
}

/**
 * The service-facing diffusion engine: one per worker process. Validates a request against the
 * model registry, decodes its pictures, opens the model's sessions once (CUDA first) and keeps them
 * for the next request, runs one generation at a time, and answers PNGs with what was done.
 */
export class DiffusionEngine {
  readonly registry: DiffusionModelRegistry;
  readonly upscaling: UpscaleService;
  private readonly preference: ExecutionPreference;
  private readonly logger: DiffusionLogger;
  private readonly factory: OnnxSessionFactory;
  private readonly maxLoaded: number;
  /** Loaded (or loading) models, least recently used first. */
  private readonly models = new Map<string, Promise<LoadedDiffusionModel>>();
  /** The same models once their sessions are open. */
  private readonly ready = new Map<string, LoadedDiffusionModel>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DiffusionEngineOptions) {
    this.registry = new DiffusionModelRegistry(options.modelsDir);
    this.preference = options.executionProvider ?? 'auto';
    this.logger = options.logger ?? stderrDiffusionLogger;
    this.factory = options.sessionFactory ?? ortSessionFactory;
    this.maxLoaded = Math.max(1, options.maxLoadedModels ?? 1);
    this.upscaling = new UpscaleService(
      options.upscaleDir ?? defaultUpscaleDir(options.modelsDir),
      this.factory,
      this.preference,
      this.logger,
    );
  }

  /**
   * Checks a JSON request (the API calls this before queueing: no ONNX, only the model folders' JSON).
   * @throws ClipwrightError IMAGE_REQUEST_INVALID / MODEL_NOT_FOUND / MODEL_INVALID with the JSON path.
   */
  async validate(raw: unknown): Promise<ResolvedParameters> {
    const p = validateImageParameters(raw);
    return resolveParameters(p, await this.registry.get(p.model), () => randomInt(MAX_SEED + 1));
  }

  advertise(): ProviderAdvertisement {
    const cudaInstalled = this.preference === 'cpu' ? undefined : this.factory.cudaInstalled();
    return {
      preference: this.preference,
      cudaInstalled,
      provider: this.preference === 'cpu' || cudaInstalled === false ? 'cpu' : 'cuda',
      loaded: [...this.ready.values()].map((m) => ({
        model: m.folder.id,
        provider: m.provider,
        fallbacks: m.fallbacks,
      })),
    };
  }

  /** Opens a model's sessions now (e.g. at worker start) so the first request does not wait. */
  async preload(id: string): Promise<void> {
    await this.model(id);
  }

  private async model(id: string): Promise<{ model: LoadedDiffusionModel; loadMs: number }> {
    const cached = this.models.get(id);
    if (cached) {
      this.models.delete(id); // re-insert: most recently used last
      this.models.set(id, cached);
      return { model: await cached, loadMs: 0 };
    }
    const started = performance.now();
    const loading = this.registry.get(id).then((folder) =>
      loadDiffusionModel(folder, {
        factory: this.factory,
        preference: this.preference,
        logger: this.logger,
        tuning: this.options.intraOpThreads ? { intraOpThreads: this.options.intraOpThreads } : {},
      }),
    );
    this.models.set(id, loading);
    try {
      const model = await loading;
      this.ready.set(id, model);
      await this.evict();
      return { model, loadMs: performance.now() - started };
    } catch (e) {
      this.models.delete(id); // a broken model is re-read next time (the user may fix it)
      throw e;
    }
  }

  private async evict(): Promise<void> {
    while (this.models.size > this.maxLoaded) {
      const [oldest, promise] = this.models.entries().next().value as [string, Promise<LoadedDiffusionModel>];
      this.models.delete(oldest);
      this.ready.delete(oldest);
      await (await promise).release();
      this.logger.info(`model ${oldest}: sessions released`);
    }
  }

  /**
   * Makes the images a request asks for. Runs after any generation already in progress.
   * @throws ClipwrightError IMAGE_REQUEST_INVALID / MODEL_NOT_FOUND (bad request, with its JSON path),
   *         MODEL_INVALID (the model cannot load: the reason per file), CANCELLED, INTERNAL.
   */
  generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerateResult> {
    const run = this.queue.then(() => this.generateNow(request, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async generateNow(request: GenerateRequest, options: GenerateOptions): Promise<GenerateResult> {
    const started = performance.now();
    const { image, mask, ...json } = request;
    const raw = {
      ...json,
      ...(image ? { image: 'bytes' } : {}),
      ...(mask ? { mask: mask === 'alpha' ? 'alpha' : 'bytes' } : {}),
    };
    const p = validateImageParameters(raw);
    const folder = await this.registry.get(p.model);
    const seed = p.seed ?? randomInt(MAX_SEED + 1);
    let resolved = resolveParameters(p, folder, () => seed);
    const pictures = await prepareImages(resolved, image, mask);
    if (options.signal?.aborted)
      throw new ClipwrightError(ErrorCode.Cancelled, 'The image job was cancelled');
    const { model, loadMs } = await this.model(p.model);
    if (model.family !== folder.family) {
      // The graphs said more than the JSON (a UNet with timestep_cond is LCM): its defaults apply.
      const refined = {
        ...folder,
        family: model.family,
        traits: model.traits,
        schedulerName: model.traits.scheduler,
      };
      resolved = resolveParameters(p, refined, () => seed);
    }
    const out = await runPipeline(
      model,
      {
        ...resolved,
        width: pictures.width,
        height: pictures.height,
        ...(pictures.init ? { init: pictures.init } : {}),
        ...(pictures.mask ? { mask: pictures.mask } : {}),
      },
      {
        ...(options.signal ? { signal: options.signal } : {}),
        onStep: (done, total) => options.onProgress?.(done / total),
      },
    );
    const parameters = { ...resolved, width: pictures.width, height: pictures.height };
    const fingerprint = await modelFingerprint(folder);
    const digest = (b: Uint8Array | 'alpha' | undefined) =>
      b === undefined ? undefined : b === 'alpha' ? 'alpha' : createHash('sha256').update(b).digest('hex');
    const images = out.images.map((img, i) => ({
      png: encodeImagePng(img),
      width: img.width,
      height: img.height,
      seed: out.seeds[i],
      cacheKey: imageCacheKey(
        fingerprint,
        { ...parameters, seed: out.seeds[i], count: 1 },
        digest(image),
        digest(mask),
      ),
    }));
    return {
      images,
      model: { id: folder.id, family: model.family, inpainting: model.inpainting },
      parameters,
      executionProvider: model.provider,
      fallbacks: model.fallbacks,
      prompt: { tokens: out.tokenCount, truncated: out.truncated },
      timesteps: out.timesteps,
      timings: { ...out.timings, loadMs, totalMs: performance.now() - started },
    };
  }

  /**
   * Upscales a picture with a super-resolution model (see UpscaleService.upscale); runs after any
   * generation in progress, as generations do.
   */
  upscale(
    params: UpscaleParameters,
    image: Uint8Array,
    options: GenerateOptions = {},
  ): Promise<UpscaleResult> {
    const run = this.queue.then(() => this.upscaling.upscale(params, image, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Releases every open session. */
  async close(): Promise<void> {
    await this.upscaling.close();
    const all = [...this.models.values()];
    this.models.clear();
    this.ready.clear();
    for (const p of all) await (await p.catch(() => undefined))?.release();
  }
}

/**
 * sha256 over the model's fingerprint, every resolved parameter and the input pictures' digests:
 * equal keys mean the same request, which this engine answers with the same PNG on the same
 * execution provider (it is deterministic per seed), so results can be cached as assets under it.
 */
export function imageCacheKey(
  fingerprint: string,
  parameters: ResolvedParameters,
  image?: string,
  mask?: string,
): string {
  return createHash('sha256')
    .update(canonicalJson({ v: 1, fingerprint, parameters, image: image ?? null, mask: mask ?? null }))
    .digest('hex');
}
