import { Job, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { publicError } from '@app/core';
import type { JobRepository } from '@app/persistence';
import {
  bullConnection,
  CancelChannel,
  HandlerRegistry,
  isRowJob,
  JobName,
  JobPayloadMap,
  JobReconciler,
  QueueName,
  ServiceConfig,
  within,
} from '@app/queue';
import { CancelRegistry } from './cancel.registry';
import type { GenerateAdvertiser } from './generate.advertiser';
import type { JobFollowUps } from './job-follow-ups';
import { JobRunner } from './job.runner';
import type { StagingArea } from './staging.area';

/**
 * The BullMQ consumers, one per queue that has handlers. Built here rather than with @Processor
 * because concurrency, lock duration and stalled interval come from the validated config at boot,
 * and @Processor's options are fixed when the class is declared. A worker killed mid-render stops
 * renewing its lock; after `lockDurationMs` another worker's stalled check moves the job back to
 * waiting and it runs again (the row's fenced updates let only the newest run complete it).
 * Beside the consumers runs the upkeep: the reconciler and the staging sweep, at start and then
 * every RECONCILE_INTERVAL_MS.
 */
export class QueueWorkers {
  private readonly workers: Worker[] = [];
  private upkeep: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;

  constructor(
    private readonly config: ServiceConfig,
    private readonly registry: HandlerRegistry,
    private readonly runner: JobRunner,
    private readonly cancelChannel: CancelChannel,
    private readonly cancels: CancelRegistry,
    private readonly jobs: Pick<JobRepository, 'fail' | 'isFinished'>,
    private readonly logger: Logger,
    private readonly followUps: Pick<JobFollowUps, 'afterRender'> | undefined,
    private readonly reconciler: Pick<JobReconciler, 'start' | 'stop'> | undefined,
    private readonly staging: Pick<StagingArea, 'sweep'> | undefined,
    /** Aborted at shutdown: handlers give their jobs back. Shared with the JobRunner. */
    private readonly shutdown: AbortController = new AbortController(),
    /** A generate worker's advertisement of its models and provider (absent on render-only workers). */
    private readonly advertiser?: Pick<GenerateAdvertiser, 'start' | 'stop'>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep();
    await this.cancelChannel.listen((jobId) => {
      if (this.cancels.cancel(jobId)) this.logger.info({ jobId }, 'cancel received; render aborted');
    });
    // A machine takes only the work it is set up for (WORKER_QUEUES: a GPU machine `generate`, a
    // render machine `render`); every worker sends webhooks.
    const wanted = new Set<string>([...this.config.workerQueues, QueueName.Webhook]);
    for (const queue of this.registry.queues().filter((q) => wanted.has(q))) {
      const worker = new Worker(queue, (job: Job, token?: string) => this.runner.run(job, token), {
        connection: bullConnection(this.config.redisUrl),
        prefix: this.config.queuePrefix,
        concurrency: this.config.workerConcurrency,
        lockDuration: this.config.lockDurationMs,
        stalledInterval: this.config.stalledIntervalMs,
        maxStalledCount: 2,
      });
      worker.on('failed', (job, err) => void this.onFailed(job, err));
      worker.on('error', (err) => this.logger.error({ err: err.message, queue }, 'queue worker error'));
      this.workers.push(worker);
      this.logger.info({ queue, concurrency: this.config.workerConcurrency }, 'consuming queue');
    }
    await this.advertiser?.start();
    this.reconciler?.start();
    this.upkeep = setInterval(() => void this.sweep(), this.config.reconcileIntervalMs);
    this.upkeep.unref();
  }

  private async sweep(): Promise<void> {
    await this.staging
      ?.sweep((ws, id) => this.jobs.isFinished(ws, id), new Set(this.cancels.jobIds()))
      .catch((e: unknown) => this.logger.warn({ err: String(e) }, 'staging sweep failed; retried later'));
  }

  /**
   * BullMQ can fail a job without our handler deciding it (stalled too often, retries used up by
   * crashes): make sure the row says so too. Unfenced, but only from an unfinished state, so a row
   * the handler already finished is left as it is.
   */
  private async onFailed(job: Job | undefined, err: Error): Promise<void> {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) {
      if (!/stalled/i.test(err.message)) return;
    }
    if (!job || !isRowJob(job.name)) return;
    const { workspaceId, jobId } = job.data as JobPayloadMap[JobName.RenderClip];
    const error = /stalled/i.test(err.message)
      ? { code: 'INTERNAL', message: 'The render stopped answering too often (its worker died or hung)' }
      : publicError(err);
    const applied = await this.jobs.fail(workspaceId, jobId, error).catch(() => false);
    if (applied) this.logger.error({ jobId, err: err.message }, 'job failed by the queue');
    await this.followUps
      ?.afterRender(workspaceId, jobId)
      .catch((e: unknown) => this.logger.error({ jobId, err: String(e) }, 'follow-up not queued'));
  }

  /**
   * Stops taking jobs, lets the renders in flight finish for half of `graceMs`, then tells them to
   * give their jobs back (the row goes back to queued and the queue job to the delayed set, no
   * attempt spent) and waits for that. Never longer than `graceMs`, whether or not Redis answers.
   */
  drain(graceMs: number): Promise<void> {
    this.draining ??= (async () => {
      clearInterval(this.upkeep);
      await within(this.advertiser?.stop() ?? Promise.resolve(), 250);
      const closing = Promise.all(this.workers.map((w) => w.close()));
      if ((await within(closing, graceMs / 2)) === 'timeout') {
        this.shutdown.abort();
        const n = this.cancels.abortAll();
        this.logger.warn({ renders: n }, 'renders still running at shutdown; handing their jobs back');
        await within(closing, graceMs / 2 - 250);
      }
      await within(this.reconciler?.stop() ?? Promise.resolve(), 250);
    })();
    return this.draining;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.drain(this.config.shutdownGraceMs);
  }

  /** For tests and /health: whether the workers are running. */
  get running(): boolean {
    return this.workers.length > 0 && this.workers.every((w) => w.isRunning());
  }
}
