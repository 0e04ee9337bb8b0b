import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Logger } from 'pino';
import { ApiCallError, ClipwrightApiClient, FINISHED, JobState, JobView } from '../api/clipwright-api.client';
import type { ClipEntity, ClipStatus } from '../store/gateway.entities';
import type { GatewayStore } from '../store/gateway.store';
import { makeThumbnail } from './thumbnail';

/** The job state a clip shows while that job is its current one. */
const STATUS_OF: Record<JobState, ClipStatus> = {
  queued: 'PENDING',
  active: 'BUSY',
  completed: 'READY',
  failed: 'ERROR',
  cancelled: 'ERROR',
};

/**
 * Idempotency-Key for one revision of one clip: (running order, story, item, revision, content).
 * The revision number is in it, so content edited back to an earlier revision renders again; the
 * content hash is in it, so a message replayed after a crash maps to the job already made.
 */
export function idempotencyKey(
  clip: Pick<ClipEntity, 'objId' | 'roId' | 'storyId' | 'itemId' | 'revision' | 'revisionHash' | 'origin'>,
): string {
  const scope = clip.origin === 'item' ? [clip.roId, clip.storyId, clip.itemId] : ['obj', clip.objId];
  const h = createHash('sha256')
    .update([...scope, clip.revision, clip.revisionHash].join('\u0000'))
    .digest('hex');
  return `mos-${h}`;
}

export interface WorkflowOptions {
  dataDir: string;
  ffmpegPath: string;
  /** Called whenever a clip's status changed (the reporter's kick). */
  onChange: () => void;
}

/**
 * Drives each clip's render through the API: submits the current revision's job (cancelling a
 * superseded one), follows it over server-sent events, and on completion makes the thumbnail and
 * marks the clip READY. All of it is re-derived from the database, so `resume()` after a restart
 * picks up every clip where it stood without submitting anything twice.
 */
export class ClipWorkflow {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly trackers = new Map<string, AbortController>();
  private stopped = false;

  constructor(
    private readonly store: GatewayStore,
    private readonly api: ClipwrightApiClient,
    private readonly logger: Logger,
    private readonly options: WorkflowOptions,
  ) {}

  /** Brings one clip forward; calls for the same clip run one after another. */
  advance(objId: string): Promise<void> {
    const prev = this.chains.get(objId) ?? Promise.resolve();
    const next = prev
      .then(() => this.step(objId))
      .catch((e) => this.logger.error({ objId, err: String(e) }, 'clip step failed'));
    this.chains.set(objId, next);
    void next.finally(() => {
      if (this.chains.get(objId) === next) this.chains.delete(objId);
    });
    return next;
  }

  /** At boot: every live clip forward; jobs of deleted clips cancelled. */
  async resume(): Promise<void> {
    for (const clip of await this.store.deletedClipsWithJobs()) void this.advance(clip.objId);
    for (const clip of await this.store.liveClips()) void this.advance(clip.objId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const c of this.trackers.values()) c.abort();
    await Promise.allSettled([...this.chains.values()]);
  }

  private async step(objId: string): Promise<void> {
    if (this.stopped) return;
    const clip = await this.store.getClip(objId);
    if (!clip) return;
    const log = this.logger.child({
      objId,
      roId: clip.roId,
      storyId: clip.storyId,
      itemId: clip.itemId,
      revision: clip.revision,
    });
    if (clip.deletedAt) {
      if (clip.jobId) await this.cancel(clip.jobId, log, 'cancelled');
      return;
    }
    if (clip.jobRevisionHash !== clip.revisionHash) {
      if (clip.jobId) await this.cancel(clip.jobId, log, 'superseded');
      await this.submit(clip, log);
      return;
    }
    if (clip.jobId && clip.status !== 'READY' && clip.status !== 'ERROR') this.track(clip.objId, clip.jobId);
  }

  private async cancel(jobId: string, log: Logger, why: 'cancelled' | 'superseded'): Promise<void> {
    this.trackers.get(jobId)?.abort();
    const render = await this.store.getRender(jobId);
    if (render && (FINISHED as string[]).includes(render.state)) return;
    if (render?.state === 'superseded') return;
    try {
      const did = await this.api.cancelJob(jobId);
      log.info({ jobId, why, cancelled: did }, did ? 'job cancelled' : 'job had already finished');
    } catch (e) {
      log.warn({ jobId, err: String(e) }, 'job cancel failed');
    }
    await this.store.updateRender(jobId, { state: why, finishedAt: new Date() });
  }

  private async submit(clip: ClipEntity, log: Logger): Promise<void> {
    const key = idempotencyKey(clip);
    let job: JobView;
    let created: boolean;
    try {
      ({ job, created } = await this.api.createJob(clip.request, key));
    } catch (e) {
      if (e instanceof ApiCallError && e.permanent) {
        log.warn({ code: e.code, path: e.path, err: e.message }, 'job refused by the API');
        await this.store.updateClip(clip.objId, {
          jobId: null,
          jobRevisionHash: clip.revisionHash,
          status: 'ERROR',
          error: `${e.code}: ${e.message}`.slice(0, 1000),
          changedAt: new Date(),
        });
        this.options.onChange();
        return;
      }
      log.warn({ err: String(e) }, 'job submit failed; will retry');
      setTimeout(() => void this.advance(clip.objId), 2000).unref();
      return;
    }
    log.info(
      { jobId: job.id, created, idempotencyKey: key },
      created ? 'job submitted' : 'job already submitted',
    );
    if (!(await this.store.getRender(job.id)))
      await this.store.saveRender({
        jobId: job.id,
        objId: clip.objId,
        revision: clip.revision,
        idempotencyKey: key,
        state: job.state,
        createdAt: new Date(),
        finishedAt: null,
      });
    await this.store.updateClip(clip.objId, {
      jobId: job.id,
      jobRevisionHash: clip.revisionHash,
      status: 'PENDING',
      error: null,
      changedAt: new Date(),
    });
    this.options.onChange();
    this.track(clip.objId, job.id);
  }

