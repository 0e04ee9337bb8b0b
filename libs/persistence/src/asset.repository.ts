import { DataSource, In, Repository } from 'typeorm';
import { AssetEntity } from './asset.entity';

export class AssetRepository {
  private readonly repo: Repository<AssetEntity>;

  constructor(ds: DataSource) {
    this.repo = ds.getRepository(AssetEntity);
  }

  async insert(workspaceId: string, asset: Omit<AssetEntity, 'workspaceId'>): Promise<AssetEntity> {
    const row = this.repo.create({ ...asset, workspaceId });
    await this.repo.insert(row);
    return row;
  }

  get(workspaceId: string, id: string): Promise<AssetEntity | null> {
    return this.repo.findOneBy({ workspaceId, id });
  }

  /** Which of these ids are assets of the workspace (another workspace's ids are simply absent). */
  async existing(workspaceId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.repo.find({ select: { id: true }, where: { workspaceId, id: In(ids) } });
    return new Set(rows.map((r) => r.id));
  }

  list(workspaceId: string): Promise<AssetEntity[]> {
    return this.repo.find({ where: { workspaceId }, order: { id: 'DESC' }, take: 1000 });
  }
}
