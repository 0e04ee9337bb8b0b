import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * `workspace.previousWebhookSecret` and `previousWebhookSecretUntil`: zero-downtime rotation. After a
 * rotation webhooks carry two signatures (Standard Webhooks spec.md "Signature scheme": several
 * space-separated signatures, the receiver accepts any one) until the old secret's grace period
 * ends, so a receiver can switch to the new secret at its own pace. Both null when no rotation is
 * in its grace period; nothing to backfill.
 */
export class WebhookSecretRotation1764100000000 implements MigrationInterface {
  name = 'WebhookSecretRotation1764100000000';

  async up(qr: QueryRunner): Promise<void> {
    const type = (declared: ColumnMetadata['type']) =>
      qr.connection.driver.normalizeType({ type: declared } as ColumnMetadata);
    await qr.addColumns('workspace', [
      new TableColumn({
        name: 'previousWebhookSecret',
        type: type('varchar'),
        length: '100',
        isNullable: true,
      }),
      new TableColumn({ name: 'previousWebhookSecretUntil', type: type(Date), isNullable: true }),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumns('workspace', ['previousWebhookSecretUntil', 'previousWebhookSecret']);
  }
}
