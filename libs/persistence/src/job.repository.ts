import { Between, DataSource, In, IsNull, LessThan, MoreThan, Not, Repository } from 'typeorm';
import type { BrandKit } from './brand-kit.entity';
import { JobOutputEntity } from './job-output.entity';
import { JobEntity, JobError, JobSpeech, JobState } from './job.entity';
import { insertRows } from './row-insert';
import { transaction } from './transaction';
import { uuid7 } from './uuid7';

export interface NewJob {
  /** Default `render`. */
  kind?: JobEntity['kind'];
  template: string;
  data: unknown;
  select: string | null;
  aspects: string[];
  callbackUrl: string | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  batchId: string | null;
  /** The job's lexicon and voice-over; absent: none. */
  speech?: JobSpeech | null;
  /** The workspace's brand kit at creation; absent: none. */
  brand?: BrandKit | null;
  /** The editable timeline formats asked for; absent: none. */
  timeline?: string[] | null;
}

export interface JobFilter {
  state?: JobState;
  template?: string;
  batchId?: string;
  /** The id of the last job of the previous page (ids sort by creation time). */
  before?: string;
  limit: number;
}

export type NewOutput = Pick<JobOutputEntity, 'name' | 'aspect' | 'storageKey' | 'size' | 'contentType'>;

const UNFINISHED: JobState[] = [JobState.Queued, JobState.Active];

/**
 * Every method takes the workspace id and puts it in the WHERE clause: a job id from another
 * workspace is simply not found. State changes are guarded UPDATEs (`WHERE state IN ...`) that
 * report whether they applied, which is what makes completion idempotent when two workers race.
 */
/** Rows per INSERT statement: well under PostgreSQL's 65535 bind parameters at ~20 columns a row. */
const INSERT_CHUNK = 100;

export class JobRepository {
  private readonly jobs: Repository<JobEntity>;
  private readonly outputs: Repository<JobOutputEntity>;

  constructor(private readonly ds: DataSource) {
    this.jobs = ds.getRepository(JobEntity);
    this.outputs = ds.getRepository(JobOutputEntity);
  }

  newRow(workspaceId: string, job: NewJob, now = new Date()): JobEntity {
    return this.jobs.create({
      id: uuid7(now.getTime()),
      workspaceId,
      kind: 'render',
      ...job,
      speech: job.speech ?? null,
      brand: job.brand ?? null,
      timeline: job.timeline ?? null,
      state: JobState.Queued,
      progress: 0,
      stage: null,
      error: null,
      attempts: 0,
      result: null,
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      finishedAt: null,
    });
  }

