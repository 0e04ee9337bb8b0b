import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One attempt to deliver one webhook event: kept so a receiver's complaints can be checked. */
@Entity('webhook_delivery')
@Index('IDX_webhook_delivery_workspace_job', ['workspaceId', 'jobId'])
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'uuid' })
  jobId!: string;

  /** The Standard Webhooks message id: the same for every attempt of one event. */
  @Column({ type: 'varchar', length: 100 })
  messageId!: string;

  @Column({ type: 'varchar', length: 64 })
  event!: string;

  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  @Column({ type: 'integer' })
  attempt!: number;

  /** HTTP status, or null when no response came (refused, timed out, blocked address). */
  @Column({ type: 'integer', nullable: true })
  status!: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error!: string | null;

  @Column({ type: 'integer' })
  durationMs!: number;

  @Column({ type: Date })
  createdAt!: Date;
}
