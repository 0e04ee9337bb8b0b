import type { Logger } from 'pino';
import {
  ASSET_REF,
  canonicalJson,
  ClipwrightError,
  ErrorCode,
  findAssetRefs,
  publicError,
  PublicError,
  ServiceErrorCode,
  sha256,
  UUID_PATTERN,
  withTimeout,
} from '@app/core';
import {
  AssetRepository,
  BrandKit,
  JobEntity,
  JobFilter,
  JobOutputEntity,
  JobRepository,
  JobSpeech,
  JobState,
  NewJob,
  uuid7,
} from '@app/persistence';
import { CancelChannel, JOB_OF_KIND, JobKind, JobQueue } from '@app/queue';
import { checkTimelineFormats } from '@app/interchange';
import { parseLexicon } from '@app/speech';
import { checkWebhookUrl, UrlGuardOptions } from '@app/webhooks';
import { DataItem, listItems, LoadedTemplate, parseStory, selectItem, TemplateBinder } from '@app/templates';
import { ApiError, ApiErrorCode } from './api.error';
import { CatalogTemplate, TemplateCatalog } from './template.catalog';
import {
  checkCreateBatch,
  checkCreateJob,
  checkListQuery,
  checkPreview,
  type CreateJobBody,
  IDEMPOTENCY_KEY,
} from './request.schemas';

export const MAX_BATCH_ITEMS = 500;

/** What ffmpeg decodes for a voice-over, as uploads are typed (from their bytes). */
const VOICE_OVER_TYPES: ReadonlySet<string> = new Set(['audio/wav', 'audio/mpeg', 'audio/mp4']);

/** One item of a batch as answered: queued as a job, or rejected with its code and JSON path. */
export type BatchItemResult = {
  index: number;
  /** The item's own id (GeoJSON Feature `id`), when it has one. */
  id: string | null;
  /** Where the item is in the request (`$.data.features[3]`). */
  path: string;
} & ({ status: 'queued'; jobId: string } | { status: 'rejected'; error: PublicError | undefined });

export interface BatchResult {
  batchId: string;
  jobs: JobEntity[];
  items: BatchItemResult[];
}

/** No item of a batch was valid: 400 BATCH_REJECTED, with each item's error in the answer. */
export class BatchRejectedError extends ApiError {
  constructor(readonly items: BatchItemResult[]) {
    super(400, ServiceErrorCode.BatchRejected, 'No item of the batch is valid; nothing was queued', '$.data');
    this.extra = { items };
  }
}

/** What the API shows of a job: never the workspace id, never the input data in listings. */
export interface JobView {
  id: string;
  /** `render`, `image` or `upscale`. */
  kind: string;
  state: JobState;
  template: string;
  batchId: string | null;
  aspects: string[];
  progress: number;
  stage: string | null;
  error: { code: string; message: string; path?: string } | null;
  attempts: number;
  callbackUrl: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The editable timeline formats asked for (GET /v1/jobs/{id}/timeline/{format}); absent: none. */
  timeline?: string[];
  result?: unknown;
  outputs?: { name: string; aspect: string | null; size: number; contentType: string; href: string }[];
}

/**
 * The API's view of a job. `base` is PUBLIC_BASE_URL: output links are absolute under it, so a
 * client that got them from a webhook or a log can use them as they are; null keeps API paths.
 */
export function jobView(job: JobEntity, outputs?: JobOutputEntity[], base: string | null = null): JobView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: job.id,
    kind: job.kind ?? 'render',
    state: job.state,
    template: job.template,
    batchId: job.batchId,
    aspects: job.aspects,
    progress: job.progress,
    stage: job.stage,
    error: job.error,
    attempts: job.attempts,
    callbackUrl: job.callbackUrl,
    createdAt: iso(job.createdAt) as string,
    updatedAt: iso(job.updatedAt) as string,
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    ...(job.timeline?.length ? { timeline: job.timeline } : {}),
    ...(outputs
      ? {
          result: job.result,
          outputs: outputs.map((o) => ({
            name: o.name,
            aspect: o.aspect,
            size: o.size,
            contentType: o.contentType,
            href: `${base ?? ''}/v1/jobs/${job.id}/outputs/${encodeURIComponent(o.name)}`,
          })),
        }
      : {}),
  };
}

/**
 * Jobs for one workspace. Validates at the edge with the same loader, item selector and input
 * validator the engine uses, so a job the API accepts is one the worker can bind; the worker then
 * only meets failures that are not the caller's (or a template changed in between).
 */
