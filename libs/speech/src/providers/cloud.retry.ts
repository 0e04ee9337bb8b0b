import { ClipwrightError, ErrorCode } from '@app/core';
import { cancelled } from '../espeak.process';

/** How a failed cloud call is treated: tried again, or failed at once with a code. */
export type CloudFailureKind = 'transient' | 'auth' | 'rejected' | 'voice';

export interface CloudFailure {
  kind: CloudFailureKind;
  /** What the service said, for the error message and logs (no secrets). */
  message: string;
}

export interface RetryPolicy {
  /** Calls in all, the first included (3: two retries). */
  attempts: number;
  /** Wait before the first retry; doubled for each next one, with jitter. */
  baseDelayMs: number;
  /** Longest wait between two calls. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 500, maxDelayMs: 8000 };

export interface RetryHooks {
  /** Waits; tests pass one that records the delays instead. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1) for the jitter. */
  random?: () => number;
  /** Told before each retry (a logger line in the service). */
  onRetry?: (attempt: number, delayMs: number, failure: CloudFailure) => void;
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled(signal.reason));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const CODES: Record<CloudFailureKind, ErrorCode> = {
  transient: ErrorCode.SpeechUnavailable,
  auth: ErrorCode.SpeechAuthFailed,
  rejected: ErrorCode.SpeechRejected,
  voice: ErrorCode.SpeechVoiceUnknown,
};

/**
 * Calls `op` until it succeeds, retrying only what `classify` calls transient (throttling, 5xx,
 * network) with exponential backoff and jitter ("equal jitter": half the doubled delay fixed, half
 * random; AWS Architecture Blog, "Exponential Backoff And Jitter", 2015). Anything else fails at
 * once: a rejected key is never tried twice. The error says which service, how many calls, and what
 * it answered last, under a stable code (SPEECH_UNAVAILABLE, SPEECH_AUTH_FAILED, SPEECH_REJECTED,
 * SPEECH_VOICE_UNKNOWN); an abort stops the wait and rejects with CANCELLED.
 */
export async function withRetries<T>(
  service: string,
  op: (attempt: number) => Promise<T>,
  classify: (error: unknown) => CloudFailure,
  policy: RetryPolicy,
  signal?: AbortSignal,
  hooks: RetryHooks = {},
): Promise<T> {
  const sleep = hooks.sleep ?? sleepFor;
  const random = hooks.random ?? Math.random;
  const attempts = Math.max(1, Math.floor(policy.attempts));
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw cancelled(signal.reason);
    try {
      return await op(attempt);
    } catch (e) {
      if (signal?.aborted || (e instanceof ClipwrightError && e.code === ErrorCode.Cancelled)) {
        throw cancelled(signal?.reason ?? e);
      }
      const failure = classify(e);
      if (failure.kind !== 'transient' || attempt >= attempts) {
        const tries =
          failure.kind === 'transient' ? ` after ${attempt} attempt${attempt > 1 ? 's' : ''}` : '';
        throw new ClipwrightError(CODES[failure.kind], `${service} failed${tries}: ${failure.message}`, {
          cause: e,
          ...(failure.kind === 'voice' ? { path: 'voice' } : {}),
          detail: { service, attempts: attempt, kind: failure.kind },
        });
      }
      const doubled = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.round(doubled / 2 + (random() * doubled) / 2);
      hooks.onRetry?.(attempt, delay, failure);
      await sleep(delay, signal);
    }
  }
}
