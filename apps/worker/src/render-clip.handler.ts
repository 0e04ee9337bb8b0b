import { createReadStream, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from 'pino';
import { ClipwrightError, ErrorCode, toClipwrightError } from '@app/core';
import type { RenderRequest, RenderedItem } from '@app/engine';
import { AssetRepository, JobState, JobRepository, NewOutput } from '@app/persistence';
import { JobContext, JobHandler, JobName, JobOutcome, JobPayloadMap } from '@app/queue';
import type { ObjectStorage } from '@app/storage';
import { assetImageSource } from './asset-image.source';
import { CancelRegistry } from './cancel.registry';

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.srt': 'application/x-subrip',
  '.vtt': 'text/vtt',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
};

/** `<workspace>/jobs/<job>/<file>`: the same keys on every attempt, so a rerun overwrites, never adds. */
export function outputKey(workspaceId: string, jobId: string, name: string): string {
  return `${workspaceId}/jobs/${jobId}/${name}`;
}

export interface RenderClipDeps {
  jobs: Pick<JobRepository, 'get' | 'start' | 'progress' | 'complete' | 'fail' | 'retrying'>;
  engine: { render(request: RenderRequest): Promise<RenderedItem[]> };
  /** Uploaded images the job's data names (`asset:<id>`), looked up in the job's workspace. */
  assets: Pick<AssetRepository, 'get'>;
  storage: Pick<ObjectStorage, 'put' | 'delete' | 'get'>;
  cancels: CancelRegistry;
  logger: Logger;
  /** Where renders stage their files (default: the OS temp folder). */
  tmpDir?: string;
  /** Least time between two progress writes to the database. */
  progressIntervalMs?: number;
}

/**
 * Renders one job row. Expected cases are outcomes (CONVENTIONS.md §3): a row that is gone, finished
 * or cancelled is Skipped; bad input is Failed on the row at once and never retried. Anything else
 * is thrown, so BullMQ retries it with backoff, and recorded on the row (queued again, or failed on
 * the last attempt). Outputs become visible only through `complete`, which records them in the same
 * transaction that moves the row from active to completed: a half-uploaded job shows nothing.
 */
export class RenderClipHandler implements JobHandler<JobName.RenderClip> {
  readonly name = JobName.RenderClip;

  constructor(private readonly deps: RenderClipDeps) {}

  async handle(
    { workspaceId, jobId }: JobPayloadMap[JobName.RenderClip],
    ctx: JobContext,
  ): Promise<JobOutcome> {
    const { jobs, logger } = this.deps;
    const log = logger.child({ jobId, workspaceId, attempt: ctx.attempt });
    const row = await jobs.get(workspaceId, jobId);
    if (!row) {
      log.warn('job row not found; skipping');
      return JobOutcome.Skipped;
    }
    if (!(await jobs.start(workspaceId, jobId, ctx.attempt))) {
      log.info({ state: row.state }, 'job is no longer runnable; skipping');
      return JobOutcome.Skipped;
    }
    const controller = this.deps.cancels.register(jobId);
    const work = await fs.mkdtemp(path.join(this.deps.tmpDir ?? os.tmpdir(), `clipwright-${jobId}-`));
    const started = Date.now();
    try {
      log.info({ template: row.template }, 'render started');
      const rendered = await this.deps.engine.render({
        templateId: row.template,
        data: row.data,
        dataSource: 'data',
        select: row.select ?? undefined,
        outDir: path.join(work, 'out'),
        aspects: row.aspects.length ? row.aspects : undefined,
        signal: controller.signal,
        images: assetImageSource(workspaceId, this.deps.assets, this.deps.storage),
        onProgress: this.progressWriter(workspaceId, jobId, ctx, controller, log),
      });
      if (rendered.length !== 1) {
        throw new ClipwrightError(ErrorCode.InvalidArgument, `The data holds ${rendered.length} items`, {
          path: 'select',
        });
      }
      const outputs = await this.upload(workspaceId, jobId, rendered[0]);
      if (!(await jobs.complete(workspaceId, jobId, rendered[0].result, outputs))) {
        const now = await jobs.get(workspaceId, jobId);
        if (now?.state === JobState.Cancelled) {
          await Promise.all(
            outputs.map((o) => this.deps.storage.delete(o.storageKey).catch(() => undefined)),
          );
        }
        log.info({ state: now?.state }, 'job was finished elsewhere or cancelled; not completing it again');
        return JobOutcome.Skipped;
      }
      log.info({ seconds: (Date.now() - started) / 1000, outputs: outputs.length }, 'render completed');
      return JobOutcome.Success;
    } catch (e) {
      const err = toClipwrightError(e);
      if (controller.signal.aborted || err.code === ErrorCode.Cancelled) {
        const now = await jobs.get(workspaceId, jobId);
        if (now?.state === JobState.Cancelled) {
          log.info('render cancelled');
          return JobOutcome.Skipped;
        }
      }
      const error = { code: err.code, message: err.message, ...(err.path ? { path: err.path } : {}) };
      if (err.isInputError) {
        await jobs.fail(workspaceId, jobId, error);
        log.warn({ error }, 'render failed on its input; not retrying');
        return JobOutcome.Failed;
      }
      const last = ctx.attempt >= ctx.maxAttempts;
      await (last ? jobs.fail(workspaceId, jobId, error) : jobs.retrying(workspaceId, jobId, error));
      log.error({ error, logTail: err.detail?.logTail, willRetry: !last }, 'render failed');
      throw err;
    } finally {
      this.deps.cancels.unregister(jobId, controller);
      await fs.rm(work, { recursive: true, force: true });
    }
  }

  private progressWriter(
    workspaceId: string,
    jobId: string,
    ctx: JobContext,
    controller: AbortController,
    log: Logger,
  ): (e: { stage: string; fraction: number }) => void {
    const interval = this.deps.progressIntervalMs ?? 500;
    let last = 0;
    let lastStage = '';
    return (e) => {
      const now = Date.now();
      if (e.stage === lastStage && now - last < interval) return;
      last = now;
      lastStage = e.stage;
      const fraction = Math.min(0.99, Math.max(0, e.fraction));
      void ctx.reportProgress(fraction).catch(() => undefined);
      // The guarded UPDATE doubles as the cancel poll: it applies only while the row is active.
      this.deps.jobs
        .progress(workspaceId, jobId, fraction, e.stage)
        .then((applied) => {
          if (!applied && !controller.signal.aborted) {
            log.info('job row is no longer active; stopping the render');
            controller.abort();
          }
        })
        .catch((err: unknown) => log.warn({ err: String(err) }, 'progress write failed'));
    };
  }

  private async upload(workspaceId: string, jobId: string, item: RenderedItem): Promise<NewOutput[]> {
    const names = (await fs.readdir(item.outDir)).filter((n) => !n.startsWith('.')).sort();
    const aspects = new Map(item.result.outputs.map((o) => [o.path, o.aspect]));
    const outputs: NewOutput[] = [];
    for (const name of names) {
      const file = path.join(item.outDir, name);
      const { size } = await fs.stat(file);
      const contentType = CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream';
      const storageKey = outputKey(workspaceId, jobId, name);
      await this.deps.storage.put(storageKey, createReadStream(file), { contentType, size });
      outputs.push({ name, aspect: aspects.get(name) ?? null, storageKey, size, contentType });
    }
    return outputs;
  }
}