export class JobsService {
  constructor(
    private readonly jobs: JobRepository,
    private readonly queue: Pick<JobQueue, 'queue' | 'queueAll'>,
    private readonly templates: TemplateCatalog,
    private readonly assets: Pick<AssetRepository, 'existing' | 'get'>,
    private readonly cancelChannel: Pick<CancelChannel, 'publish'>,
    private readonly options: {
      /** WEBHOOKS_ALLOW_LOOPBACK: tests only (a receiver on 127.0.0.1). */
      allowLoopbackCallbacks?: boolean;
      /** DNS for the callback check; the system resolver unless a unit test swaps it. */
      resolve?: UrlGuardOptions['resolve'];
      /** PUBLIC_BASE_URL: output links in job views are absolute under it. */
      publicBaseUrl?: string | null;
      /** The longest a request waits on Redis (enqueue, cancel message). */
      dependencyTimeoutMs?: number;
      logger?: Logger;
      /** The workspace's brand kit, copied into each new job as `brand` (null: none saved). */
      brandOf?: (workspaceId: string) => Promise<BrandKit | null>;
    } = {},
  ) {}

  /** PUBLIC_BASE_URL, for job views. */
  get publicBaseUrl(): string | null {
    return this.options.publicBaseUrl ?? null;
  }

