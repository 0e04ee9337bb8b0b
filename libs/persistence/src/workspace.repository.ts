import { DataSource, IsNull, Repository } from 'typeorm';
import { generateWebhookSecret } from '@app/webhooks';
import { uuid7 } from './uuid7';
import { WorkspaceEntity } from './workspace.entity';

/** Workspaces are the scope itself, so these are the only lookups not keyed by a workspace id. */
export class WorkspaceRepository {
  private readonly repo: Repository<WorkspaceEntity>;

  constructor(ds: DataSource) {
    this.repo = ds.getRepository(WorkspaceEntity);
  }

  async findOrCreate(name: string): Promise<WorkspaceEntity> {
    const existing = await this.repo.findOneBy({ name });
    if (existing) return existing;
    const row = this.repo.create({
      id: uuid7(),
      name,
      createdAt: new Date(),
      webhookSecret: generateWebhookSecret(),
    });
    try {
      return await this.repo.save(row);
    } catch (e) {
      // Another process created it between our read and write.
      const raced = await this.repo.findOneBy({ name });
      if (raced) return raced;
      throw e;
    }
  }

  get(workspaceId: string): Promise<WorkspaceEntity | null> {
    return this.repo.findOneBy({ id: workspaceId });
  }

  /**
   * The secret that signs the workspace's webhooks; null for an unknown workspace. A row without one
   * (only possible if it was written by older code after the migration ran) gets one here, with a
   * guarded UPDATE so two callers racing agree on the same secret.
   */
  async webhookSecret(workspaceId: string): Promise<string | null> {
    const row = await this.get(workspaceId);
    if (!row) return null;
    if (row.webhookSecret) return row.webhookSecret;
    await this.repo.update(
      { id: workspaceId, webhookSecret: IsNull() },
      { webhookSecret: generateWebhookSecret() },
    );
    return (await this.get(workspaceId))?.webhookSecret ?? null;
  }
}
