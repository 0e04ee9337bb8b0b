import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from 'pino';
import {
  isOutage,
  publicError,
  ServiceError,
  ServiceErrorCode,
  stripControlCharacters,
  stripControlCharactersDeep,
  toClipwrightError,
} from '@app/core';
import type { RenderRequest, RenderedItem } from '@app/engine';
import { AssetRepository, JobEntity, JobState, JobRepository, NewOutput } from '@app/persistence';
import { JobContext, JobHandler, JobName, JobOutcome, JobPayloadMap } from '@app/queue';
import type { RightsStore } from '@app/provenance';
import { parseLexicon } from '@app/speech';
import type { ObjectStorage } from '@app/storage';
import { assetImageSource, fetchVoiceOver } from './asset-image.source';
import { recordFailure, startRun } from './job-run.start';
import { CancelRegistry, StopReason } from './cancel.registry';
import { retryOutage } from './outage-retry';
import { zipTimelineFolders } from './timeline.zipper';
import { KeptRender, StagingArea } from './staging.area';

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.srt': 'application/x-subrip',
  '.vtt': 'text/vtt',
  // IANA-registered for TTML (W3C TTML2 Annex, RFC 7303 +xml suffix).
  '.ttml': 'application/ttml+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.zip': 'application/zip',
};
/** Text outputs: control characters from the data never reach them (a NUL in script.txt, ...). */
const TEXT_OUTPUTS = new Set(['.txt', '.srt', '.vtt', '.ttml']);

/**
 * `<workspace>/jobs/<job>/a<attempt>/<file>`: each run writes under its own prefix, so a stale run
 * (one that lost its lock while another run took the job) can never overwrite what the winning run
 * delivered. The job's outputs are the keys its completing run recorded in the same transaction.
 */
export function outputKey(workspaceId: string, jobId: string, attempt: number, name: string): string {
  return `${workspaceId}/jobs/${jobId}/a${attempt}/${name}`;
}

export interface RenderClipDeps {
  jobs: Pick<JobRepository, 'get' | 'start' | 'progress' | 'complete' | 'fail' | 'retrying'>;
  engine: { render(request: RenderRequest): Promise<RenderedItem[]> };
  /** Uploaded images the job's data names (`asset:<id>`), looked up in the job's workspace. */
  assets: Pick<AssetRepository, 'get'>;
  storage: Pick<ObjectStorage, 'put' | 'delete' | 'get'>;
  cancels: CancelRegistry;
  staging: StagingArea;
  logger: Logger;
  /** How long one run retries storing its files, and completing the row, through an outage. */
  retryWindowMs?: number;
  /** Least time between two progress writes to the database. */
  progressIntervalMs?: number;
  /** The workspaces' label profiles, commercial flags and consent records (the TypeORM store). */
  rights: Pick<RightsStore, 'settings' | 'listConsents'>;
}

/**
 * Renders one job row. Expected cases are outcomes (docs/conventions.md §3): a row that is gone,
 * finished or cancelled is Skipped; bad input is Failed at once and never retried; a dependency
 * outage or a shutdown is Deferred (the job goes back to the queue without spending an attempt,
 * and a finished render is kept in staging so the next run only uploads it). Anything else is
 * thrown, so BullMQ retries it with backoff. Every write names the run's attempt (the fence from
 * `start`); outputs become visible only through `complete`, which records them in the same
 * transaction that moves the row from active to completed.
 */
export class RenderClipHandler implements JobHandler<JobName.RenderClip> {
  readonly name = JobName.RenderClip;

  constructor(private readonly deps: RenderClipDeps) {}

