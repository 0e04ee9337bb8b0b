/** Why a render was told to stop: a user's cancel, or this worker shutting down (give the job back). */
export const StopReason = { Cancel: 'cancel', Shutdown: 'shutdown' } as const;
export type StopReason = (typeof StopReason)[keyof typeof StopReason];

/** The renders running in this process, by job id, so a cancel message can abort the right one. */
export class CancelRegistry {
  private readonly running = new Map<string, AbortController>();

  register(jobId: string): AbortController {
    const c = new AbortController();
    this.running.set(jobId, c);
    return c;
  }

  unregister(jobId: string, c: AbortController): void {
    if (this.running.get(jobId) === c) this.running.delete(jobId);
  }

  /** True when a render of that job was running here and is now told to stop. */
  cancel(jobId: string): boolean {
    const c = this.running.get(jobId);
    if (!c) return false;
    c.abort(StopReason.Cancel);
    return true;
  }

  /** Stops every render here for a shutdown; their handlers give the jobs back to the queue. */
  abortAll(): number {
    for (const c of this.running.values()) c.abort(StopReason.Shutdown);
    return this.running.size;
  }

  /** The job ids running here (the staging sweeper leaves their folders alone). */
  jobIds(): string[] {
    return [...this.running.keys()];
  }

  get size(): number {
    return this.running.size;
  }
}
