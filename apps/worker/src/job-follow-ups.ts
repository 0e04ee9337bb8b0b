import type { Logger } from 'pino';
import { JobState, type JobRepository } from '@app/persistence';
import { JobName, JobQueue, WebhookEventType, webhookQueueId } from '@app/queue';

/** Which finished states send a webhook. Cancelled sends none: whoever cancelled already knows. */
const EVENT_OF: Partial<Record<JobState, WebhookEventType>> = {
  [JobState.Completed]: WebhookEventType.JobCompleted,
  [JobState.Failed]: WebhookEventType.JobFailed,
};

/**
 * The one place follow-up jobs are queued (docs/conventions.md §3): after every render run, whatever its
 * outcome, and after the queue fails a render on its own. It reads the row rather than trusting the
 * caller, so a run that found the job already finished (a stalled job re-run) queues the same
 * webhook again, and the per-event BullMQ id turns that into nothing.
 */
export class JobFollowUps {
  constructor(
    private readonly jobs: Pick<JobRepository, 'get'>,
    private readonly queue: Pick<JobQueue, 'queue'>,
    private readonly logger: Logger,
  ) {}

  async afterRender(workspaceId: string, jobId: string): Promise<void> {
    const row = await this.jobs.get(workspaceId, jobId);
    const event = row ? EVENT_OF[row.state] : undefined;
    if (!row?.callbackUrl || !event) return;
    await this.queue.queue(
      { name: JobName.Webhook, data: { workspaceId, jobId, event } },
      webhookQueueId(jobId, event),
    );
    this.logger.debug({ jobId, event }, 'webhook queued');
  }
}