  /** Follows a job's events until it ends; reopens the stream if it breaks. */
  private track(objId: string, jobId: string): void {
    if (this.trackers.has(jobId) || this.stopped) return;
    const ctl = new AbortController();
    this.trackers.set(jobId, ctl);
    void (async () => {
      while (!ctl.signal.aborted && !this.stopped) {
        try {
          for await (const { event, job } of this.api.events(jobId, ctl.signal)) {
            if (event === 'end') return await this.finished(objId, job);
            await this.progress(objId, job);
          }
        } catch (e) {
          if (ctl.signal.aborted) return;
          if (e instanceof ApiCallError && e.status === 404) return await this.lost(objId, jobId);
          this.logger.warn({ objId, jobId, err: String(e) }, 'job event stream broke; reopening');
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    })().finally(() => this.trackers.delete(jobId));
  }

  /** The clip row when `jobId` is still its current job, else null (a superseded job's news). */
  private async current(objId: string, jobId: string): Promise<ClipEntity | null> {
    const clip = await this.store.getClip(objId);
    return clip && !clip.deletedAt && clip.jobId === jobId && clip.jobRevisionHash === clip.revisionHash
      ? clip
      : null;
  }

  private async progress(objId: string, job: JobView): Promise<void> {
    await this.store.updateRender(job.id, { state: job.state });
    const clip = await this.current(objId, job.id);
    const status = STATUS_OF[job.state];
    if (!clip || status === 'READY' || clip.status === status) return;
    await this.store.updateClip(objId, { status, changedAt: new Date() });
    this.options.onChange();
  }

  private async lost(objId: string, jobId: string): Promise<void> {
    const clip = await this.current(objId, jobId);
    await this.store.updateRender(jobId, { state: 'failed', finishedAt: new Date() });
    if (!clip) return;
    await this.store.updateClip(objId, {
      status: 'ERROR',
      error: `job ${jobId} is gone from the API`,
      changedAt: new Date(),
    });
    this.options.onChange();
  }

  private async finished(objId: string, job: JobView): Promise<void> {
    await this.store.updateRender(job.id, {
      state: job.state,
      finishedAt: job.finishedAt ? new Date(job.finishedAt) : new Date(),
    });
    const clip = await this.current(objId, job.id);
    if (!clip) return;
    const log = this.logger.child({
      objId,
      roId: clip.roId,
      storyId: clip.storyId,
      itemId: clip.itemId,
      jobId: job.id,
      revision: clip.revision,
    });
    if (job.state !== 'completed') {
      const error =
        job.state === 'cancelled'
          ? 'the job was cancelled'
          : `${job.error?.code ?? 'FAILED'}: ${job.error?.message ?? 'render failed'}`;
      log.warn({ state: job.state, err: error }, 'render did not complete');
      await this.store.updateClip(objId, {
        status: 'ERROR',
        error: error.slice(0, 1000),
        changedAt: new Date(),
      });
      this.options.onChange();
      return;
    }
    const aspect = clip.request.aspects[0];
    const output =
      job.outputs?.find((o) => o.aspect === aspect && o.name.endsWith('.mp4')) ??
      job.outputs?.find((o) => o.name.endsWith('.mp4'));
    if (!output) {
      await this.store.updateClip(objId, {
        status: 'ERROR',
        error: 'the job completed without an MP4 output',
        changedAt: new Date(),
      });
      this.options.onChange();
      return;
    }
    const duration = job.result?.outputs?.find((o) => o.path === output.name)?.duration ?? null;
    const thumbName = `${createHash('sha256').update(objId).digest('hex').slice(0, 24)}-r${clip.revision}.jpg`;
    let thumbnail: string | null = thumbName;
    try {
      await makeThumbnail(
        this.options.ffmpegPath,
        await this.api.outputSource(job.id, output.name),
        duration,
        path.join(this.options.dataDir, thumbName),
      );
    } catch (e) {
      thumbnail = null;
      log.warn({ err: String(e) }, 'thumbnail not made; the object goes out without one');
    }
    if (!(await this.current(objId, job.id))) return;
    await this.store.updateClip(objId, {
      status: 'READY',
      duration,
      outputName: output.name,
      thumbnail,
      error: null,
      changedAt: new Date(),
    });
    const renderSeconds =
      job.startedAt && job.finishedAt
        ? (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000
        : null;
    log.info(
      {
        duration,
        renderSeconds,
        queuedSeconds: job.startedAt ? (Date.parse(job.startedAt) - Date.parse(job.createdAt)) / 1000 : null,
      },
      'clip ready',
    );
    this.options.onChange();
  }
}
