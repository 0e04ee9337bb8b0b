import { DataSource, Repository } from 'typeorm';
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

  listForJob(workspaceId: string, jobId: string): Promise<WebhookDeliveryEntity[]> {
    return this.repo.find({ where: { workspaceId, jobId }, order: { id: 'ASC' } });
  }
}
