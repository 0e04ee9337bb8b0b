import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An API key, stored as the SHA-256 of a 256-bit random secret: a fast hash is enough when the
 * secret has that much entropy (no dictionary to try), and lookups stay one indexed query.
 */
@Entity('api_key')
@Index('IDX_api_key_workspace', ['workspaceId'])
@Index('UQ_api_key_hash', ['keyHash'], { unique: true })
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The first characters of the key, shown in listings so people can tell keys apart. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  @Column({ type: 'varchar', length: 64 })
  keyHash!: string;

  @Column({ type: Date })
  createdAt!: Date;

  @Column({ type: Date, nullable: true })
  revokedAt!: Date | null;
}
