import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A file a workspace uploaded for templates to use (photo, logo, music bed). */
@Entity('asset')
@Index('IDX_asset_workspace', ['workspaceId'])
export class AssetEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** From the content's magic bytes, never from the client's header. */
  @Column({ type: 'varchar', length: 100 })
  contentType!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'varchar', length: 500 })
  storageKey!: string;

  @Column({ type: Date })
  createdAt!: Date;
}
