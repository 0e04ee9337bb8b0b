import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The tenant: every other row belongs to one workspace and is only ever read through it. */
@Entity('workspace')
@Index('UQ_workspace_name', ['name'], { unique: true })
export class WorkspaceEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: Date })
  createdAt!: Date;

  /**
   * Signs this workspace's job webhooks (Standard Webhooks `whsec_...`), made with the workspace.
   * Nullable only because rows made before the column existed are backfilled by its migration.
   */
  @Column({ type: 'varchar', length: 100, nullable: true })
  webhookSecret!: string | null;

  /**
   * The secret in use before the last rotation, still signing (beside the current one) until
   * `previousWebhookSecretUntil`, so receivers can switch without rejecting a webhook. Null when
   * none was kept (no rotation yet, or a rotation without a grace period).
   */
  @Column({ type: 'varchar', length: 100, nullable: true })
  previousWebhookSecret!: string | null;

  @Column({ type: Date, nullable: true })
  previousWebhookSecretUntil!: Date | null;
}
