import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * The consent ledger (`consent_record`) and the workspaces' rights settings (`workspace_rights`),
 * written by hand like the other migrations: column types go through the driver's own
 * normalisation, so the entities need no schema change after it on SQLite or PostgreSQL.
 */
export class ProvenanceRights1765000000000 implements MigrationInterface {
  name = 'ProvenanceRights1765000000000';

  async up(qr: QueryRunner): Promise<void> {
    const col = (
      name: string,
      declared: ColumnMetadata['type'],
      opts: Partial<TableColumnOptions> = {},
    ): TableColumnOptions => ({
      name,
      type: qr.connection.driver.normalizeType({ type: declared } as ColumnMetadata),
      isNullable: false,
      ...opts,
    });
    await qr.createTable(
      new Table({
        name: 'consent_record',
        columns: [
          col('id', 'uuid', { isPrimary: true }),
          col('workspaceId', 'uuid'),
          col('subject', 'varchar', { length: '200' }),
          col('presenterIds', 'simple-json'),
          col('voiceIds', 'simple-json'),
          col('commercial', 'boolean'),
          col('grantedAt', Date),
          col('expiresAt', Date, { isNullable: true }),
          col('revokedAt', Date, { isNullable: true }),
          col('evidenceRef', 'varchar', { length: '500' }),
          col('evidenceSha256', 'varchar', { length: '64', isNullable: true }),
          col('createdAt', Date),
        ],
        indices: [new TableIndex({ name: 'IDX_consent_record_workspace', columnNames: ['workspaceId'] })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'workspace_rights',
        columns: [
          col('workspaceId', 'uuid', { isPrimary: true }),
          col('commercial', 'boolean'),
          col('labelProfile', 'simple-json'),
          col('providerCode', 'varchar', { length: '100', isNullable: true }),
          col('updatedAt', Date),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('workspace_rights');
    await qr.dropTable('consent_record');
  }
}
