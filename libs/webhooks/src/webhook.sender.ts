import { abortableSleep, ClipwrightError, ErrorCode, ServiceError, ServiceErrorCode } from '@app/core';
import { newWebhookMessageId, signWebhook } from './webhook-signing';
import { checkWebhookUrl, guardedLookup, UrlGuardOptions } from './webhook-url.guard';
import { NodeHttpTransport, TransportResponse, WebhookTransport } from './webhook.transport';

/** The Standard Webhooks payload shape: `{ type, timestamp, data }`. */
export interface WebhookEvent {
  /** Dotted event name, e.g. `job.completed`. */
  type: string;
  data: unknown;
  /** The message id, kept on every retry (receivers deduplicate by it); generated when absent. */
  id?: string;
  /** When the event happened; defaults to now. Part of the body, so the same on every retry. */
  timestamp?: Date;
}

export type AttemptOutcome = 'delivered' | 'retrying' | 'failed';

/** One POST, as the caller records it (a row per attempt in the delivery log). */
export interface DeliveryAttempt {
  messageId: string;
  /** 1-based. */
  attempt: number;
  startedAt: Date;
  durationMs: number;
  /** The receiver's status, or null when no response came (network error, timeout, refused address). */
  statusCode: number | null;
  /** Why no response came, or why it was refused before sending: `TIMEOUT`, `ECONNREFUSED`, `ADDRESS_FORBIDDEN`, ... */
  error: { code: string; message: string } | null;
  outcome: AttemptOutcome;
  /** The wait before the next attempt when `outcome` is `retrying`. */
  nextDelayMs: number | null;
  /** The start of the receiver's answer, for support questions ("your endpoint said ..."). */
  responseExcerpt: string | null;
}

export interface DeliveryResult {
  delivered: boolean;
  messageId: string;
  attempts: DeliveryAttempt[];
}

export interface DeliverOptions {
  /** Attempts in all, the first included. Default 5. */
  maxAttempts?: number;
  /** Per attempt, connect to last byte. Default 10 s: a receiver should queue work, not do it inline. */
  timeoutMs?: number;
  /** Wait before the 2nd attempt; doubles each time up to maxDelayMs. Defaults 1 s and 30 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Called, and awaited, after every attempt, before any wait: the caller writes its record here. */
  onAttempt?: (attempt: DeliveryAttempt) => void | Promise<void>;
  /** Stops waiting and sending; the delivery then throws a Cancelled error. */
  signal?: AbortSignal;
  /** Tests only: let the webhook go to 127.0.0.1 / ::1. See UrlGuardOptions. */
  allowLoopback?: boolean;
  userAgent?: string;
  // Seams for unit tests.
  transport?: WebhookTransport;
  resolve?: UrlGuardOptions['resolve'];
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => Date;
}

const DEFAULTS = { maxAttempts: 5, timeoutMs: 10_000, baseDelayMs: 1_000, maxDelayMs: 30_000 };

/** 429 and 5xx are the receiver saying "later"; any other 4xx will not change on a retry. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * Exponential backoff with "equal jitter" (half fixed, half random): receivers that fail together
 * (a deploy, an outage) do not get all the retries back at the same instant, and no wait collapses
 * to zero the way full jitter can. https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** `Retry-After` in seconds or as an HTTP date (RFC 9110 §10.2.3), in ms from `now`; null if absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now: Date): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

function describeError(e: unknown, timedOut: boolean): { code: string; message: string } {
  if (timedOut) return { code: 'TIMEOUT', message: 'The receiver did not answer in time' };
  if (e instanceof ClipwrightError) {
    // From the URL guard: a name that does not resolve now may resolve later (DNS_UNRESOLVABLE is
    // retried); an address outside the public internet will not become public (not retried).
    return {
      code: e.detail?.reason === 'unresolvable' ? 'DNS_UNRESOLVABLE' : 'ADDRESS_FORBIDDEN',
      message: e.message,
    };
  }
  const err = e as NodeJS.ErrnoException;
  return { code: err?.code ?? err?.name ?? 'ERROR', message: err?.message ?? String(e) };
}

/**
 * Sends signed webhooks (Standard Webhooks) and retries them in-process. The schedule is short
 * (seconds, not the spec's hours): the job queue owns long-term retries by re-queueing a delivery
 * that came back undelivered, so a worker never sleeps for hours on one callback.
 */
export class WebhookSender {
  constructor(private readonly defaults: DeliverOptions = {}) {}

