import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull, Repository } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { uuid7 } from './uuid7';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export class ApiKeyRepository {
  private readonly repo: Repository<ApiKeyEntity>;

  constructor(ds: DataSource) {
    this.repo = ds.getRepository(ApiKeyEntity);
  }

  /** Makes a key and returns it in clear: the only time it exists outside its owner's hands. */
  async create(workspaceId: string, name: string): Promise<{ row: ApiKeyEntity; key: string }> {
    const key = `cw_${randomBytes(32).toString('base64url')}`;
    const row = await this.repo.save(
      this.repo.create({
        id: uuid7(),
        workspaceId,
        name,
        prefix: key.slice(0, 10),
        keyHash: hashApiKey(key),
        createdAt: new Date(),
        revokedAt: null,
      }),
    );
    return { row, key };
  }

  /**
   * Authentication: the key is what names the workspace, so this is the one lookup that cannot be
   * scoped by one. Revoked keys are not found.
   */
  findActiveByKey(key: string): Promise<ApiKeyEntity | null> {
    return this.repo.findOneBy({ keyHash: hashApiKey(key), revokedAt: IsNull() });
  }

  list(workspaceId: string): Promise<ApiKeyEntity[]> {
    return this.repo.find({ where: { workspaceId }, order: { id: 'ASC' } });
  }

  async revoke(workspaceId: string, id: string): Promise<boolean> {
    const r = await this.repo.update({ workspaceId, id, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (r.affected ?? 0) > 0;
  }
}
