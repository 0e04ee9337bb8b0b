import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One delivered file of a completed job (a clip per aspect, captions, script, result.json). */
@Entity('job_output')
@Index('UQ_job_output_job_name', ['jobId', 'name'], { unique: true })
@Index('IDX_job_output_workspace_job', ['workspaceId', 'jobId'])
export class JobOutputEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'uuid' })
  jobId!: string;

  /** File name inside the job's output ("clip-16x9.mp4"). */
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  aspect!: string | null;

  /** Deterministic: `<workspace>/jobs/<job>/<name>`, so a second completion writes the same keys. */
  @Column({ type: 'varchar', length: 500 })
  storageKey!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'varchar', length: 100 })
  contentType!: string;

  @Column({ type: Date })
  createdAt!: Date;
}
