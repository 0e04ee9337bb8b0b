import { ClipwrightApiError } from './api-error';
import type { ClipwrightClient } from './api.client';
import { FINISHED, type CreateJobRequest, type Job, type JobOutput } from './api.types';
import { EventStreamParser } from './event-stream';
import { retryDelayMs, sleep } from './retry';

export interface FollowOptions {
  /** Called with the job on every `progress` event (state, progress 0..1, stage). */
  onProgress?: (job: Job) => void;
  signal?: AbortSignal;
  /** Reconnections allowed in a row without an event in between (default 8). */
  maxReconnects?: number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Follows a job's server-sent events (GET /v1/jobs/:id/events) until its `end` event, and resolves
 * with the finished job (outputs included). A stream that drops is reopened after the server's
 * `retry:` time or a backoff, sending Last-Event-ID; a job that is already finished resolves at once.
 * Throws ClipwrightApiError for a job that does not exist or when reconnecting keeps failing.
 */
export async function followJob(
  client: ClipwrightClient,
  id: string,
  opts: FollowOptions = {},
): Promise<Job> {
  const parser = new EventStreamParser();
  const wait = opts.wait ?? sleep;
  const max = opts.maxReconnects ?? 8;
  let failures = 0;
  for (;;) {
    let lastError: ClipwrightApiError | undefined;
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (parser.lastEventId) headers['last-event-id'] = parser.lastEventId;
      const res = await client.raw('GET', `/v1/jobs/${encodeURIComponent(id)}/events`, null, {
        signal: opts.signal,
        headers,
      });
      const end = await readUntilEnd(res, parser, opts, () => (failures = 0));
      if (end) return end;
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      if (!(e instanceof ClipwrightApiError) || !e.retryable) throw e;
      lastError = e;
    }
    // The stream closed without `end` (a proxy cut it, the API restarted): the job may have finished
    // meanwhile, so ask once before reopening.
    const job = await client.job(id, { signal: opts.signal });
    if (FINISHED.includes(job.state)) return job;
    failures++;
    if (failures > max)
      throw (
        lastError ?? new ClipwrightApiError(0, 'NETWORK', `The progress stream of job ${id} keeps dropping`)
      );
    const backoff = retryDelayMs(failures, lastError ?? new ClipwrightApiError(0, 'NETWORK', ''));
    await wait(parser.retryMs ?? backoff, opts.signal);
  }
}

async function readUntilEnd(
  res: Response,
  parser: EventStreamParser,
  opts: FollowOptions,
  onEvent: () => void,
): Promise<Job | undefined> {
  if (!res.body) return undefined;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return undefined;
      for (const ev of parser.push(decoder.decode(value, { stream: true }))) {
        onEvent();
        const job = JSON.parse(ev.data) as Job;
        if (ev.event === 'end') return job;
        if (ev.event === 'progress') opts.onProgress?.(job);
      }
    }
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    throw new ClipwrightApiError(0, 'NETWORK', 'The progress stream was cut');
  } finally {
    reader.releaseLock();
  }
}

/** A fresh Idempotency-Key (a retried submit answers the same job instead of making a second). */
export function newIdempotencyKey(random: () => number = Math.random): string {
  return `cw-${Date.now().toString(36)}-${Math.floor(random() * 2 ** 48).toString(36)}`;
}

/**
 * The whole job flow the studio and the panels share: submit (with an Idempotency-Key, so the 503
 * retry is safe), follow its progress, and resolve with the finished job and its outputs. A job that
 * failed or was cancelled resolves too; its `error` says why.
 */
export async function runJob(
  client: ClipwrightClient,
  req: CreateJobRequest,
  opts: FollowOptions = {},
): Promise<Job> {
  const job = await client.createJob(req, newIdempotencyKey(), { signal: opts.signal });
  opts.onProgress?.(job);
  return followJob(client, job.id, opts);
}

/** A finished job's output for an aspect and an extension (`mp4`, `vtt`, `fcpxml`), when it has one. */
export function outputFor(job: Job, ext: string, aspect?: string | null): JobOutput | undefined {
  return (job.outputs ?? []).find(
    (o) => o.name.toLowerCase().endsWith(`.${ext}`) && (aspect === undefined || o.aspect === aspect),
  );
}