  async handle(
    { workspaceId, jobId }: JobPayloadMap[JobName.RenderClip],
    ctx: JobContext,
  ): Promise<JobOutcome> {
    const { jobs } = this.deps;
    const started = await startRun(jobs, this.deps.logger, workspaceId, jobId);
    if (typeof started === 'string') return started;
    const { row, attempt, log } = started;
    const controller = this.deps.cancels.register(jobId);
    const onShutdown = () => controller.abort(StopReason.Shutdown);
    ctx.shutdown?.addEventListener('abort', onShutdown, { once: true });
    let dir = '';
    let kept: KeptRender | null = null;
    try {
      ({ dir, kept } = await this.deps.staging.open(workspaceId, jobId, attempt));
      if (kept) log.info({ renderedBy: kept.attempt }, 'delivering the render an earlier run finished');
      else kept = await this.render(row, dir, attempt, ctx, controller, log);
      const outputs = await this.upload(workspaceId, jobId, attempt, kept, controller.signal, log);
      const completed = await retryOutage(
        'database',
        () => jobs.complete(workspaceId, jobId, attempt, kept!.result, outputs),
        { windowMs: this.deps.retryWindowMs ?? 600_000, signal: controller.signal },
      );
      if (!completed) {
        // Cancelled meanwhile, or a newer run holds the job: this run's objects are nobody's.
        await Promise.all(outputs.map((o) => this.deps.storage.delete(o.storageKey).catch(() => undefined)));
        const now = await jobs.get(workspaceId, jobId);
        log.info(
          { state: now?.state, attempts: now?.attempts },
          'job finished elsewhere, cancelled or taken over; outputs discarded',
        );
        await this.deps.staging.remove(dir);
        return JobOutcome.Skipped;
      }
      await this.deps.staging.remove(dir);
      log.info({ outputs: outputs.length }, 'render completed');
      return JobOutcome.Success;
    } catch (e) {
      return await this.onError(e, { workspaceId, jobId, attempt, ctx, controller, dir, kept, log });
    } finally {
      ctx.shutdown?.removeEventListener('abort', onShutdown);
      this.deps.cancels.unregister(jobId, controller);
    }
  }

  private async render(
    row: JobEntity,
    dir: string,
    attempt: number,
    ctx: JobContext,
    controller: AbortController,
    log: Logger,
  ): Promise<KeptRender> {
    const started = Date.now();
    log.info({ template: row.template }, 'render started');
    // Read at render time: a consent revoked after the job was queued stops it here.
    const [settings, consents] = await Promise.all([
      this.deps.rights.settings(row.workspaceId),
      this.deps.rights.listConsents(row.workspaceId),
    ]);
    const rendered = await this.deps.engine.render({
      templateId: row.template,
      data: row.data,
      dataSource: 'data',
      select: row.select ?? undefined,
      outDir: path.join(dir, `out-a${attempt}`),
      aspects: row.aspects.length ? row.aspects : undefined,
      signal: controller.signal,
      images: assetImageSource(row.workspaceId, this.deps.assets, this.deps.storage),
      names: { voiceOver: '$.voiceOver', timeline: '$.timeline' },
      ...(row.timeline?.length ? { timeline: row.timeline } : {}),
      ...(row.speech?.lexicon ? { lexicon: parseLexicon(row.speech.lexicon, '$.lexicon') } : {}),
      // The workspace's brand kit as it was when the job was made (its logo an `asset:<id>` that
      // `images` resolves); the template's own look where the kit sets nothing.
      ...(row.brand ? { brand: row.brand } : {}),
      ...(row.speech?.voiceOver
        ? { voiceOver: await fetchVoiceOver(row.workspaceId, row.speech.voiceOver, dir, attempt, this.deps) }
        : {}),
      onProgress: this.progressWriter(row.workspaceId, row.id, attempt, ctx, controller, log),
      provenance: {
        contentId: row.id,
        workspace: {
          id: row.workspaceId,
          commercial: settings.commercial,
          labelProfile: settings.labelProfile,
          ...(settings.providerCode ? { providerCode: settings.providerCode } : {}),
        },
        consents,
      },
    });
    if (rendered.length !== 1) {
      throw new ServiceError(ServiceErrorCode.SelectRequired, `The data holds ${rendered.length} items`, {
        path: '$.select',
      });
    }
    log.info({ seconds: (Date.now() - started) / 1000 }, 'render finished');
    // Control characters out of every string (the result repeats the script and the data's texts).
    const result = stripControlCharactersDeep(rendered[0].result);
    await fs.writeFile(path.join(rendered[0].outDir, 'result.json'), JSON.stringify(result, null, 2) + '\n');
    return this.deps.staging.markRendered(dir, rendered[0].outDir, result, attempt);
  }

