import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { HandlerRegistry, JobOutcome } from '@app/queue';

/** The parts of a BullMQ job the runner reads (a unit spec passes a plain object). */
export interface QueuedJob {
  id?: string;
  name: string;
  data: unknown;
  attemptsMade: number;
  opts: { attempts?: number };
  updateProgress(progress: number): Promise<void>;
}

/**
 * Runs one queued job through its handler. Outcomes map onto BullMQ: Failed (bad input) becomes an
 * UnrecoverableError so BullMQ records the failure without retrying; a thrown error is retried
 * with backoff up to the job's attempts.
 */
export class JobRunner {
  constructor(
    private readonly registry: HandlerRegistry,
    private readonly logger: Logger,
  ) {}

  async run(job: QueuedJob): Promise<JobOutcome> {
    const handler = this.registry.get(job.name);
    const outcome = await handler.handle(job.data as never, {
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
      reportProgress: (f) => job.updateProgress(Math.round(f * 100)),
    });
    this.logger.debug({ queueJobId: job.id, name: job.name, outcome }, 'job handled');
    if (outcome === JobOutcome.Failed) throw new UnrecoverableError(`${job.name} ${job.id}: input error`);
    return outcome;
  }
}