  async deliver(
    callbackUrl: string,
    event: WebhookEvent,
    secret: string | readonly string[],
    options: DeliverOptions = {},
  ): Promise<DeliveryResult> {
    const o = { ...DEFAULTS, ...this.defaults, ...options };
    const now = o.now ?? (() => new Date());
    const random = o.random ?? Math.random;
    const sleep = o.sleep ?? abortableSleep;
    const transport = o.transport ?? new NodeHttpTransport();
    const guard: UrlGuardOptions = { allowLoopback: o.allowLoopback, resolve: o.resolve };
    if (!Number.isInteger(o.maxAttempts) || o.maxAttempts < 1) {
      throw new ClipwrightError(ErrorCode.InvalidArgument, 'maxAttempts must be a whole number >= 1', {
        path: 'maxAttempts',
      });
    }

    // A malformed URL or scheme is the caller's bug, not a delivery failure to retry.
    let parsed: URL;
    try {
      parsed = new URL(callbackUrl);
    } catch {
      throw new ServiceError(ServiceErrorCode.CallbackUrlForbidden, 'The webhook URL is not a URL', {
        path: 'callbackUrl',
      });
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ServiceError(ServiceErrorCode.CallbackUrlForbidden, 'A webhook URL must be http or https', {
        path: 'callbackUrl',
      });
    }

    const messageId = event.id ?? newWebhookMessageId();
    const body = JSON.stringify({
      type: event.type,
      timestamp: (event.timestamp ?? now()).toISOString(),
      data: event.data,
    });
    signWebhook(secret, messageId, now(), body); // a bad secret is the caller's bug: fail before any attempt
    const attempts: DeliveryAttempt[] = [];

    for (let attempt = 1; attempt <= o.maxAttempts; attempt++) {
      if (o.signal?.aborted) throw this.cancelled(o.signal.reason);
      const startedAt = now();
      const t0 = performance.now();
      const timeout = AbortSignal.timeout(o.timeoutMs);
      const signal = o.signal ? AbortSignal.any([timeout, o.signal]) : timeout;
      let response: TransportResponse | null = null;
      let error: { code: string; message: string } | null = null;
      let retryable = false;
      try {
        // Again on every attempt: the customer's DNS may have moved since the URL was saved.
        const { url } = await checkWebhookUrl(callbackUrl, guard);
        response = await transport.post({
          url,
          body,
          signal,
          lookup: guardedLookup(guard),
          headers: {
            'content-type': 'application/json',
            'user-agent': o.userAgent ?? 'Clipwright-Webhooks/1',
            // Re-signed per attempt: the timestamp is the attempt's, so receivers' 5-minute replay
            // window does not reject a retry sent 10 minutes after the event.
            ...signWebhook(secret, messageId, now(), body),
          },
        });
      } catch (e) {
        if (o.signal?.aborted) throw this.cancelled(o.signal.reason);
        error = describeError(e, timeout.aborted);
        // A refused address stays refused; everything else on the network may pass next time.
        retryable = error.code !== 'ADDRESS_FORBIDDEN';
      }

      const status = response?.status ?? null;
      const delivered = status !== null && status >= 200 && status <= 299;
      if (status !== null && !delivered) {
        retryable = isRetryableStatus(status);
        // Redirects are not followed: the new location has not been checked, and the customer
        // should register the final URL. Recorded as a failure they can see and fix.
        if (status >= 300 && status <= 399) {
          const location = response?.headers.location;
          error = {
            code: 'REDIRECT_REFUSED',
            message: `Redirect to ${String(location ?? '(none)')} not followed`,
          };
        }
      }
      const last = attempt === o.maxAttempts;
      let nextDelayMs: number | null = null;
      if (!delivered && retryable && !last) {
        nextDelayMs = backoffDelay(attempt, o.baseDelayMs, o.maxDelayMs, random);
        const asked = status !== null ? retryAfterMs(response?.headers['retry-after'], now()) : null;
        if (asked !== null) nextDelayMs = Math.min(o.maxDelayMs, Math.max(nextDelayMs, asked));
      }
      const record: DeliveryAttempt = {
        messageId,
        attempt,
        startedAt,
        durationMs: Math.round(performance.now() - t0),
        statusCode: status,
        error,
        outcome: delivered ? 'delivered' : nextDelayMs !== null ? 'retrying' : 'failed',
        nextDelayMs,
        responseExcerpt: response ? response.bodyExcerpt : null,
      };
      attempts.push(record);
      await o.onAttempt?.(record);
      if (record.outcome !== 'retrying') return { delivered, messageId, attempts };
      try {
        await sleep(nextDelayMs!, o.signal);
      } catch (e) {
        throw this.cancelled(e);
      }
    }
    // Not reached: the last attempt is never 'retrying', so the loop returns inside.
    return { delivered: false, messageId, attempts };
  }

  private cancelled(cause: unknown): ClipwrightError {
    return new ClipwrightError(ErrorCode.Cancelled, 'The webhook delivery was cancelled', { cause });
  }
}

/** `new WebhookSender().deliver(...)`, for callers without dependency injection. */
export function deliverWebhook(
  callbackUrl: string,
  event: WebhookEvent,
  secret: string | readonly string[],
  options: DeliverOptions = {},
): Promise<DeliveryResult> {
  return new WebhookSender().deliver(callbackUrl, event, secret, options);
}