  private async onError(
    e: unknown,
    s: {
      workspaceId: string;
      jobId: string;
      attempt: number;
      ctx: JobContext;
      controller: AbortController;
      dir: string;
      kept: KeptRender | null;
      log: Logger;
    },
  ): Promise<JobOutcome> {
    const { jobs } = this.deps;
    const { workspaceId, jobId, attempt, log } = s;
    const reason = s.controller.signal.reason as unknown;
    const err = toClipwrightError(e);
    if (reason === StopReason.Shutdown || isOutage(e)) {
      // The job goes back to the queue; a finished render stays for the next run to upload.
      if (!s.kept && s.dir) await this.deps.staging.remove(s.dir);
      const error = reason === StopReason.Shutdown ? null : publicError(e);
      await jobs.retrying(workspaceId, jobId, attempt, error).catch(() => false);
      log.warn(
        { err: String(e), cause: String(err.cause ?? ''), keptRender: Boolean(s.kept) },
        reason === StopReason.Shutdown
          ? 'worker shutting down; job handed back'
          : 'dependency unavailable; job deferred',
      );
      return JobOutcome.Deferred;
    }
    if (s.dir) await this.deps.staging.remove(s.dir);
    if (s.controller.signal.aborted || err.code === 'CANCELLED') {
      const now = await jobs.get(workspaceId, jobId);
      if (now?.state === JobState.Cancelled) {
        log.info('render cancelled');
        return JobOutcome.Skipped;
      }
      if (now && now.attempts !== attempt) {
        log.info({ attempts: now.attempts }, 'a newer run holds the job; this one stopped');
        return JobOutcome.Skipped;
      }
    }
    const settled = await recordFailure(jobs, { ...s, log }, err, 'render');
    if (settled === JobOutcome.Failed) return settled;
    const last = settled.last;
    // The log keeps what the client does not see: the message, the tool's log, the cause.
    log.error(
      {
        code: err.code,
        err: err.message,
        logTail: err.detail?.logTail,
        cause: String(err.cause ?? ''),
        willRetry: !last,
      },
      'render failed',
    );
    throw err;
  }

  private progressWriter(
    workspaceId: string,
    jobId: string,
    attempt: number,
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
      // The guarded UPDATE doubles as the cancel poll and the fence: it applies only while the row
      // is active and still this run's.
      this.deps.jobs
        .progress(workspaceId, jobId, attempt, fraction, e.stage)
        .then((applied) => {
          if (!applied && !controller.signal.aborted) {
            log.info('job row is no longer this active run; stopping the render');
            controller.abort(StopReason.Cancel);
          }
        })
        .catch((err: unknown) => log.warn({ err: String(err) }, 'progress write failed'));
    };
  }

  /** Every file of the render, under this run's keys, each retried through a storage outage. */
  private async upload(
    workspaceId: string,
    jobId: string,
    attempt: number,
    kept: KeptRender,
    signal: AbortSignal,
    log: Logger,
  ): Promise<NewOutput[]> {
    // Each timeline folder travels as one zip (timeline files + media/), made before the listing.
    const zipped = await zipTimelineFolders(kept.outDir, kept.result);
    const names = (await fs.readdir(kept.outDir)).filter((n) => !n.startsWith('.') && !zipped.has(n)).sort();
    const aspects = new Map([
      ...kept.result.outputs.map((o): [string, string] => [o.path, o.aspect]),
      ...(kept.result.timelines ?? []).map((t): [string, string] => [`${t.folder}.zip`, t.aspect]),
    ]);
    const outputs: NewOutput[] = [];
    let waiting = false;
    for (const name of names) {
      const file = path.join(kept.outDir, name);
      if (TEXT_OUTPUTS.has(path.extname(name))) {
        const text = await fs.readFile(file, 'utf8');
        const stripped = stripControlCharacters(text);
        if (stripped !== text) await fs.writeFile(file, stripped);
      }
      const { size } = await fs.stat(file);
      const contentType = CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream';
      const storageKey = outputKey(workspaceId, jobId, attempt, name);
      await retryOutage(
        'storage',
        () => this.deps.storage.put(storageKey, createReadStream(file), { contentType, size }),
        {
          windowMs: this.deps.retryWindowMs ?? 600_000,
          signal,
          onRetry: (e, delayMs) => {
            log.warn({ file: name, err: String(e), delayMs }, 'storage unavailable; upload retried');
            if (!waiting) {
              waiting = true;
              void this.deps.jobs
                .progress(workspaceId, jobId, attempt, 0.99, 'deliver (waiting for storage)')
                .catch(() => false);
            }
          },
        },
      );
      outputs.push({ name, aspect: aspects.get(name) ?? null, storageKey, size, contentType });
    }
    return outputs;
  }
}
