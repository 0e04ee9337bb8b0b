import { DataSource, Repository } from 'typeorm';
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
    const row = this.repo.create({ id: uuid7(), name, createdAt: new Date() });
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
}
