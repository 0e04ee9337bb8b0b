import type { Logger } from 'pino';
import { isOutage, publicError, toClipwrightError } from '@app/core';
import type { DiffusionEngine } from '@app/diffusion';
import { validateImageParameters, validateUpscaleParameters } from '@app/diffusion';
import { AssetRepository, JobState, JobRepository, NewOutput } from '@app/persistence';
import { JobContext, JobHandler, JobName, JobOutcome, JobPayloadMap } from '@app/queue';
import type { ObjectStorage } from '@app/storage';
import { assetImageSource } from './asset-image.source';
import { recordFailure, startRun } from './job-run.start';
import { CancelRegistry, StopReason } from './cancel.registry';
import { retryOutage } from './outage-retry';
import { outputKey } from './render-clip.handler';

type ImageJobName = JobName.GenerateImage | JobName.UpscaleImage;

export interface ImageJobDeps {
  jobs: Pick<JobRepository, 'get' | 'start' | 'progress' | 'complete' | 'fail' | 'retrying'>;
  /** One per worker process: it keeps the model's sessions open between jobs. */
  engine: Pick<DiffusionEngine, 'generate' | 'upscale'>;
  assets: Pick<AssetRepository, 'get'>;
  storage: Pick<ObjectStorage, 'put' | 'delete' | 'get'>;
  cancels: CancelRegistry;
  logger: Logger;
  retryWindowMs?: number;
  progressIntervalMs?: number;
}

/** What one run made: the PNGs and what the job's result says about them. */
interface Made {
  files: { name: string; png: Buffer }[];
  result: Record<string, unknown>;
}

/**
 * Runs one image job row (POST /v1/images or /v1/images/upscale) on a generate worker, with the
 * render handler's rules (CONVENTIONS.md §3): the run's attempt from `start` fences every write;
 * progress is the fraction of denoising steps (or upscale tiles) done, and its guarded write doubles
 * as the cancel poll; each PNG goes to storage whole under this run's own prefix
 * (`<ws>/jobs/<job>/a<attempt>/image-<n>.png`) and becomes the job's output only through `complete`.
 * Bad input (a size the model refuses, a missing model, an unreadable picture) fails the job with its
 * code and JSON path, never retried; an outage or a shutdown gives the job back; anything else is
 * thrown for BullMQ to retry.
 */
export class ImageJobHandler implements JobHandler<ImageJobName> {
  constructor(
    readonly name: ImageJobName,
    private readonly deps: ImageJobDeps,
  ) {}

  async handle({ workspaceId, jobId }: JobPayloadMap[ImageJobName], ctx: JobContext): Promise<JobOutcome> {
    const { jobs } = this.deps;
    const started = await startRun(jobs, this.deps.logger, workspaceId, jobId);
    if (typeof started === 'string') return started;
    const { row, attempt, log } = started;
    const controller = this.deps.cancels.register(jobId);
    const onShutdown = () => controller.abort(StopReason.Shutdown);
    ctx.shutdown?.addEventListener('abort', onShutdown, { once: true });
    const run = { workspaceId, jobId, attempt, ctx, controller, log };
    try {
      log.info({ kind: row.kind, model: row.template }, 'image job started');
      const onProgress = this.progressWriter(run);
      const made =
        this.name === JobName.UpscaleImage
          ? await this.upscale(row.data, workspaceId, controller.signal, onProgress)
          : await this.generate(row.data, workspaceId, controller.signal, onProgress);
      const outputs = await this.upload(run, made);
      const completed = await retryOutage(
        'database',
        () => jobs.complete(workspaceId, jobId, attempt, made.result, outputs),
        { windowMs: this.deps.retryWindowMs ?? 600_000, signal: controller.signal },
      );
      if (!completed) {
        await Promise.all(outputs.map((o) => this.deps.storage.delete(o.storageKey).catch(() => undefined)));
        log.info('job finished elsewhere, cancelled or taken over; outputs discarded');
        return JobOutcome.Skipped;
      }
      log.info({ outputs: outputs.length }, 'image job completed');
      return JobOutcome.Success;
    } catch (e) {
      return await this.onError(e, run);
    } finally {
      ctx.shutdown?.removeEventListener('abort', onShutdown);
      this.deps.cancels.unregister(jobId, controller);
    }
  }

