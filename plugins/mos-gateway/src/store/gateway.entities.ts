/**
 * The gateway's own tables (prefix `mos_`, migrations in `mos_gateway_migrations`), apart from the
 * service's schema: the gateway may share the service's database without touching its tables.
 * JSON columns are `simple-json` (text) so one schema serves SQLite and PostgreSQL.
 */
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { RoDoc } from '../running-order/ro-model';

/** One running order as the NCS last described it (the mirror roReq and roReqAll answer from). */
@Entity('mos_running_order')
export class RunningOrderEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  id!: string;

  @Column({ type: 'simple-json' })
  doc!: RoDoc;

  /** roReadyToAir's last word: READY or NOT READY; null until one arrives. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  airStatus!: string | null;

  @Column({ type: Date })
  updatedAt!: Date;
}

/** Where a clip stands, as reported to the NCS in roElementStat (see clip-status.ts). */
export type ClipStatus = 'PENDING' | 'BUSY' | 'READY' | 'ERROR';

/**
 * One MOS object: a clip the gateway renders and publishes (mosObj). Born from a story item
 * (ro/story/item set) or from mosObjCreate (a placeholder until an item names it).
 */
@Entity('mos_clip')
@Index('IDX_mos_clip_item', ['roId', 'storyId', 'itemId'])
export class ClipEntity {
  @PrimaryColumn({ type: 'varchar', length: 160 })
  objId!: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  roId!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  storyId!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  itemId!: string | null;

  @Column({ type: 'varchar', length: 128 })
  slug!: string;

  @Column({ type: 'varchar', length: 64 })
  template!: string;

  /** The POST /v1/jobs body of the current revision. */
  @Column({ type: 'simple-json' })
  request!: { template: string; data: unknown; aspects: string[] };

  /** 1, 2, ...: goes up each time the item's content (fields, template, story text) changes. */
  @Column({ type: 'integer' })
  revision!: number;

  /** sha256 of the canonical request: equal content, equal hash, so a replay changes nothing. */
  @Column({ type: 'varchar', length: 64 })
  revisionHash!: string;

  /** The job rendering (or that rendered) `jobRevisionHash`; null until submitted. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  jobId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  jobRevisionHash!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: ClipStatus;

  /** The status the NCS last acknowledged for this clip's item (roElementStat). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  reportedStatus!: string | null;

  /** The revision the NCS last acknowledged a mosObj for (0: none). */
  @Column({ type: 'integer' })
  reportedRevision!: number;

  /** Seconds, from the render's result manifest. */
  @Column({ type: 'real', nullable: true })
  duration!: number | null;

  /** Frames per second of the template: the object's time base (objTB). */
  @Column({ type: 'integer' })
  timeBase!: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  outputName!: string | null;

  /** File name of the thumbnail in the gateway's data folder. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  thumbnail!: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;

  @Column({ type: 'varchar', length: 16 })
  origin!: 'item' | 'objCreate';

  /** Set when its story, item or running order is deleted: the job is cancelled, the row kept. */
  @Column({ type: Date, nullable: true })
  deletedAt!: Date | null;

  @Column({ type: Date })
  createdAt!: Date;

  @Column({ type: Date })
  changedAt!: Date;
}

/** One job submitted for one revision of a clip: the audit of what was rendered, and when. */
@Entity('mos_render')
@Index('IDX_mos_render_obj', ['objId'])
export class RenderEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  jobId!: string;

  @Column({ type: 'varchar', length: 160 })
  objId!: string;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'varchar', length: 80 })
  idempotencyKey!: string;

  /** queued, active, completed, failed, cancelled (the API's job states), or superseded. */
  @Column({ type: 'varchar', length: 16 })
  state!: string;

  @Column({ type: Date })
  createdAt!: Date;

  @Column({ type: Date, nullable: true })
  finishedAt!: Date | null;
}

export const GATEWAY_ENTITIES = [RunningOrderEntity, ClipEntity, RenderEntity];
