import type { Logger } from 'pino';

export interface ShutdownOptions {
  /** The most time `close` gets; past it the process exits anyway (code 1). */
  graceMs: number;
  logger: Logger;
  /** Seams for unit tests. */
  exit?: (code: number) => void;
  signals?: NodeJS.Signals[];
}

/**
 * SIGTERM/SIGINT handling with a deadline, as container orchestrators expect (Kubernetes sends
 * SIGTERM, waits terminationGracePeriodSeconds, 30 s by default, then SIGKILLs): `close` runs once;
 * the process exits 0 when it finishes, or 1 when it throws or the grace period runs out, whether or
 * not Redis and the database answer. Nest's own shutdown hooks wait without a bound, so they are
 * not enabled; `close` calls `app.close()` itself.
 */
export function installShutdown(close: () => Promise<void>, options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const { logger } = options;
  // Logging must never stand between a signal and the exit: with the log pipe gone (a parent that
  // died) a write can throw, and a throw before the deadline is set would leave the process up.
  const log = (level: 'info' | 'error', fields: object, msg: string) => {
    try {
      logger[level](fields, msg);
    } catch {
      // Nothing to do: the exit matters more than the line.
    }
  };
  let started = false;
  let finished = false;
  const finish = (code: number, msg: string) => {
    if (finished) return;
    finished = true;
    log(code === 0 ? 'info' : 'error', { code }, msg);
    try {
      logger.flush?.();
    } catch {
      // As above.
    }
    setImmediate(() => exit(code));
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    const deadline = setTimeout(() => finish(1, 'grace period over; exiting'), options.graceMs);
    log('info', { signal, graceMs: options.graceMs }, 'shutting down');
    Promise.resolve()
      .then(close)
      .then(
        () => {
          clearTimeout(deadline);
          finish(0, 'shut down');
        },
        (e: unknown) => {
          clearTimeout(deadline);
          log('error', { err: String(e) }, 'shutdown step failed');
          finish(1, 'shut down with errors');
        },
      );
  };
  for (const s of options.signals ?? (['SIGTERM', 'SIGINT'] as NodeJS.Signals[])) process.on(s, onSignal);
}

/** Resolves with `work`'s settling, or with 'timeout' after `ms`: never rejects, never waits longer. */
export async function within(work: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    work.then(
      () => 'done' as const,
      () => 'done' as const,
    ),
    new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms))),
  ]);
  clearTimeout(timer);
  return result;
}
