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
    c.abort();
    return true;
  }

  get size(): number {
    return this.running.size;
  }
}