  /**
   * Inserts the rows all or nothing: one multi-row INSERT per 100 rows (a statement is atomic by
   * itself, so a single job is one round trip), in a transaction when there are several.
   */
  async insert(rows: JobEntity[]): Promise<JobEntity[]> {
    const chunks: JobEntity[][] = [];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) chunks.push(rows.slice(i, i + INSERT_CHUNK));
    // SQLite has one connection: statements go through transaction(), which queues them.
    if (chunks.length === 1 && this.ds.options.type !== 'better-sqlite3')
      await insertRows(this.ds, JobEntity, chunks[0]);
    else
      await transaction(this.ds, async (em) => {
        for (const chunk of chunks) await insertRows(em, JobEntity, chunk);
      });
    return rows;
  }

  get(workspaceId: string, id: string): Promise<JobEntity | null> {
    return this.jobs.findOneBy({ workspaceId, id });
  }

  findByIdempotencyKey(workspaceId: string, idempotencyKey: string): Promise<JobEntity | null> {
    return this.jobs.findOneBy({ workspaceId, idempotencyKey });
  }

  list(workspaceId: string, filter: JobFilter): Promise<JobEntity[]> {
    return this.jobs.find({
      where: {
        workspaceId,
        ...(filter.state ? { state: filter.state } : {}),
        ...(filter.template ? { template: filter.template } : {}),
        ...(filter.batchId ? { batchId: filter.batchId } : {}),
        ...(filter.before ? { id: LessThan(filter.before) } : {}),
      },
      order: { id: 'DESC' },
      take: filter.limit,
    });
  }

  /**
   * A worker picks the job up (first run, a retry, or a run after the previous holder died or lost
   * its lock). The row's `attempts` goes up by one in the same statement, and the new value is the
   * run's fencing token: every later write of this run (progress, complete, fail, hand back) names
   * it, and applies only while it is still the latest, so a stale run can neither overwrite a newer
   * one's progress nor complete the job. Null: cancelled or finished meanwhile.
   */
  async start(workspaceId: string, id: string): Promise<number | null> {
    return transaction(this.ds, async (em) => {
      const now = new Date();
      const r = await em
        .createQueryBuilder()
        .update(JobEntity)
        .set({
          state: JobState.Active,
          attempts: () => '"attempts" + 1',
          startedAt: now,
          updatedAt: now,
          error: null,
        })
        .where({ workspaceId, id, state: In(UNFINISHED) })
        .execute();
      if ((r.affected ?? 0) === 0) return null;
      // Inside the transaction the row lock (PostgreSQL) or the single writer (SQLite) keeps a
      // concurrent start from changing the value between the UPDATE and this read.
      const row = await em.findOne(JobEntity, {
        select: { id: true, attempts: true },
        where: { workspaceId, id },
      });
      return row?.attempts ?? null;
    });
  }

  /** Progress of the run holding `attempt`; false once the row is not that run's any more. */
  progress(
    workspaceId: string,
    id: string,
    attempt: number,
    progress: number,
    stage: string,
  ): Promise<boolean> {
    return this.guarded(
      workspaceId,
      id,
      [JobState.Active],
      { progress, stage, updatedAt: new Date() },
      attempt,
    );
  }

  /**
   * Completes the job and records its outputs in one transaction, only if it is still active and
   * still `attempt`'s (the fence): of two runs finishing the same job, exactly one returns true,
   * and a stale run (one whose lock was lost and whose job another run picked up) never does.
   */
  async complete(
    workspaceId: string,
    id: string,
    attempt: number,
    result: unknown,
    outputs: NewOutput[],
  ): Promise<boolean> {
    return transaction(this.ds, async (em) => {
      const now = new Date();
      const r = await em.update(
        JobEntity,
        { workspaceId, id, state: JobState.Active, attempts: attempt },
        {
          state: JobState.Completed,
          progress: 1,
          stage: 'done',
          error: null,
          result: result as never,
          finishedAt: now,
          updatedAt: now,
        },
      );
      if ((r.affected ?? 0) === 0) return false;
      for (const o of outputs)
        await em.insert(JobOutputEntity, { id: uuid7(), workspaceId, jobId: id, ...o, createdAt: now });
      return true;
    });
  }

  /**
   * Fails an unfinished job. With `attempt`, only while that run holds it (a handler failing its
   * own run); without, whoever holds it (the queue giving up on a job, the reconciler).
   */
  fail(workspaceId: string, id: string, error: JobError, attempt?: number): Promise<boolean> {
    const now = new Date();
    return this.guarded(
      workspaceId,
      id,
      UNFINISHED,
      { state: JobState.Failed, error, finishedAt: now, updatedAt: now },
      attempt,
    );
  }

  /**
   * The run holding `attempt` gives the job back to the queue: a transient failure it will retry
   * (with the error for people to see), a dependency outage, or a worker shutting down.
   */
  retrying(workspaceId: string, id: string, attempt: number, error: JobError | null): Promise<boolean> {
    return this.guarded(
      workspaceId,
      id,
      [JobState.Active],
      { state: JobState.Queued, error, updatedAt: new Date() },
      attempt,
    );
  }

  cancel(workspaceId: string, id: string): Promise<boolean> {
    const now = new Date();
    return this.guarded(workspaceId, id, UNFINISHED, {
      state: JobState.Cancelled,
      finishedAt: now,
      updatedAt: now,
    });
  }

  /**
   * The reconciler's view (unscoped by design, like the metrics: it serves every workspace): queued
   * jobs not touched since `queuedBefore` and active jobs not touched since `activeBefore`, oldest
   * first. Ids and states only, never data.
   */
  async listUnfinishedSince(
    queuedBefore: Date,
    activeBefore: Date,
    limit: number,
  ): Promise<Pick<JobEntity, 'id' | 'workspaceId' | 'kind' | 'state' | 'attempts' | 'updatedAt'>[]> {
    const select = {
      id: true,
      workspaceId: true,
      kind: true,
      state: true,
      attempts: true,
      updatedAt: true,
    } as const;
    const [queued, active] = await Promise.all([
      this.jobs.find({
        select,
        where: { state: JobState.Queued, updatedAt: LessThan(queuedBefore) },
        order: { updatedAt: 'ASC' },
        take: limit,
      }),
      this.jobs.find({
        select,
        where: { state: JobState.Active, updatedAt: LessThan(activeBefore) },
        order: { updatedAt: 'ASC' },
        take: limit,
      }),
    ]);
    return [...queued, ...active];
  }

  /**
   * Finished jobs with a callbackUrl, last touched between `since` and `before`, for the reconciler
   * to check that their webhook is delivered or on its way (unscoped, ids and states only).
   */
  listFinishedWithCallback(
    since: Date,
    before: Date,
    limit: number,
  ): Promise<Pick<JobEntity, 'id' | 'workspaceId' | 'state'>[]> {
    return this.jobs.find({
      select: { id: true, workspaceId: true, state: true },
      where: {
        state: In([JobState.Completed, JobState.Failed]),
        updatedAt: Between(since, before),
        callbackUrl: Not(IsNull()),
      },
      order: { updatedAt: 'ASC' },
      take: limit,
    });
  }

  /** Whether the job is finished (or gone): the staging sweeper's question. */
  async isFinished(workspaceId: string, id: string): Promise<boolean> {
    const row = await this.jobs.findOne({ select: { id: true, state: true }, where: { workspaceId, id } });
    return !row || !UNFINISHED.includes(row.state);
  }

  listOutputs(workspaceId: string, jobId: string): Promise<JobOutputEntity[]> {
    return this.outputs.find({ where: { workspaceId, jobId }, order: { name: 'ASC' } });
  }

  getOutput(workspaceId: string, jobId: string, name: string): Promise<JobOutputEntity | null> {
    return this.outputs.findOneBy({ workspaceId, jobId, name });
  }

  /**
   * Operator metrics (/metrics) count across workspaces by design: the one method here that is not
   * scoped, and it returns counts only, never rows.
   */
  async countByStateAllWorkspaces(): Promise<Record<string, number>> {
    const rows = await this.jobs
      .createQueryBuilder('job')
      .select('job.state', 'state')
      .addSelect('COUNT(*)', 'count')
      .groupBy('job.state')
      .getRawMany<{ state: string; count: string | number }>();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.count)]));
  }

  /** Render durations of jobs completed after `since`, oldest first (for the metrics histogram; unscoped). */
  async finishedSinceAllWorkspaces(
    since: Date,
    limit = 1000,
  ): Promise<{ finishedAt: Date; seconds: number }[]> {
    const rows = await this.jobs.find({
      select: { id: true, startedAt: true, finishedAt: true },
      where: { state: JobState.Completed, finishedAt: MoreThan(since) },
      order: { finishedAt: 'ASC' },
      take: limit,
    });
    return rows
      .filter((r) => r.startedAt && r.finishedAt)
      .map((r) => ({
        finishedAt: new Date(r.finishedAt as Date),
        seconds: (new Date(r.finishedAt as Date).getTime() - new Date(r.startedAt as Date).getTime()) / 1000,
      }));
  }

  private async guarded(
    workspaceId: string,
    id: string,
    from: JobState[],
    set: Partial<JobEntity>,
    attempt?: number,
  ): Promise<boolean> {
    const where = {
      workspaceId,
      id,
      state: In(from),
      ...(attempt !== undefined ? { attempts: attempt } : {}),
    };
    const r = await this.jobs.update(where, set as never);
    return (r.affected ?? 0) > 0;
  }
}
