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
}
