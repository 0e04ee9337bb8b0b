import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A consent record (see `ConsentRecord`): never deleted, only revoked. */
@Entity('consent_record')
@Index('IDX_consent_record_workspace', ['workspaceId'])
export class ConsentRecordEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'varchar', length: 200 })
  subject!: string;

  @Column({ type: 'simple-json' })
  presenterIds!: string[];

  @Column({ type: 'simple-json' })
  voiceIds!: string[];

  @Column({ type: 'boolean' })
  commercial!: boolean;

  @Column({ type: Date })
  grantedAt!: Date;

  @Column({ type: Date, nullable: true })
  expiresAt!: Date | null;

  @Column({ type: Date, nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'varchar', length: 500 })
  evidenceRef!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  evidenceSha256!: string | null;

  @Column({ type: Date })
  createdAt!: Date;
}
