import { ClipwrightApiError } from './api-error';

/** How a call is retried on 429, 503 and network failures. */
export interface RetryPolicy {
  /** Tries after the first (default 4). */
  retries: number;
  /** First backoff in ms, doubled each try (default 500). */
  baseMs: number;
  /** Longest single wait in ms, Retry-After included (default 30 000). */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseMs: 500, maxMs: 30_000 };

/**
 * Milliseconds to wait before try `attempt` (1 = the first retry): the server's Retry-After when it
 * gave one, else exponential backoff with "full jitter" (AWS Architecture Blog, "Exponential Backoff
 * And Jitter", 2015), capped at `maxMs`. `random` is injectable for tests.
 */
export function retryDelayMs(
  attempt: number,
  error: ClipwrightApiError,
  policy: RetryPolicy = DEFAULT_RETRY,
  random: () => number = Math.random,
): number {
  if (error.retryAfterS !== undefined) return Math.min(error.retryAfterS * 1000, policy.maxMs);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A wait that ends early (rejecting) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new ClipwrightApiError(0, 'ABORTED', 'Cancelled by the caller');
}
