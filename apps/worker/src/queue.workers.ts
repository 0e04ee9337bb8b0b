import { Job, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { JobRepository } from '@app/persistence';
import {
  CancelChannel,
  HandlerRegistry,
  JobName,
  JobPayloadMap,
  bullConnection,
  ServiceConfig,
} from '@app/queue';
import { CancelRegistry } from './cancel.registry';
import type { JobFollowUps } from './job-follow-ups';
import { JobRunner } from './job.runner';

/**
 * The BullMQ consumers, one per queue that has handlers. Built here rather than with @Processor
 * because concurrency, lock duration and stalled interval come from the validated config at boot,
 * and @Processor's options are fixed when the class is declared. A worker killed mid-render stops
 * renewing its lock; after `lockDurationMs` another worker's stalled check moves the job back to
 * waiting and it runs again (the job row's guarded updates make completion happen once).
 */
export class QueueWorkers {
  private readonly workers: Worker[] = [];

  constructor(
    private readonly config: ServiceConfig,
    private readonly registry: HandlerRegistry,
    private readonly runner: JobRunner,
    private readonly cancelChannel: CancelChannel,
    private readonly cancels: CancelRegistry,
    private readonly jobs: Pick<JobRepository, 'fail'>,
    private readonly logger: Logger,
    private readonly followUps?: Pick<JobFollowUps, 'afterRender'>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.cancelChannel.listen((jobId) => {
      if (this.cancels.cancel(jobId)) this.logger.info({ jobId }, 'cancel received; render aborted');
    });
    for (const queue of this.registry.queues()) {
      const worker = new Worker(queue, (job: Job) => this.runner.run(job), {
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
  }

  /**
   * BullMQ can fail a job without our handler deciding it (stalled too often, retries used up by
   * crashes): make sure the row says so too. Guarded, so a row the handler already failed is left.
   */
  private async onFailed(job: Job | undefined, err: Error): Promise<void> {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) {
      if (!/stalled/i.test(err.message)) return;
    }
    if (job?.name !== JobName.RenderClip) return;
    const { workspaceId, jobId } = job.data as JobPayloadMap[JobName.RenderClip];
    const applied = await this.jobs
      .fail(workspaceId, jobId, { code: 'INTERNAL', message: `The render did not finish: ${err.message}` })
      .catch(() => false);
    if (applied) this.logger.error({ jobId, err: err.message }, 'job failed by the queue');
    await this.followUps
      ?.afterRender(workspaceId, jobId)
      .catch((e: unknown) => this.logger.error({ jobId, err: String(e) }, 'follow-up not queued'));
  }

  async onApplicationShutdown(): Promise<void> {
    // close() waits for the renders in flight to finish; their jobs are not abandoned to a stall.
    await Promise.all(this.workers.map((w) => w.close()));
  }

  /** For tests and /health: whether the workers are running. */
  get running(): boolean {
    return this.workers.length > 0 && this.workers.every((w) => w.isRunning());
  }
}