  private async generate(
    data: unknown,
    workspaceId: string,
    signal: AbortSignal,
    onProgress: (f: number) => void,
  ): Promise<Made> {
    const { image, mask, ...params } = validateImageParameters(data);
    const read = assetImageSource(workspaceId, this.deps.assets, this.deps.storage);
    const r = await this.deps.engine.generate(
      {
        ...params,
        ...(image ? { image: await read(image, signal) } : {}),
        ...(mask ? { mask: mask === 'alpha' ? ('alpha' as const) : await read(mask, signal) } : {}),
      },
      { signal, onProgress },
    );
    return {
      files: r.images.map((img, i) => ({ name: `image-${i + 1}.png`, png: img.png })),
      result: {
        kind: 'image',
        model: r.model,
        parameters: r.parameters,
        images: r.images.map((img, i) => ({
          name: `image-${i + 1}.png`,
          width: img.width,
          height: img.height,
          seed: img.seed,
          cacheKey: img.cacheKey,
        })),
        executionProvider: r.executionProvider,
        fallbacks: r.fallbacks,
        prompt: r.prompt,
        timings: r.timings,
      },
    };
  }

  private async upscale(
    data: unknown,
    workspaceId: string,
    signal: AbortSignal,
    onProgress: (f: number) => void,
  ): Promise<Made> {
    const params = validateUpscaleParameters(data);
    const read = assetImageSource(workspaceId, this.deps.assets, this.deps.storage);
    const bytes = await read(params.image ?? '', signal);
    const r = await this.deps.engine.upscale(params, bytes, { signal, onProgress });
    return {
      files: [{ name: 'image-1.png', png: r.png }],
      result: {
        kind: 'upscale',
        model: params.model,
        width: r.width,
        height: r.height,
        factor: r.factor,
        executionProvider: r.executionProvider,
        ...(r.fallbackReason ? { fallbackReason: r.fallbackReason } : {}),
      },
    };
  }

  private async upload(run: Run, made: Made): Promise<NewOutput[]> {
    const outputs: NewOutput[] = [];
    for (const { name, png } of made.files) {
      const storageKey = outputKey(run.workspaceId, run.jobId, run.attempt, name);
      // A put is all or nothing (ObjectStorage): a reader never sees part of a PNG.
      await retryOutage(
        'storage',
        () => this.deps.storage.put(storageKey, png, { contentType: 'image/png', size: png.length }),
        {
          windowMs: this.deps.retryWindowMs ?? 600_000,
          signal: run.controller.signal,
          onRetry: (e, delayMs) =>
            run.log.warn({ file: name, err: String(e), delayMs }, 'storage unavailable; upload retried'),
        },
      );
      outputs.push({ name, aspect: null, storageKey, size: png.length, contentType: 'image/png' });
    }
    return outputs;
  }

  private async onError(e: unknown, run: Run): Promise<JobOutcome> {
    const { jobs } = this.deps;
    const { workspaceId, jobId, attempt, log } = run;
    const reason = run.controller.signal.reason as unknown;
    const err = toClipwrightError(e);
    if (reason === StopReason.Shutdown || isOutage(e)) {
      await jobs
        .retrying(workspaceId, jobId, attempt, reason === StopReason.Shutdown ? null : publicError(e))
        .catch(() => false);
      log.warn({ err: String(e) }, 'image job handed back (shutdown or a dependency down)');
      return JobOutcome.Deferred;
    }
    if (run.controller.signal.aborted || err.code === 'CANCELLED') {
      const now = await jobs.get(workspaceId, jobId);
      if (now?.state === JobState.Cancelled || (now && now.attempts !== attempt)) {
        log.info({ state: now.state }, 'image job stopped: cancelled or taken over');
        return JobOutcome.Skipped;
      }
    }
    const settled = await recordFailure(jobs, { ...run, log }, err, 'image job');
    if (settled === JobOutcome.Failed) return settled;
    const last = settled.last;
    log.error(
      { code: err.code, err: err.message, cause: String(err.cause ?? ''), willRetry: !last },
      'image job failed',
    );
    throw err;
  }

  /** Progress writes, at most one per interval; a refused write (cancelled, taken over) stops the run. */
  private progressWriter(run: Run): (fraction: number) => void {
    const interval = this.deps.progressIntervalMs ?? 250;
    let last = 0;
    return (f) => {
      const now = Date.now();
      if (now - last < interval && f < 1) return;
      last = now;
      const fraction = Math.min(0.99, Math.max(0, f));
      void run.ctx.reportProgress(fraction).catch(() => undefined);
      const stage = this.name === JobName.UpscaleImage ? 'upscale' : 'generate';
      this.deps.jobs
        .progress(run.workspaceId, run.jobId, run.attempt, fraction, stage)
        .then((applied) => {
          if (!applied && !run.controller.signal.aborted) {
            run.log.info('job row is no longer this active run; stopping');
            run.controller.abort(StopReason.Cancel);
          }
        })
        .catch((err: unknown) => run.log.warn({ err: String(err) }, 'progress write failed'));
    };
  }
}

interface Run {
  workspaceId: string;
  jobId: string;
  attempt: number;
  ctx: JobContext;
  controller: AbortController;
  log: Logger;
}
