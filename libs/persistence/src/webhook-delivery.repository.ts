import { Between, DataSource, In, Repository } from 'typeorm';
import { uuid7 } from './uuid7';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';

export type NewDelivery = Omit<WebhookDeliveryEntity, 'id' | 'workspaceId' | 'createdAt'>;

export class WebhookDeliveryRepository {
  private readonly repo: Repository<WebhookDeliveryEntity>;

  constructor(ds: DataSource) {
    this.repo = ds.getRepository(WebhookDeliveryEntity);
  }

  async record(workspaceId: string, attempt: NewDelivery): Promise<WebhookDeliveryEntity> {
    const row = this.repo.create({ ...attempt, id: uuid7(), workspaceId, createdAt: new Date() });
    await this.repo.insert(row);
    return row;
  }

  /** True when some attempt of this event for this job got a 2xx: a later run must not send it again. */
  async wasDelivered(workspaceId: string, jobId: string, event: string): Promise<boolean> {
    const n = await this.repo.count({ where: { workspaceId, jobId, event, status: Between(200, 299) } });
    return n > 0;
  }

  /** Of these jobs, the ids with a 2xx delivery of some event (unscoped: the reconciler's question). */
  async deliveredJobIds(jobIds: string[]): Promise<Set<string>> {
    if (jobIds.length === 0) return new Set();
    const rows = await this.repo.find({
      select: { jobId: true },
      where: { jobId: In(jobIds), status: Between(200, 299) },
    });
    return new Set(rows.map((r) => r.jobId));
  }

  /** Attempts recorded so far for one event of one job (numbers continue across queue retries). */
  countAttempts(workspaceId: string, jobId: string, event: string): Promise<number> {
    return this.repo.count({ where: { workspaceId, jobId, event } });
  }

  listForJob(workspaceId: string, jobId: string): Promise<WebhookDeliveryEntity[]> {
    // Not by id alone: two attempts in the same millisecond have uuid7s in random order.
    return this.repo.find({
      where: { workspaceId, jobId },
      order: { createdAt: 'ASC', attempt: 'ASC', id: 'ASC' },
    });
  }
}
