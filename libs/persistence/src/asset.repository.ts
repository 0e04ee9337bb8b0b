import { DataSource, Repository } from 'typeorm';
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

  list(workspaceId: string): Promise<AssetEntity[]> {
    return this.repo.find({ where: { workspaceId }, order: { id: 'DESC' }, take: 1000 });
  }
}
