import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { withTimeout } from '@app/core';
import { JOB_STATES, JobRepository } from '@app/persistence';
import { QUEUE_NAMES, QueueName } from '@app/queue';

export interface QueueCounts {
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}

/**
 * Prometheus metrics. Gauges are read when scraped (jobs by state from the database, queue depth
 * from Redis), so every API instance reports the same numbers; the render-seconds histogram
 * observes the jobs completed since the last scrape (finishedAt - startedAt). Every read is
 * bounded by `timeoutMs`: with a dependency down the scrape still answers, its gauges left out and
 * `clipwright_dependency_up{dependency}` at 0.
 */
export class MetricsService {
  readonly registry = new Registry();
  private readonly renderSeconds: Histogram;
  readonly httpErrors: Counter;
  private readonly up: Gauge;
  private since = new Date();

  constructor(
    private readonly jobs: Pick<JobRepository, 'countByStateAllWorkspaces' | 'finishedSinceAllWorkspaces'>,
    private readonly queues: Record<QueueName, QueueCounts>,
    private readonly timeoutMs = 2000,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'clipwright_api_' });
    const read = <T>(dependency: string, fn: () => Promise<T>) => this.read(dependency, fn);
    const jobsRepo = this.jobs;
    const queueMap = this.queues;
    this.up = new Gauge({
      name: 'clipwright_dependency_up',
      help: '1 when the last scrape could read the dependency, 0 when it could not',
      labelNames: ['dependency'],
      registers: [this.registry],
    });
    new Gauge({
      name: 'clipwright_jobs',
      help: 'Jobs by state (all workspaces)',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const counts = await read('database', () => jobsRepo.countByStateAllWorkspaces());
        if (counts) for (const state of JOB_STATES) this.set({ state }, counts[state] ?? 0);
      },
    });
    new Gauge({
      name: 'clipwright_queue_depth',
      help: 'Queued BullMQ jobs not yet finished, by queue and BullMQ state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const queue of QUEUE_NAMES) {
          const counts = await read('redis', () =>
            queueMap[queue].getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
          );
          if (!counts) return;
          for (const [state, n] of Object.entries(counts)) this.set({ queue, state }, n);
        }
      },
    });
    this.renderSeconds = new Histogram({
      name: 'clipwright_render_seconds',
      help: 'Wall time of completed renders, from pick-up to completion',
      buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800],
      registers: [this.registry],
    });
    this.httpErrors = new Counter({
      name: 'clipwright_http_errors_total',
      help: 'Error responses by status',
      labelNames: ['status'],
      registers: [this.registry],
    });
  }

  /** `read()` bounded; null (and the dependency marked down) when it fails or is too slow. */
  private async read<T>(dependency: string, read: () => Promise<T>): Promise<T | null> {
    try {
      const v = await withTimeout(read(), this.timeoutMs, dependency);
      this.up.set({ dependency }, 1);
      return v;
    } catch {
      this.up.set({ dependency }, 0);
      return null;
    }
  }

  async render(): Promise<string> {
    const done = (await this.read('database', () => this.jobs.finishedSinceAllWorkspaces(this.since))) ?? [];
    for (const d of done) {
      this.renderSeconds.observe(d.seconds);
      if (d.finishedAt > this.since) this.since = d.finishedAt;
    }
    return this.registry.metrics();
  }
}
