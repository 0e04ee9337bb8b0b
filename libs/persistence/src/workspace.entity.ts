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
}
