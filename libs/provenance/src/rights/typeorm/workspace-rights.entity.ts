import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A workspace's provenance settings (see `WorkspaceRightsSettings`); no row means the defaults. */
@Entity('workspace_rights')
export class WorkspaceRightsEntity {
  @PrimaryColumn({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'boolean' })
  commercial!: boolean;

  /** A built-in profile id or a custom profile object. */
  @Column({ type: 'simple-json' })
  labelProfile!: unknown;

  @Column({ type: 'varchar', length: 100, nullable: true })
  providerCode!: string | null;

  @Column({ type: Date })
  updatedAt!: Date;
}
