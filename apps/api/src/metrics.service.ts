import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { JOB_STATES, JobRepository } from '@app/persistence';
import { QUEUE_NAMES, QueueName } from '@app/queue';

export interface QueueCounts {
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}

/**
 * Prometheus metrics. Gauges are read when scraped (jobs by state from the database, queue depth
 * from Redis), so every API instance reports the same numbers; the render-seconds histogram
 * observes the jobs completed since the last scrape (finishedAt - startedAt).
 */
export class MetricsService {
  readonly registry = new Registry();
  private readonly renderSeconds: Histogram;
  readonly httpErrors: Counter;
  private since = new Date();

  constructor(
    private readonly jobs: Pick<JobRepository, 'countByStateAllWorkspaces' | 'finishedSinceAllWorkspaces'>,
    private readonly queues: Record<QueueName, QueueCounts>,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'clipwright_api_' });
    const jobsRepo = this.jobs;
    new Gauge({
      name: 'clipwright_jobs',
      help: 'Jobs by state (all workspaces)',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const counts = await jobsRepo.countByStateAllWorkspaces();
        for (const state of JOB_STATES) this.set({ state }, counts[state] ?? 0);
      },
    });
    const queueMap = this.queues;
    new Gauge({
      name: 'clipwright_queue_depth',
      help: 'Queued BullMQ jobs not yet finished, by queue and BullMQ state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const queue of QUEUE_NAMES) {
          const counts = await queueMap[queue].getJobCounts('waiting', 'active', 'delayed', 'prioritized');
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

  async render(): Promise<string> {
    const done = await this.jobs.finishedSinceAllWorkspaces(this.since);
    for (const d of done) {
      this.renderSeconds.observe(d.seconds);
      if (d.finishedAt > this.since) this.since = d.finishedAt;
    }
    return this.registry.metrics();
  }
}
