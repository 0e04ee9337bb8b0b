import { DelayedError, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { HandlerRegistry, isRowJob, JobName, JobOutcome, JobPayloadMap } from '@app/queue';
import type { JobFollowUps } from './job-follow-ups';

/** The parts of a BullMQ job the runner reads (a unit spec passes a plain object). */
export interface QueuedJob {
  id?: string;
  name: string;
  data: unknown;
  attemptsMade: number;
  opts: { attempts?: number };
  updateProgress(progress: number): Promise<void>;
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
}

/**
 * Runs one queued job through its handler. Outcomes map onto BullMQ: Failed (bad input) becomes an
 * UnrecoverableError so BullMQ records the failure without retrying; Deferred moves the job to the
 * delayed set and throws BullMQ's DelayedError, which puts it back without counting an attempt (a
 * dependency outage, a shutdown); a thrown error is retried with backoff up to the job's attempts.
 */
export class JobRunner {
  constructor(
    private readonly registry: HandlerRegistry,
    private readonly logger: Logger,
    private readonly followUps?: Pick<JobFollowUps, 'afterRender'>,
    private readonly options: { deferMs: number; shutdown?: AbortSignal } = { deferMs: 5000 },
  ) {}

  async run(job: QueuedJob, token?: string): Promise<JobOutcome> {
    const handler = this.registry.get(job.name);
    let outcome: JobOutcome;
    try {
      outcome = await handler.handle(job.data as never, {
        attempt: job.attemptsMade + 1,
        maxAttempts: job.opts.attempts ?? 1,
        reportProgress: (f) => job.updateProgress(Math.round(f * 100)),
        ...(this.options.shutdown ? { shutdown: this.options.shutdown } : {}),
      });
    } catch (e) {
      // A render's last attempt fails the row and throws: its webhook is due all the same.
      await this.followUp(job).catch((err: unknown) =>
        this.logger.error({ queueJobId: job.id, err: String(err) }, 'follow-up not queued'),
      );
      throw e;
    }
    if (outcome === JobOutcome.Deferred) {
      const delay = this.options.shutdown?.aborted ? 0 : this.options.deferMs;
      await job.moveToDelayed(Date.now() + delay, token);
      this.logger.info({ queueJobId: job.id, name: job.name, delayMs: delay }, 'job deferred');
      throw new DelayedError();
    }
    // Not caught: if the webhook cannot be queued, BullMQ runs the render job again, which finds the
    // row finished (Skipped) and queues the webhook then.
    await this.followUp(job);
    this.logger.debug({ queueJobId: job.id, name: job.name, outcome }, 'job handled');
    if (outcome === JobOutcome.Failed) throw new UnrecoverableError(`${job.name} ${job.id}: input error`);
    return outcome;
  }

  private async followUp(job: QueuedJob): Promise<void> {
    if (!isRowJob(job.name) || !this.followUps) return;
    const { workspaceId, jobId } = job.data as JobPayloadMap[JobName.RenderClip];
    await this.followUps.afterRender(workspaceId, jobId);
  }
}
