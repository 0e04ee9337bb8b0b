import type { Logger } from 'pino';
import { ClipwrightError, ErrorCode, isClipwrightError } from '@app/core';
import type { JobRepository, WebhookDeliveryRepository, WorkspaceRepository } from '@app/persistence';
import { JobContext, JobHandler, JobName, JobOutcome, JobPayloadMap, WebhookEventType } from '@app/queue';
import type { DeliverOptions, WebhookSender } from '@app/webhooks';

/**
 * In-process retries of one queue attempt: a receiver that blips (a deploy, a 503) is retried within
 * seconds; one that stays down longer is left to BullMQ's attempts (WEBHOOK_ATTEMPTS, exponential
 * from WEBHOOK_BACKOFF_MS: 6 and 30 s by default, i.e. about 15 minutes over 6 x 3 POSTs).
 */
export const WEBHOOK_DELIVERY: Pick<
  DeliverOptions,
  'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'timeoutMs'
> = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 5_000, timeoutMs: 10_000 };

/** The Standard Webhooks message id: fixed per job and event, so receivers can drop repeats. */
export function webhookMessageId(jobId: string, event: WebhookEventType): string {
  return `msg_${jobId}_${event}`;
}

/**
 * What the receiver gets in `data`. Outputs are API paths (`/v1/jobs/<id>/outputs/<name>`), or
 * absolute URLs under PUBLIC_BASE_URL when it is set: GET them with the workspace's key.
 */
export interface JobWebhookData {
  jobId: string;
  state: string;
  template: string;
  outputs: string[];
  error?: { code: string; message: string; path?: string };
}

export interface WebhookHandlerDeps {
  jobs: Pick<JobRepository, 'get' | 'listOutputs'>;
  workspaces: Pick<WorkspaceRepository, 'signingSecrets'>;
  deliveries: Pick<WebhookDeliveryRepository, 'record' | 'wasDelivered' | 'countAttempts'>;
  sender: Pick<WebhookSender, 'deliver'>;
  logger: Logger;
  /** WEBHOOKS_ALLOW_LOOPBACK: tests only. */
  allowLoopback: boolean;
  /** PUBLIC_BASE_URL without a trailing slash, put before output paths; null keeps them relative. */
  publicBaseUrl: string | null;
  /** Overrides of WEBHOOK_DELIVERY (unit tests shorten the waits). */
  delivery?: Partial<DeliverOptions>;
}

/**
 * Delivers one job event, signed with the workspace's secret (and, during a rotation's grace period,
 * with the previous one too, so receivers that have not switched yet still verify it), and records
 * every attempt. Outcomes: Success when a 2xx came; Skipped when there is nothing to send (row gone,
 * no callbackUrl) or it was already delivered (a re-queued duplicate); Failed when retrying cannot
 * help (address refused, a 4xx other than 429); otherwise it throws so BullMQ retries later with
 * backoff.
 */
export class WebhookHandler implements JobHandler<JobName.Webhook> {
  readonly name = JobName.Webhook;

  constructor(private readonly deps: WebhookHandlerDeps) {}

  async handle(
    { workspaceId, jobId, event }: JobPayloadMap[JobName.Webhook],
    ctx: JobContext,
  ): Promise<JobOutcome> {
    const { jobs, deliveries, logger } = this.deps;
    const log = logger.child({ jobId, workspaceId, event, attempt: ctx.attempt });
    const row = await jobs.get(workspaceId, jobId);
    if (!row?.callbackUrl) {
      log.warn('no job row or no callbackUrl; nothing to send');
      return JobOutcome.Skipped;
    }
    if (await deliveries.wasDelivered(workspaceId, jobId, event)) {
      log.info('webhook already delivered; not sending it again');
      return JobOutcome.Skipped;
    }
    // Read per queue attempt: a retry after a rotation signs with the secrets valid then.
    const secrets = await this.deps.workspaces.signingSecrets(workspaceId);
    if (secrets.length === 0) {
      log.warn('workspace has no webhook secret; nothing to send');
      return JobOutcome.Skipped;
    }
    const outputs = await jobs.listOutputs(workspaceId, jobId);
    const data: JobWebhookData = {
      jobId,
      state: row.state,
      template: row.template,
      outputs: outputs.map(
        (o) => `${this.deps.publicBaseUrl ?? ''}/v1/jobs/${jobId}/outputs/${encodeURIComponent(o.name)}`,
      ),
      ...(row.error ? { error: row.error } : {}),
    };
    // Numbers run on across queue attempts: the log reads 1, 2, 3 ... for one event.
    const before = await deliveries.countAttempts(workspaceId, jobId, event);
    const url = row.callbackUrl;
    let result;
    try {
      result = await this.deps.sender.deliver(
        url,
        {
          id: webhookMessageId(jobId, event),
          type: event,
          timestamp: new Date(row.finishedAt ?? row.updatedAt),
          data,
        },
        secrets,
        {
          ...WEBHOOK_DELIVERY,
          ...this.deps.delivery,
          allowLoopback: this.deps.allowLoopback,
          onAttempt: async (a) => {
            await deliveries.record(workspaceId, {
              jobId,
              messageId: a.messageId,
              event,
              url: url.slice(0, 2000),
              attempt: before + a.attempt,
              status: a.statusCode,
              error: a.error ? `${a.error.code}: ${a.error.message}`.slice(0, 500) : null,
              durationMs: a.durationMs,
            });
            log.info(
              { attempt: before + a.attempt, status: a.statusCode, error: a.error?.code, outcome: a.outcome },
              'webhook attempt',
            );
          },
        },
      );
    } catch (e) {
      // A URL the sender cannot use at all (stored before the checks, or edited in the database).
      if (isClipwrightError(e) && e.isInputError) {
        log.warn({ err: e.message }, 'webhook not sendable; not retrying');
        return JobOutcome.Failed;
      }
      throw e;
    }
    if (result.delivered) return JobOutcome.Success;
    const last = result.attempts[result.attempts.length - 1];
    if (
      last.error?.code === 'ADDRESS_FORBIDDEN' ||
      (last.statusCode !== null && last.outcome === 'failed' && !retryLater(last.statusCode))
    ) {
      log.warn(
        { status: last.statusCode, error: last.error?.code },
        'webhook refused for good; not retrying',
      );
      return JobOutcome.Failed;
    }
    throw new ClipwrightError(
      ErrorCode.Internal,
      `webhook to ${new URL(url).host} not delivered after ${result.attempts.length} attempts (last: ${
        last.statusCode ?? last.error?.code
      })`,
    );
  }
}

/** 429 and 5xx may pass later; a 3xx or other 4xx is the receiver's setup and will not. */
function retryLater(status: number): boolean {
  return status === 429 || status >= 500;
}
