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
  private readonly jobsGauge: Gauge;
  private readonly depthGauge: Gauge;
  private since = new Date();

  constructor(
    private readonly jobs: Pick<JobRepository, 'countByStateAllWorkspaces' | 'finishedSinceAllWorkspaces'>,
    private readonly queues: Record<QueueName, QueueCounts>,
    private readonly timeoutMs = 2000,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'clipwright_api_' });
    this.jobsGauge = new Gauge({
      name: 'clipwright_jobs',
      help: 'Jobs by state (all workspaces)',
      labelNames: ['state'],
      registers: [this.registry],
    });
    this.depthGauge = new Gauge({
      name: 'clipwright_queue_depth',
      help: 'Queued BullMQ jobs not yet finished, by queue and BullMQ state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
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
    this.up = new Gauge({
      name: 'clipwright_dependency_up',
      help: '1 when the last scrape could read the dependency, 0 when it could not',
      labelNames: ['dependency'],
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

  /**
   * Reads everything first, each bounded, then serialises: prom-client collects gauges in parallel,
   * so a gauge set from another's collect would be read before it is set.
   */
  async render(): Promise<string> {
    const [counts, depths, finished] = await Promise.all([
      this.read('database', () => this.jobs.countByStateAllWorkspaces()),
      this.read('redis', () =>
        Promise.all(
          QUEUE_NAMES.map((q) => this.queues[q].getJobCounts('waiting', 'active', 'delayed', 'prioritized')),
        ),
      ),
      this.read('database', () => this.jobs.finishedSinceAllWorkspaces(this.since)),
    ]);
    if (counts) for (const state of JOB_STATES) this.jobsGauge.set({ state }, counts[state] ?? 0);
    if (depths)
      QUEUE_NAMES.forEach((queue, i) => {
        for (const [state, n] of Object.entries(depths[i])) this.depthGauge.set({ queue, state }, n);
      });
    const done = finished ?? [];
    for (const d of done) {
      this.renderSeconds.observe(d.seconds);
      if (d.finishedAt > this.since) this.since = d.finishedAt;
    }
    return this.registry.metrics();
  }
}
