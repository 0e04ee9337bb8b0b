import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

type Kind = 'varchar' | 'json' | 'int' | 'real' | 'date';

/**
 * The gateway's first schema, by hand so it is reviewed like code. Column types go through the
 * driver's own normalisation, as TypeORM does when it compares entities with tables, so the same
 * migration serves SQLite and PostgreSQL (the store spec checks no schema change is left over).
 */
export class MosGatewayInitial1764200000000 implements MigrationInterface {
  name = 'MosGatewayInitial1764200000000';

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
    const str = (name: string, length: number, nullable = false) =>
      col(name, 'varchar', { length: String(length), isNullable: nullable });

    await qr.createTable(
      new Table({
        name: 'mos_running_order',
        columns: [
          str('id', 128),
          col('doc', 'json'),
          str('airStatus', 16, true),
          col('updatedAt', 'date'),
        ].map((c) => (c.name === 'id' ? { ...c, isPrimary: true } : c)),
      }),
    );
    await qr.createTable(
      new Table({
        name: 'mos_clip',
        columns: [
          { ...str('objId', 160), isPrimary: true },
          str('roId', 128, true),
          str('storyId', 128, true),
          str('itemId', 128, true),
          str('slug', 128),
          str('template', 64),
          col('request', 'json'),
          col('revision', 'int'),
          str('revisionHash', 64),
          str('jobId', 64, true),
          str('jobRevisionHash', 64, true),
          str('status', 16),
          str('reportedStatus', 16, true),
          col('reportedRevision', 'int'),
          col('duration', 'real', { isNullable: true }),
          col('timeBase', 'int'),
          str('outputName', 200, true),
          str('thumbnail', 200, true),
          str('error', 1000, true),
          str('origin', 16),
          col('deletedAt', 'date', { isNullable: true }),
          col('createdAt', 'date'),
          col('changedAt', 'date'),
        ],
        indices: [new TableIndex({ name: 'IDX_mos_clip_item', columnNames: ['roId', 'storyId', 'itemId'] })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'mos_render',
        columns: [
          { ...str('jobId', 64), isPrimary: true },
          str('objId', 160),
          col('revision', 'int'),
          str('idempotencyKey', 80),
          str('state', 16),
          col('createdAt', 'date'),
          col('finishedAt', 'date', { isNullable: true }),
        ],
        indices: [new TableIndex({ name: 'IDX_mos_render_obj', columnNames: ['objId'] })],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('mos_render');
    await qr.dropTable('mos_clip');
    await qr.dropTable('mos_running_order');
  }
}
