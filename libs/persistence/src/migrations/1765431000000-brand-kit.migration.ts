import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Brand kits (issue 15): `brand_kit`, one row per workspace that saved one, and `job.brand`, the kit
 * as it was when the job was made (a later edit never changes a queued or re-run job). Null for every
 * job made before, which render with the template's own look.
 */
export class BrandKit1765431000000 implements MigrationInterface {
  name = 'BrandKit1765431000000';

  async up(qr: QueryRunner): Promise<void> {
    // The driver's own normalisation, as the entities declare them: no schema drift on either database.
    const type = (declared: ColumnMetadata['type']) =>
      qr.connection.driver.normalizeType({ type: declared } as ColumnMetadata);
    await qr.createTable(
      new Table({
        name: 'brand_kit',
        columns: [
          { name: 'workspaceId', type: type('uuid'), isPrimary: true, isNullable: false },
          { name: 'kit', type: type('simple-json'), isNullable: false },
          { name: 'updatedAt', type: type(Date), isNullable: false },
        ],
      }),
    );
    await qr.addColumn(
      'job',
      new TableColumn({ name: 'brand', type: type('simple-json'), isNullable: true }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('job', 'brand');
    await qr.dropTable('brand_kit');
  }
}
