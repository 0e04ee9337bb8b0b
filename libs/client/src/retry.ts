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

/**
 * A wait that ends early (rejecting with the signal's reason) when `signal` aborts: core's, imported
 * by file because `@app/core` as a whole holds Node-only modules and this lib runs in browsers.
 */
export { abortableSleep as sleep } from '../../core/src/sleep';