  /** Returns the job and whether this call made it (false: an idempotent repeat). */
  async create(
    workspaceId: string,
    body: unknown,
    idempotencyKey: string | undefined,
  ): Promise<{ job: JobEntity; created: boolean }> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw ApiError.invalid('header:Idempotency-Key', 'must be 1 to 200 printable ASCII characters');
    }
    const checked = checkCreateJob(body);
    const req = { ...checked, data: jobData(checked) };
    const entry = await this.templates.get(req.template);
    const aspects = this.checkAspects(entry.template, req.aspects);
    const timeline = checkTimelineFormats(req.timeline, '$.timeline');
    const item = this.pickItem(entry.template, req.data, req.select);
    this.validateItem(entry, item);
    await this.checkAssets(workspaceId, [item]);
    await this.checkCallbackUrl(req.callbackUrl);
    const speech = await this.checkSpeech(workspaceId, req.lexicon, req.voiceOver);
    const brand = (await this.options.brandOf?.(workspaceId)) ?? null;
    return this.accept(
      workspaceId,
      {
        template: req.template,
        data: req.data,
        select: req.select === undefined ? null : String(req.select),
        aspects,
        speech,
        brand,
        timeline: timeline.length ? timeline : null,
        callbackUrl: req.callbackUrl ?? null,
        batchId: null,
      },
      sha256(canonicalJson(req)),
      idempotencyKey,
    );
  }

  /**
   * Stores one checked job row (its kind says which queue job runs it) and queues it. With an
   * Idempotency-Key, a repeat of the same request answers the job the first one made (created false)
   * and another body under the same key is 409 IDEMPOTENCY_KEY_REUSED.
   */
  async accept(
    workspaceId: string,
    job: Omit<NewJob, 'idempotencyKey' | 'requestHash'>,
    requestHash: string,
    idempotencyKey: string | undefined,
  ): Promise<{ job: JobEntity; created: boolean }> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw ApiError.invalid('header:Idempotency-Key', 'must be 1 to 200 printable ASCII characters');
    }
    const row = this.jobs.newRow(workspaceId, {
      ...job,
      idempotencyKey: idempotencyKey ?? null,
      requestHash,
    });
    try {
      await this.jobs.insert([row]);
    } catch (e) {
      // The key was used before (or by a request racing this one): the unique index on
      // (workspace, key) lets one row in, and the others answer with it. Trying the insert first
      // saves a lookup on every new job, which is the common case.
      const raced = idempotencyKey ? await this.jobs.findByIdempotencyKey(workspaceId, idempotencyKey) : null;
      if (raced) return this.repeat(raced, requestHash);
      throw e;
    }
    await this.enqueue([row]);
    return { job: row, created: true };
  }

  /**
   * One job per valid item of a feed, under one batch id. Each item is validated on its own (the
   * same checks as a single create); a bad item is answered with its code and JSON path and never
   * blocks the others. Throws BATCH_REJECTED (400, with every item's error) when no item is valid.
   */
  async createBatch(workspaceId: string, body: unknown): Promise<BatchResult> {
    const req = checkCreateBatch(body);
    const entry = await this.templates.get(req.template);
    const aspects = this.checkAspects(entry.template, req.aspects);
    const timeline = checkTimelineFormats(req.timeline, '$.timeline');
    const items = listItems(req.data, entry.template.manifest);
    if (items.length === 0)
      throw ApiError.invalid('$.data', 'holds no items', ServiceErrorCode.BatchSizeInvalid);
    if (items.length > MAX_BATCH_ITEMS)
      throw ApiError.invalid(
        '$.data',
        `holds ${items.length} items; a batch takes at most ${MAX_BATCH_ITEMS}`,
        ServiceErrorCode.BatchSizeInvalid,
      );
    await this.checkCallbackUrl(req.callbackUrl);
    const speech = await this.checkSpeech(workspaceId, req.lexicon, undefined);
    const verdicts = new Map<number, PublicError>();
    for (const item of items) {
      try {
        this.validateItem(entry, item);
      } catch (e) {
        if (!(e instanceof ClipwrightError) || !e.isInputError) throw e;
        verdicts.set(item.index, publicError(e));
      }
    }
    const valid = items.filter((i) => !verdicts.has(i.index));
    for (const [index, error] of (await this.assetProblems(workspaceId, valid)).entries())
      verdicts.set(index, error);
    const brand = (await this.options.brandOf?.(workspaceId)) ?? null;
    const batchId = uuid7();
    const now = Date.now();
    const accepted = items.filter((i) => !verdicts.has(i.index));
    const rows = accepted.map((item, n) =>
      this.jobs.newRow(
        workspaceId,
        {
          template: req.template,
          data: item.data,
          select: null,
          aspects,
          speech,
          brand,
          timeline: timeline.length ? timeline : null,
          callbackUrl: req.callbackUrl ?? null,
          idempotencyKey: null,
          requestHash: null,
          batchId,
        } satisfies NewJob,
        new Date(now + n),
      ),
    );
    const results: BatchItemResult[] = items.map((item) => {
      const error = verdicts.get(item.index);
      const row = error ? undefined : rows[accepted.indexOf(item)];
      return {
        index: item.index,
        id: item.id,
        path: `$.data${item.path.slice(1)}`,
        ...(row ? { status: 'queued' as const, jobId: row.id } : { status: 'rejected' as const, error }),
      };
    });
    if (rows.length === 0) throw new BatchRejectedError(results);
    await this.jobs.insert(rows);
    await this.enqueue(rows);
    return { batchId, jobs: rows, items: results };
  }

  /**
   * The job's lexicon, checked by the same parser the CLI uses (errors name `$.lexicon.entries[i]`),
   * and its voice-over, which must be an audio upload (WAV, MP3, M4A) of the caller's workspace.
   */
  private async checkSpeech(
    workspaceId: string,
    lexicon: Record<string, unknown> | undefined,
    voiceOver: string | undefined,
  ): Promise<JobSpeech | null> {
    const speech: JobSpeech = {};
    if (lexicon !== undefined) {
      try {
        speech.lexicon = parseLexicon(lexicon);
      } catch (e) {
        if (!(e instanceof ClipwrightError) || e.path === undefined) throw e;
        const at = e.path.replace(/^\$/, '$.lexicon');
        throw ApiError.invalid(at, e.message.slice(e.message.indexOf(`${e.path}: `) + e.path.length + 2));
      }
    }
    if (voiceOver !== undefined) {
      const id = ASSET_REF.exec(voiceOver)?.[1] ?? '';
      const asset = await this.assets.get(workspaceId, id);
      if (!asset) {
        throw ApiError.invalid('$.voiceOver', 'names no upload of this workspace', ErrorCode.AssetNotFound);
      }
      if (!VOICE_OVER_TYPES.has(asset.contentType)) {
        throw ApiError.invalid(
          '$.voiceOver',
          `is ${asset.contentType}, not a WAV, MP3 or M4A recording`,
          ErrorCode.VoiceOverInvalid,
        );
      }
      speech.voiceOver = voiceOver;
    }
    return speech.lexicon || speech.voiceOver ? speech : null;
  }

  /**
   * Every `asset:<id>` in the data must name an upload of the caller's workspace: checked here, so a
   * typo or another workspace's id is a 400 on its field now rather than a failed render later.
   */
  private async checkAssets(workspaceId: string, items: DataItem[]): Promise<void> {
    const [problem] = (await this.assetProblems(workspaceId, items)).values();
    if (problem)
      throw ApiError.invalid(
        problem.path as string,
        problem.message.replace(`${problem.path} `, ''),
        problem.code,
      );
  }

  /** Per item index, the first `asset:<id>` that is not an upload of the workspace (one lookup for all). */
  private async assetProblems(workspaceId: string, items: DataItem[]): Promise<Map<number, PublicError>> {
    const refs = items.flatMap((item) =>
      findAssetRefs(item.data, `$.data${item.path.slice(1)}`).map((r) => ({ ...r, index: item.index })),
    );
    const problems = new Map<number, PublicError>();
    if (refs.length === 0) return problems;
    const known = await this.assets.existing(workspaceId, [...new Set(refs.map((r) => r.id))]);
    for (const r of refs) {
      if (known.has(r.id) || problems.has(r.index)) continue;
      problems.set(r.index, {
        code: ServiceErrorCode.AssetNotFound,
        message: `${r.path} names asset ${r.id}, which is not an upload of this workspace (POST /v1/assets)`,
        path: r.path,
      });
    }
    return problems;
  }

  /**
   * Refuses a callback that reaches a private, loopback or link-local address now (the worker checks
   * again before every POST, since DNS can change). An unresolvable host is refused too: the webhook
   * could not be sent, and the caller learns it at once rather than from a delivery log.
   */
  async checkCallbackUrl(url: string | undefined): Promise<void> {
    if (url === undefined) return;
    await checkWebhookUrl(url, {
      field: '$.callbackUrl',
      allowLoopback: this.options.allowLoopbackCallbacks ?? false,
      ...(this.options.resolve ? { resolve: this.options.resolve } : {}),
    });
  }

  async get(workspaceId: string, id: string): Promise<JobEntity> {
    const job = UUID_PATTERN.test(id) ? await this.jobs.get(workspaceId, id) : null;
    if (!job) throw ApiError.notFound(`job ${id}`, 'id');
    return job;
  }

  async getWithOutputs(workspaceId: string, id: string): Promise<JobView> {
    const job = await this.get(workspaceId, id);
    return jobView(job, await this.jobs.listOutputs(workspaceId, id), this.publicBaseUrl);
  }

  async list(
    workspaceId: string,
    query: Record<string, unknown>,
  ): Promise<{ items: JobView[]; nextCursor: string | null }> {
    const q = checkListQuery(query);
    const limit = q.limit ?? 20;
    const filter: JobFilter = {
      limit: limit + 1,
      ...(q.state ? { state: q.state as JobState } : {}),
      ...(q.template ? { template: q.template } : {}),
      ...(q.batch ? { batchId: q.batch } : {}),
      ...(q.cursor ? { before: q.cursor } : {}),
    };
    const rows = await this.jobs.list(workspaceId, filter);
    const page = rows.slice(0, limit);
    return {
      items: page.map((j) => jobView(j)),
      nextCursor: rows.length > limit ? page[page.length - 1].id : null,
    };
  }

  async cancel(workspaceId: string, id: string): Promise<JobEntity> {
    const job = await this.get(workspaceId, id);
    if (!(await this.jobs.cancel(workspaceId, id))) {
      throw new ApiError(
        409,
        ApiErrorCode.JobNotCancellable,
        `Job ${id} is ${job.state} and cannot be cancelled`,
        'id',
      );
    }
    // The message only makes the stop immediate: a worker that misses it stops at its next
    // progress write, which the cancelled row refuses. So Redis being down never fails a cancel.
    await this.bounded(this.cancelChannel.publish(id), 'cancel message').catch((e: unknown) =>
      this.options.logger?.warn(
        { jobId: id, err: String(e) },
        'cancel message not sent; the worker stops at its next progress write',
      ),
    );
    return this.get(workspaceId, id);
  }

  async output(workspaceId: string, id: string, name: string): Promise<JobOutputEntity> {
    const job = await this.get(workspaceId, id);
    if (job.state !== JobState.Completed)
      throw new ApiError(
        409,
        ApiErrorCode.OutputNotReady,
        `Job ${id} is ${job.state}; outputs exist once it completes`,
        'id',
      );
    const output = await this.jobs.getOutput(workspaceId, id, name);
    if (!output) throw ApiError.notFound(`output "${name}" in job ${id}`, 'name');
    return output;
  }

  /** Binds the template to the data (Liquid only: no speech, no ffmpeg) and returns the texts. */
  async preview(
    workspaceId: string,
    templateId: string,
    body: unknown,
  ): Promise<{ script: string; scenes: unknown }> {
    const req = checkPreview(body);
    const entry = await this.templates.get(templateId, 'id');
    const item = this.pickItem(entry.template, jobData(req), req.select);
    this.validateItem(entry, item);
    await this.checkAssets(workspaceId, [item]);
    return new TemplateBinder(entry.template).bind(item);
  }

  private async repeat(
    existing: JobEntity,
    requestHash: string,
  ): Promise<{ job: JobEntity; created: boolean }> {
    if (existing.requestHash !== requestHash) {
      throw new ApiError(
        409,
        ApiErrorCode.IdempotencyKeyReused,
        'This Idempotency-Key was used for a different request body',
        'header:Idempotency-Key',
      );
    }
    // Queueing again is harmless (BullMQ drops a second add of the same job id) and heals a job
    // whose first request stored the row but died before queueing it.
    if (existing.state === JobState.Queued) await this.enqueue([existing]);
    return { job: existing, created: false };
  }

  /**
   * The job rows are committed: the job is accepted whatever happens here. Queueing is bounded; when
   * Redis is down or slow the rows stay `queued` and the reconciler (libs/queue JobReconciler)
   * queues them once Redis answers, so a create never hangs on Redis and never fails after its row
   * exists (a client retrying with its Idempotency-Key gets the same job).
   */
  private async enqueue(rows: JobEntity[]): Promise<void> {
    const adding = this.queue.queueAll(
      rows.map((r) => ({
        item: {
          name: JOB_OF_KIND[r.kind ?? JobKind.Render],
          data: { workspaceId: r.workspaceId, jobId: r.id },
        },
        jobId: r.id,
      })),
    );
    await this.bounded(adding, 'enqueue').catch((e: unknown) =>
      this.options.logger?.warn(
        { jobIds: rows.slice(0, 10).map((r) => r.id), jobs: rows.length, err: String(e) },
        'queue unavailable; jobs accepted, the reconciler queues them when it answers',
      ),
    );
  }

  private bounded<T>(work: Promise<T>, what: string): Promise<T> {
    return withTimeout(work, this.options.dependencyTimeoutMs ?? 2000, what);
  }

  private checkAspects(template: LoadedTemplate, aspects: string[] | undefined): string[] {
    const declared = template.manifest.outputs.map((o) => o.aspect);
    for (const [i, a] of (aspects ?? []).entries()) {
      if (!declared.includes(a))
        throw ApiError.invalid(
          `$.aspects[${i}]`,
          `"${a}" is not one of ${declared.join(', ')}`,
          ServiceErrorCode.AspectUnknown,
        );
    }
    return aspects ?? declared;
  }

  private pickItem(template: LoadedTemplate, data: unknown, select: string | number | undefined): DataItem {
    const items = listItems(data, template.manifest);
    if (select !== undefined) {
      try {
        return selectItem(items, String(select));
      } catch (e) {
        if (e instanceof ClipwrightError)
          throw new ClipwrightError(e.code, e.message.replace('--select', 'select'), { path: '$.select' });
        throw e;
      }
    }
    if (items.length !== 1) {
      throw ApiError.invalid(
        '$.select',
        `is required: the data holds ${items.length} items (give select, or POST /v1/batches for one job per item)`,
        ServiceErrorCode.SelectRequired,
      );
    }
    return items[0];
  }

  private validateItem({ validator }: CatalogTemplate, item: DataItem): void {
    validator.check(item.data, `$.data${item.path.slice(1)}`);
  }
}

/**
 * A job's data: `data` as sent, or the story read from `script` (the story template's input). A
 * script's pictures must be uploads (`asset:<id>`): the service reads nothing else. Errors name
 * `$.data`/`$.script` and, for the script, its line.
 */
function jobData(req: Pick<CreateJobBody, 'data' | 'script'>): unknown {
  if ((req.data === undefined) === (req.script === undefined)) {
    throw ApiError.invalid(
      req.data === undefined ? '$.data' : '$.script',
      'give either data or script, not both',
    );
  }
  if (!req.script) return req.data;
  const story = parseStory(req.script.text, req.script.format ?? 'markdown', '$.script.text');
  for (const { image } of story.paragraphs) {
    if (image && !image.src.startsWith('asset:')) {
      throw ApiError.invalid(
        '$.script.text',
        `line ${image.line}: the picture "${image.src}" must be an upload, written asset:<id> (upload the file first; the studio does it for you)`,
      );
    }
  }
  return story;
}
