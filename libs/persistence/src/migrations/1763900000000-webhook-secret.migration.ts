import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { generateWebhookSecret } from '@app/webhooks';

/**
 * `workspace.webhookSecret`: the per-workspace Standard Webhooks secret that signs job webhooks
 * (issue 4 item 6). Workspaces that already exist get a fresh secret here, one each, so every
 * workspace has one once this has run; new ones get theirs when they are created.
 */
export class WebhookSecret1763900000000 implements MigrationInterface {
  name = 'WebhookSecret1763900000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn(
      'workspace',
      new TableColumn({
        name: 'webhookSecret',
        type: qr.connection.driver.normalizeType({ type: 'varchar' } as ColumnMetadata),
        length: '100',
        isNullable: true,
      }),
    );
    const p = (n: number) => (qr.connection.driver.options.type === 'postgres' ? `$${n}` : '?');
    const rows: { id: string }[] = await qr.query(
      `SELECT "id" FROM "workspace" WHERE "webhookSecret" IS NULL`,
    );
    for (const { id } of rows) {
      await qr.query(`UPDATE "workspace" SET "webhookSecret" = ${p(1)} WHERE "id" = ${p(2)}`, [
        generateWebhookSecret(),
        id,
      ]);
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('workspace', 'webhookSecret');
  }
}
