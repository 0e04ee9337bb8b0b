import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * `job.kind` (issue 12): a job row is a clip render, an image generation (POST /v1/images) or an
 * upscale (POST /v1/images/upscale). Rows written before this are renders.
 */
export class JobKind1764500000000 implements MigrationInterface {
  name = 'JobKind1764500000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn(
      'job',
      new TableColumn({
        name: 'kind',
        type: 'varchar',
        length: '16',
        isNullable: false,
        default: "'render'",
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('job', 'kind');
  }
}
