import { DataSource, IsNull, Repository } from 'typeorm';
import { generateWebhookSecret } from '@app/webhooks';
import { uuid7 } from './uuid7';
import { WorkspaceEntity } from './workspace.entity';

/** The workspace's webhook signing secrets as the API shows them. */
export interface WebhookSecretState {
  /** Signs every webhook. */
  secret: string;
  /** The secret before the last rotation, while it still signs beside `secret`; else null. */
  previous: string | null;
  /** When `previous` stops signing; null when there is none. */
  previousValidUntil: Date | null;
}

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

  /** Looks a workspace up without making it (listing or revoking keys of a workspace that is not there). */
  findByName(name: string): Promise<WorkspaceEntity | null> {
    return this.repo.findOneBy({ name });
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

  /**
   * The current secret, and the previous one while its grace period lasts (strictly before its
   * `until`); null for an unknown workspace. Backfills a missing current secret like `webhookSecret`.
   */
  async webhookSecretState(workspaceId: string, now: Date = new Date()): Promise<WebhookSecretState | null> {
    const row = await this.get(workspaceId);
    if (!row) return null;
    const secret = row.webhookSecret ?? (await this.webhookSecret(workspaceId));
    if (!secret) return null;
    const until = row.previousWebhookSecretUntil ? new Date(row.previousWebhookSecretUntil) : null;
    const previous = row.previousWebhookSecret;
    if (previous && previous !== secret && until && until.getTime() > now.getTime())
      return { secret, previous, previousValidUntil: until };
    return { secret, previous: null, previousValidUntil: null };
  }

  /**
   * What a webhook is signed with: the current secret first, then the previous one during its grace
   * period (Standard Webhooks puts one signature per secret in `webhook-signature`, and receivers
   * accept any that verifies). [] for an unknown workspace.
   */
  async signingSecrets(workspaceId: string, now: Date = new Date()): Promise<string[]> {
    const state = await this.webhookSecretState(workspaceId, now);
    if (!state) return [];
    return state.previous ? [state.secret, state.previous] : [state.secret];
  }

  /**
   * Makes a new current secret; the one it replaces keeps signing for `graceMs` (0: it stops at
   * once and is not kept). Null for an unknown workspace. The one UPDATE copies current to previous
   * and writes the new secret together: SET expressions read the row as it was before the statement
   * (SQL standard; SQLite and PostgreSQL both), and the row lock puts concurrent rotations one after
   * the other, so two racing rotations leave one caller's secret current and the other's previous.
   * A read-then-write would let both keep the original as previous and drop a secret just handed out.
   */
  async rotateWebhookSecret(
    workspaceId: string,
    graceMs: number,
    now: Date = new Date(),
  ): Promise<{ secret: string; previousValidUntil: Date | null } | null> {
    if (!Number.isFinite(graceMs) || graceMs < 0)
      throw new RangeError(`graceMs must be >= 0, not ${graceMs}`);
    // A row still without a secret gets one first, so there is always a current secret to keep.
    if ((await this.webhookSecret(workspaceId)) === null) return null;
    const secret = generateWebhookSecret();
    const until = graceMs > 0 ? new Date(now.getTime() + graceMs) : null;
    const result = await this.repo
      .createQueryBuilder()
      .update(WorkspaceEntity)
      .set({
        previousWebhookSecret: until ? () => '"webhookSecret"' : null,
        previousWebhookSecretUntil: until,
        webhookSecret: secret,
      })
      .where('"id" = :id', { id: workspaceId })
      .execute();
    if (!result.affected) return null;
    return { secret, previousValidUntil: until };
  }
}
