import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

type Kind = 'uuid' | 'varchar' | 'text' | 'json' | 'int' | 'real' | 'date';

/**
 * The first schema, written by hand rather than generated, so it is reviewed like code. Column
 * types go through the driver's own normalisation (uuid -> varchar on SQLite, Date -> timestamp on
 * PostgreSQL), the same one TypeORM uses to compare entities with tables: the persistence specs
 * check that after this migration the entities need no schema change on either database.
 */
export class Initial1763770000000 implements MigrationInterface {
  name = 'Initial1763770000000';

  async up(qr: QueryRunner): Promise<void> {
    const col = (name: string, kind: Kind, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => {
      const declared: ColumnMetadata['type'] =
        kind === 'json' ? 'simple-json' : kind === 'date' ? Date : kind === 'int' ? 'integer' : kind;
      return {
        name,
        type: qr.connection.driver.normalizeType({ type: declared } as ColumnMetadata),
        isNullable: false,
        ...opts,
      };
    };
    const id = col('id', 'uuid', { isPrimary: true });
    const workspaceId = col('workspaceId', 'uuid');
    const createdAt = col('createdAt', 'date');
    const str = (name: string, length: number, nullable = false) =>
      col(name, 'varchar', { length: String(length), isNullable: nullable });

    await qr.createTable(
      new Table({
        name: 'workspace',
        columns: [id, str('name', 100), createdAt],
        indices: [new TableIndex({ name: 'UQ_workspace_name', columnNames: ['name'], isUnique: true })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'api_key',
        columns: [
          id,
          workspaceId,
          str('name', 100),
          str('prefix', 16),
          str('keyHash', 64),
          createdAt,
          col('revokedAt', 'date', { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_api_key_workspace', columnNames: ['workspaceId'] }),
          new TableIndex({ name: 'UQ_api_key_hash', columnNames: ['keyHash'], isUnique: true }),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'job',
        columns: [
          id,
          workspaceId,
          col('batchId', 'uuid', { isNullable: true }),
          str('template', 64),
          col('data', 'json'),
          str('select', 200, true),
          col('aspects', 'json'),
          str('state', 16),
          col('progress', 'real'),
          str('stage', 64, true),
          col('error', 'json', { isNullable: true }),
          str('idempotencyKey', 200, true),
          str('requestHash', 64, true),
          str('callbackUrl', 2000, true),
          col('attempts', 'int'),
          col('result', 'json', { isNullable: true }),
          createdAt,
          col('updatedAt', 'date'),
          col('startedAt', 'date', { isNullable: true }),
          col('finishedAt', 'date', { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_job_workspace_state', columnNames: ['workspaceId', 'state'] }),
          new TableIndex({ name: 'IDX_job_workspace_batch', columnNames: ['workspaceId', 'batchId'] }),
          new TableIndex({
            name: 'UQ_job_workspace_idempotency',
            columnNames: ['workspaceId', 'idempotencyKey'],
            isUnique: true,
          }),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'job_output',
        columns: [
          id,
          workspaceId,
          col('jobId', 'uuid'),
          str('name', 200),
          str('aspect', 16, true),
          str('storageKey', 500),
          col('size', 'int'),
          str('contentType', 100),
          createdAt,
        ],
        indices: [
          new TableIndex({ name: 'UQ_job_output_job_name', columnNames: ['jobId', 'name'], isUnique: true }),
          new TableIndex({ name: 'IDX_job_output_workspace_job', columnNames: ['workspaceId', 'jobId'] }),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'asset',
        columns: [
          id,
          workspaceId,
          str('name', 200),
          str('contentType', 100),
          col('size', 'int'),
          str('sha256', 64),
          str('storageKey', 500),
          createdAt,
        ],
        indices: [new TableIndex({ name: 'IDX_asset_workspace', columnNames: ['workspaceId'] })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'webhook_delivery',
        columns: [
          id,
          workspaceId,
          col('jobId', 'uuid'),
          str('messageId', 100),
          str('event', 64),
          str('url', 2000),
          col('attempt', 'int'),
          col('status', 'int', { isNullable: true }),
          str('error', 500, true),
          col('durationMs', 'int'),
          createdAt,
        ],
        indices: [
          new TableIndex({
            name: 'IDX_webhook_delivery_workspace_job',
            columnNames: ['workspaceId', 'jobId'],
          }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const table of ['webhook_delivery', 'asset', 'job_output', 'job', 'api_key', 'workspace'])
      await qr.dropTable(table);
  }
}
