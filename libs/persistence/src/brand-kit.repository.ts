import { DataSource, Repository } from 'typeorm';
import { BrandKit, BrandKitEntity } from './brand-kit.entity';

/** Brand kits, always read and written through the workspace id. */
export class BrandKitRepository {
  private readonly repo: Repository<BrandKitEntity>;

  constructor(ds: DataSource) {
    this.repo = ds.getRepository(BrandKitEntity);
  }

  /** The workspace's kit, or null when it never saved one. */
  async get(workspaceId: string): Promise<BrandKit | null> {
    return (await this.repo.findOneBy({ workspaceId }))?.kit ?? null;
  }

  /**
   * Replaces the workspace's kit in one statement (an upsert on the primary key), so a concurrent
   * reader sees the old kit or the new one, never a mix.
   */
  async save(workspaceId: string, kit: BrandKit, now: Date = new Date()): Promise<BrandKit> {
    await this.repo.upsert({ workspaceId, kit, updatedAt: now }, ['workspaceId']);
    return kit;
  }
}
