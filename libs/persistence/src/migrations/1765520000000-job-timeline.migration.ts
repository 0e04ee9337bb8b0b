import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * `job.timeline`: the editable timeline formats a job asked for (issue 14, docs/timelines.md). Null
 * for every job made before, which export none.
 */
export class JobTimeline1765520000000 implements MigrationInterface {
  name = 'JobTimeline1765520000000';

  async up(qr: QueryRunner): Promise<void> {
    // The driver's own normalisation of the entity's type: no schema drift on either database.
    const type = qr.connection.driver.normalizeType({ type: 'simple-json' } as ColumnMetadata);
    await qr.addColumn('job', new TableColumn({ name: 'timeline', type, isNullable: true }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('job', 'timeline');
  }
}
