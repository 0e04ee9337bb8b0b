import { abortableSleep, asOutage, Dependency, DependencyUnavailableError, isOutage } from '@app/core';

export interface OutageRetryOptions {
  /** Keep retrying this long (ms) from the first failure; 0: one try. */
  windowMs: number;
  /** First wait, doubled each time up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Called before each wait, with the failure and the wait (for the log and the job's stage). */
  onRetry?: (e: unknown, delayMs: number) => void;
}

/**
 * `work` retried with exponential backoff (half fixed, half random) while it fails because
 * `dependency` is down; any other failure is thrown at once. When the window runs out the last
 * failure is thrown as a DependencyUnavailableError, so the caller gives the job back to the queue
 * instead of failing it.
 */
export async function retryOutage<T>(
  dependency: Dependency,
  work: () => Promise<T>,
  options: OutageRetryOptions,
): Promise<T> {
  const started = Date.now();
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 15_000;
  for (let n = 0; ; n++) {
    try {
      return await work();
    } catch (e) {
      if (!isOutage(e)) throw e;
      const ceiling = Math.min(max, base * 2 ** n);
      const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
      if (Date.now() + delay - started > options.windowMs)
        throw asOutage(e, dependency) as DependencyUnavailableError;
      options.onRetry?.(e, delay);
      await abortableSleep(delay, options.signal);
    }
  }
}
