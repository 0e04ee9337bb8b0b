/**
 * The job contract (docs/conventions.md §2, after immich's `JobName` and Sofie's worker job map). A job
 * name belongs to exactly one queue; render and generate are separate queues so GPU machines can
 * scale apart from CPU render machines (docs/architecture.md "Two modes").
 */
export const QueueName = {
  Render: 'render',
  Generate: 'generate',
  /** Customer callbacks: network waits on other people's servers never hold a render slot. */
  Webhook: 'webhook',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QueueName);

export enum JobName {
  /** Render one job row (template + one data item) into clips, upload them, complete the row. */
  RenderClip = 'render-clip',
  /** POST one signed event about a finished job to its callbackUrl, recording every attempt. */
  Webhook = 'webhook',
  /** Make the pictures of one image job row (POST /v1/images) with the diffusion engine. */
  GenerateImage = 'generate-image',
  /** Upscale the picture of one image job row (POST /v1/images/upscale) with a super-resolution model. */
  UpscaleImage = 'upscale-image',
}

/** The job events a webhook reports (the Standard Webhooks `type`). Cancelled jobs send none. */
export const WebhookEventType = {
  JobCompleted: 'job.completed',
  JobFailed: 'job.failed',
} as const;
export type WebhookEventType = (typeof WebhookEventType)[keyof typeof WebhookEventType];

/**
 * The BullMQ job id of a webhook: one per job and event, so a second completion (a stalled render
 * re-run, a retry) adds nothing while the first is in Redis. BullMQ refuses ':' in custom ids.
 */
export function webhookQueueId(jobId: string, event: WebhookEventType): string {
  return `webhook-${jobId}-${event}`;
}

export interface JobPayloadMap {
  [JobName.RenderClip]: { workspaceId: string; jobId: string };
  [JobName.Webhook]: { workspaceId: string; jobId: string; event: WebhookEventType };
  [JobName.GenerateImage]: { workspaceId: string; jobId: string };
  [JobName.UpscaleImage]: { workspaceId: string; jobId: string };
}

/** Which queue carries each job name: GPU work (diffusion, upscaling) goes on the generate queue. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.RenderClip]: QueueName.Render,
  [JobName.Webhook]: QueueName.Webhook,
  [JobName.GenerateImage]: QueueName.Generate,
  [JobName.UpscaleImage]: QueueName.Generate,
};

/** What a job row asks for (its `kind` column): a clip render, generated pictures, an upscale. */
export const JobKind = { Render: 'render', Image: 'image', Upscale: 'upscale' } as const;
export type JobKind = (typeof JobKind)[keyof typeof JobKind];

/** The queue job that runs a row of each kind (the reconciler and the API queue with it). */
export const JOB_OF_KIND: Record<JobKind, JobName.RenderClip | JobName.GenerateImage | JobName.UpscaleImage> =
  {
    [JobKind.Render]: JobName.RenderClip,
    [JobKind.Image]: JobName.GenerateImage,
    [JobKind.Upscale]: JobName.UpscaleImage,
  };

/** Job names that run one job row (and so finish it, and owe its webhook). */
export function isRowJob(name: string): name is (typeof JOB_OF_KIND)[JobKind] {
  return (Object.values(JOB_OF_KIND) as string[]).includes(name);
}

export type JobItem = { [N in JobName]: { name: N; data: JobPayloadMap[N] } }[JobName];

/** What a handler says happened (immich's JobStatus): expected cases are outcomes, not exceptions. */
export const JobOutcome = {
  Success: 'success',
  /** Nothing to do: the row is gone, finished or cancelled, or another worker finished it. */
  Skipped: 'skipped',
  /** The input is at fault; recorded on the row, never retried. */
  Failed: 'failed',
  /**
   * Not now: a dependency is down or the worker is shutting down. The job goes back to the queue
   * for a later run without spending one of its attempts.
   */
  Deferred: 'deferred',
} as const;
export type JobOutcome = (typeof JobOutcome)[keyof typeof JobOutcome];

export interface JobContext {
  /** BullMQ's count, 1 for the first run: retries, not stalled-job recoveries nor deferrals. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the worker shuts down: a handler gives its job back (Deferred) rather than finish it. */
  shutdown?: AbortSignal;
  reportProgress(fraction: number): Promise<void>;
}

export interface JobHandler<N extends JobName = JobName> {
  readonly name: N;
  handle(data: JobPayloadMap[N], ctx: JobContext): Promise<JobOutcome>;
}
