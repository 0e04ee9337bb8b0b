import { ClipwrightError, ErrorCode } from '@app/core';
import { JOB_QUEUE, JobHandler, JobName, QueueName } from './job.contract';

/**
 * Maps each job name to its one handler. Boot fails (this throws) when a name has no handler or
 * two, so a job can never sit in Redis with nothing to run it, or run twice by two handlers.
 */
export class HandlerRegistry {
  private readonly byName: Map<JobName, JobHandler>;

  constructor(handlers: JobHandler[], names: readonly JobName[] = Object.values(JobName)) {
    const problems: string[] = [];
    this.byName = new Map();
    for (const h of handlers) {
      if (!names.includes(h.name)) problems.push(`handler for unknown job name "${h.name}"`);
      else if (this.byName.has(h.name)) problems.push(`job "${h.name}" has two handlers`);
      else this.byName.set(h.name, h);
    }
    for (const name of names) if (!this.byName.has(name)) problems.push(`job "${name}" has no handler`);
    if (problems.length)
      throw new ClipwrightError(ErrorCode.Internal, `Job handlers are wrong: ${problems.join('; ')}`);
  }

  get(name: string): JobHandler {
    const h = this.byName.get(name as JobName);
    if (!h) throw new ClipwrightError(ErrorCode.Internal, `No handler for job "${name}"`);
    return h;
  }

  /** The queues that carry at least one job name: the ones a worker must consume. */
  queues(): QueueName[] {
    return [...new Set([...this.byName.keys()].map((n) => JOB_QUEUE[n]))];
  }
}
