import type { Logger } from 'pino';
import { ClipwrightError, isOutage, publicError } from '@app/core';
import type { JobEntity, JobRepository } from '@app/persistence';
import { JobContext, JobOutcome } from '@app/queue';

/** A run that holds its job: the row, the run's attempt (its fencing token) and a logger naming both. */
export interface StartedRun {
  row: JobEntity;
  attempt: number;
  log: Logger;
}

/**
 * Starts a run of a job row, as every row handler does first: `start` makes the row active and
 * returns the run's attempt. A row that is gone, finished or cancelled is Skipped; the database
 * being down is Deferred (the job goes back to the queue without spending an attempt).
 */
export async function startRun(
  jobs: Pick<JobRepository, 'get' | 'start'>,
  logger: Logger,
  workspaceId: string,
  jobId: string,
): Promise<StartedRun | JobOutcome> {
  let row: JobEntity | null;
  let attempt: number | null;
  try {
    row = await jobs.get(workspaceId, jobId);
    attempt = row ? await jobs.start(workspaceId, jobId) : null;
  } catch (e) {
    if (!isOutage(e)) throw e;
    logger.warn({ jobId, err: String(e) }, 'database unavailable; job deferred');
    return JobOutcome.Deferred;
  }
  const log = logger.child({ jobId, workspaceId, attempt });
  if (!row || attempt === null) {
    log.info({ state: row?.state ?? 'gone' }, 'job is no longer runnable; skipping');
    return JobOutcome.Skipped;
  }
  return { row, attempt, log };
}

/**
 * Records a run's failure that is neither a stop nor an outage. Bad input fails the row with its
 * code and path and answers Failed (never retried); anything else fails the row on the last attempt
 * or hands it back with the error, and answers whether it was the last (the caller then throws, so
 * BullMQ retries with backoff).
 */
export async function recordFailure(
  jobs: Pick<JobRepository, 'fail' | 'retrying'>,
  run: { workspaceId: string; jobId: string; attempt: number; ctx: JobContext; log: Logger },
  err: ClipwrightError,
  what: string,
): Promise<typeof JobOutcome.Failed | { last: boolean }> {
  const error = publicError(err);
  if (err.isInputError) {
    await jobs.fail(run.workspaceId, run.jobId, error, run.attempt);
    run.log.warn({ error }, `${what} failed on its input; not retrying`);
    return JobOutcome.Failed;
  }
  const last = run.ctx.attempt >= run.ctx.maxAttempts;
  await (last
    ? jobs.fail(run.workspaceId, run.jobId, error, run.attempt)
    : jobs.retrying(run.workspaceId, run.jobId, run.attempt, error));
  return { last };
}
