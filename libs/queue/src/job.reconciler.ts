import type { Logger } from 'pino';
import { ErrorCode } from '@app/core';
import {
  JOB_OF_KIND,
  JOB_QUEUE,
  JobKind,
  JobName,
  QueueName,
  WebhookEventType,
  webhookQueueId,
} from './job.contract';
import type { JobQueue } from './job.queue';

/** The unfinished job rows the reconciler reads (JobRepository's unscoped view). */
export interface ReconcileRows {
  listUnfinishedSince(
    queuedBefore: Date,
    activeBefore: Date,
    limit: number,
  ): Promise<{ id: string; workspaceId: string; state: string; kind?: string }[]>;
  listFinishedWithCallback(
    since: Date,
    before: Date,
    limit: number,
  ): Promise<{ id: string; workspaceId: string; state: string }[]>;
  fail(workspaceId: string, id: string, error: { code: string; message: string }): Promise<boolean>;
}

/** The BullMQ queue calls used: what state a job id is in, and removing a finished record. */
export interface QueueProbe {
  getJobState(jobId: string): Promise<string>;
  remove(jobId: string): Promise<number>;
}

export interface ReconcilerOptions {
  intervalMs: number;
  /**
   * BullMQ's lock duration: an active row is only looked at once it has been quiet for twice that
   * (and at least an interval), so a render that is merely slow between progress writes is left
   * to the worker holding it.
   */
  lockDurationMs?: number;
  /** Rows per pass and kind; the rest wait for the next pass. */
  limit?: number;
  /** How far back finished jobs are checked for an undelivered webhook. */
  webhookWindowMs?: number;
  /** The generate queue (image and upscale rows); without it, those rows are probed on `render`. */
  generate?: QueueProbe;
}

/**
 * The dispatcher half of a transactional outbox whose entries are the job rows themselves: a row in
 * `queued` is the intent to run the job, written in the same INSERT as the job (so accepting a job
 * needs the database only), and this puts every such intent into the queue. The API enqueues at
 * once when Redis answers; this catches the rest: jobs accepted while Redis was down, and jobs a
 * Redis restart lost (no AOF, a failover, an eviction). Each pass:
 *
 * - a queued row, or an active row untouched for an interval, whose render job Redis does not know
 *   is queued again (same job id, so a racing add is a no-op);
 * - one whose render job Redis holds as failed is failed on the row too (the queue gave up on it
 *   while the row's own update could not be written); one Redis holds as completed while the row is
 *   not is removed and queued again (the run ended without finishing it);
 * - a finished job with a callbackUrl, no delivered webhook and no webhook job gets its webhook
 *   job again.
 *
 * Safe to run in every worker at once: every action is idempotent.
 */
export class JobReconciler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly rows: ReconcileRows,
    private readonly delivered: { deliveredJobIds(ids: string[]): Promise<Set<string>> },
    private readonly render: QueueProbe,
    private readonly webhooks: QueueProbe,
    private readonly producer: Pick<JobQueue, 'queue'>,
    private readonly logger: Logger,
    private readonly options: ReconcilerOptions,
  ) {}

  /** Runs a pass now and then every interval; a pass that fails (an outage) is logged and retried. */
  start(): void {
    const tick = () => {
      if (!this.running)
        this.running = this.pass()
          .catch((e: unknown) =>
            this.logger.warn({ err: String(e) }, 'reconcile pass failed; retried next interval'),
          )
          .finally(() => (this.running = undefined));
    };
    tick();
    this.timer = setInterval(tick, this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass in flight (bounded by the caller's shutdown grace). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; returns what it did, for tests and the log. */
  async pass(now = Date.now()): Promise<{ requeued: number; failed: number; webhooks: number }> {
    const limit = this.options.limit ?? 500;
    const before = new Date(now - this.options.intervalMs);
    const activeBefore = new Date(
      now - Math.max(this.options.intervalMs, 2 * (this.options.lockDurationMs ?? 0)),
    );
    const done = { requeued: 0, failed: 0, webhooks: 0 };
    for (const row of await this.rows.listUnfinishedSince(before, activeBefore, limit)) {
      const name = JOB_OF_KIND[(row.kind ?? JobKind.Render) as JobKind] ?? JobName.RenderClip;
      const probe =
        JOB_QUEUE[name] === QueueName.Generate ? (this.options.generate ?? this.render) : this.render;
      const state = await probe.getJobState(row.id);
      if (state === 'failed') {
        const failed = await this.rows.fail(row.workspaceId, row.id, {
          code: ErrorCode.Internal,
          message: 'The render did not finish; the server log has the details',
        });
        if (failed) done.failed++;
        continue;
      }
      if (state === 'completed') await probe.remove(row.id);
      else if (state !== 'unknown') continue;
      await this.producer.queue({ name, data: { workspaceId: row.workspaceId, jobId: row.id } }, row.id);
      done.requeued++;
      this.logger.warn(
        { jobId: row.id, state: row.state, queueState: state },
        'job re-queued by the reconciler',
      );
    }
    const since = new Date(now - (this.options.webhookWindowMs ?? 24 * 3600_000));
    const finished = await this.rows.listFinishedWithCallback(since, before, limit);
    const delivered = await this.delivered.deliveredJobIds(finished.map((r) => r.id));
    for (const row of finished) {
      if (delivered.has(row.id)) continue;
      const event = row.state === 'completed' ? WebhookEventType.JobCompleted : WebhookEventType.JobFailed;
      const id = webhookQueueId(row.id, event);
      if ((await this.webhooks.getJobState(id)) !== 'unknown') continue;
      await this.producer.queue(
        { name: JobName.Webhook, data: { workspaceId: row.workspaceId, jobId: row.id, event } },
        id,
      );
      done.webhooks++;
      this.logger.warn({ jobId: row.id, event }, 'webhook re-queued by the reconciler');
    }
    if (done.requeued || done.failed || done.webhooks) this.logger.info(done, 'reconcile pass');
    return done;
  }
}
