import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { BrandKit } from './brand-kit.entity';

export const JobState = {
  Queued: 'queued',
  Active: 'active',
  Completed: 'completed',
  Failed: 'failed',
  Cancelled: 'cancelled',
} as const;
export type JobState = (typeof JobState)[keyof typeof JobState];
export const JOB_STATES: readonly JobState[] = Object.values(JobState);
export const FINISHED_STATES: readonly JobState[] = [JobState.Completed, JobState.Failed, JobState.Cancelled];

/** What a failed job tells its caller: the stable code, a message, the JSON path or file at fault. */
export interface JobError {
  code: string;
  message: string;
  path?: string;
}

/**
 * What a job asks of the voice besides its template: a pronunciation lexicon (as sent, checked by
 * the API with the speech lib's parser) and a recorded voice-over, `asset:<id>` of an upload.
 */
export interface JobSpeech {
  lexicon?: { entries: unknown[] };
  voiceOver?: string;
}

/**
 * One render request. JSON columns are `simple-json` (text) so one schema serves SQLite and
 * PostgreSQL; nothing queries inside them.
 */
@Entity('job')
@Index('IDX_job_workspace_state', ['workspaceId', 'state'])
@Index('IDX_job_workspace_batch', ['workspaceId', 'batchId'])
@Index('IDX_job_state_updated', ['state', 'updatedAt'])
@Index('UQ_job_workspace_idempotency', ['workspaceId', 'idempotencyKey'], { unique: true })
export class JobEntity {
  /** UUIDv7: sorts by creation time. Also the BullMQ job id, so a job is queued at most once. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'uuid', nullable: true })
  batchId!: string | null;

  /** `render` (a clip), `image` (POST /v1/images) or `upscale` (POST /v1/images/upscale). */
  @Column({ type: 'varchar', length: 16, default: 'render' })
  kind!: 'render' | 'image' | 'upscale';

  /** The template id; for image and upscale jobs, the model id. */
  @Column({ type: 'varchar', length: 64 })
  template!: string;

  @Column({ type: 'simple-json' })
  data!: unknown;

  /** Item index or id inside `data` when it is a feed (the CLI's --select). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  select!: string | null;

  @Column({ type: 'simple-json' })
  aspects!: string[];

  @Column({ type: 'simple-json', nullable: true })
  speech!: JobSpeech | null;

  /** The workspace's brand kit when the job was made (`BrandKit`); null: the template's own look. */
  @Column({ type: 'simple-json', nullable: true })
  brand!: BrandKit | null;

  /**
   * The editable timeline formats the job asked for (`otio`, `fcpxml`, `xmeml`, `mlt`, `edl`;
   * docs/timelines.md), as checked by the API; null: none.
   */
  @Column({ type: 'simple-json', nullable: true })
  timeline!: string[] | null;

  @Column({ type: 'varchar', length: 16 })
  state!: JobState;

  /** 0..1 */
  @Column({ type: 'real' })
  progress!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  stage!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  error!: JobError | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  idempotencyKey!: string | null;

  /** SHA-256 of the canonical request body: same key + other body is a conflict. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  requestHash!: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  callbackUrl!: string | null;

  /** Runs started so far, crash re-runs included; the current run's fencing token. */
  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ type: 'simple-json', nullable: true })
  result!: unknown;

  @Column({ type: Date })
  createdAt!: Date;

  @Column({ type: Date })
  updatedAt!: Date;

  @Column({ type: Date, nullable: true })
  startedAt!: Date | null;

  @Column({ type: Date, nullable: true })
  finishedAt!: Date | null;
}
