import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { UnrecoverableError } from 'bullmq';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { ClipwrightError, ErrorCode, RenderResult } from '@app/core';
import type { RenderRequest } from '@app/engine';
import {
  AssetRepository,
  createDataSource,
  JobRepository,
  parseDatabaseUrl,
  uuid7,
  WorkspaceRepository,
} from '@app/persistence';
import { HandlerRegistry, JobContext, JobOutcome } from '@app/queue';
import { CancelRegistry } from './cancel.registry';
import { JobRunner } from './job.runner';
import { outputKey, RenderClipHandler } from './render-clip.handler';

const logger = pino({ level: 'silent' });

/** In-memory ObjectStorage double: what was put, under which key. */
class MemoryStorage {
  readonly objects = new Map<string, { body: Buffer; contentType: string }>();
  async put(key: string, body: Buffer | Readable, opts: { contentType: string }) {
    const chunks: Buffer[] = [];
    for await (const c of body as Readable) chunks.push(Buffer.from(c));
    this.objects.set(key, { body: Buffer.concat(chunks), contentType: opts.contentType });
  }
  async delete(key: string) {
    this.objects.delete(key);
  }
  async get(key: string): Promise<Readable> {
    const o = this.objects.get(key);
    if (!o) throw new Error(`no object ${key}`);
    return Readable.from([o.body]);
  }
}

/** Engine double: writes what the real engine delivers, or fails/waits as told. */
function fakeEngine(behaviour: (req: RenderRequest) => Promise<void> = async () => undefined) {
  const calls: RenderRequest[] = [];
  return {
    calls,
    async render(req: RenderRequest) {
      calls.push(req);
      req.onProgress?.({ stage: 'speak', fraction: 0.2 });
      await behaviour(req);
      await fs.mkdir(req.outDir, { recursive: true });
      await fs.writeFile(path.join(req.outDir, 'clip-16x9.mp4'), 'mp4');
      await fs.writeFile(path.join(req.outDir, 'captions.srt'), 'srt');
      const result = { outputs: [{ aspect: '16:9', path: 'clip-16x9.mp4' }] } as unknown as RenderResult;
      await fs.writeFile(path.join(req.outDir, 'result.json'), JSON.stringify(result));
      return [{ outDir: req.outDir, result }];
    },
  };
}

const ctx = (attempt = 1, maxAttempts = 3): JobContext => ({
  attempt,
  maxAttempts,
  reportProgress: async () => undefined,
});

describe('RenderClipHandler', () => {
  let ds: DataSource;
  let jobs: JobRepository;
  let assets: AssetRepository;
  let ws: string;

  beforeAll(async () => {
    ds = await createDataSource(parseDatabaseUrl('sqlite::memory:'));
    jobs = new JobRepository(ds);
    assets = new AssetRepository(ds);
    ws = (await new WorkspaceRepository(ds).findOrCreate('w')).id;
  });
  afterAll(() => ds.destroy());

  async function newJob() {
    const [row] = await jobs.insert([
      jobs.newRow(ws, {
        template: 'news-brief',
        data: { x: 1 },
        select: null,
        aspects: ['16:9'],
        callbackUrl: null,
        idempotencyKey: null,
        requestHash: null,
        batchId: null,
      }),
    ]);
    return row.id;
  }

  function handler(engine = fakeEngine(), storage = new MemoryStorage(), cancels = new CancelRegistry()) {
    return {
      h: new RenderClipHandler({ jobs, assets, engine, storage, cancels, logger, progressIntervalMs: 0 }),
      storage,
      engine,
      cancels,
    };
  }

  it('renders, uploads under deterministic keys and completes the row with its outputs', async () => {
    const id = await newJob();
    const { h, storage, engine } = handler();
    expect(await h.handle({ workspaceId: ws, jobId: id }, ctx())).toBe(JobOutcome.Success);
    expect(engine.calls[0]).toMatchObject({ templateId: 'news-brief', data: { x: 1 }, aspects: ['16:9'] });
    expect([...storage.objects.keys()].sort()).toEqual(
      ['captions.srt', 'clip-16x9.mp4', 'result.json'].map((n) => outputKey(ws, id, n)),
    );
    expect(storage.objects.get(outputKey(ws, id, 'clip-16x9.mp4'))?.contentType).toBe('video/mp4');
    const row = await jobs.get(ws, id);
    expect(row).toMatchObject({ state: 'completed', progress: 1, attempts: 1 });
    const outputs = await jobs.listOutputs(ws, id);
    expect(outputs.find((o) => o.name === 'clip-16x9.mp4')).toMatchObject({ aspect: '16:9', size: 3 });
  });

  it('does not render a job that is finished or belongs to no row', async () => {
    const id = await newJob();
    await jobs.cancel(ws, id);
    const { h, engine } = handler();
    expect(await h.handle({ workspaceId: ws, jobId: id }, ctx())).toBe(JobOutcome.Skipped);
    expect(await h.handle({ workspaceId: ws, jobId: '01a20000-0000-7000-8000-000000000000' }, ctx())).toBe(
      JobOutcome.Skipped,
    );
    expect(engine.calls).toHaveLength(0);
  });

  it('fails at once on bad input, with the code and path, and does not throw for a retry', async () => {
    const id = await newJob();
    const engine = fakeEngine(async () => {
      throw new ClipwrightError(ErrorCode.DataSchemaMismatch, 'bad mag', { path: '$.properties.mag' });
    });
    const { h, storage } = handler(engine);
    expect(await h.handle({ workspaceId: ws, jobId: id }, ctx(1, 3))).toBe(JobOutcome.Failed);
    expect(await jobs.get(ws, id)).toMatchObject({
      state: 'failed',
      error: { code: 'DATA_SCHEMA_MISMATCH', message: 'bad mag', path: '$.properties.mag' },
    });
    expect(storage.objects.size).toBe(0);
  });

  it('throws a transient failure for BullMQ to retry, and fails the row on the last attempt', async () => {
    const id = await newJob();
    const engine = fakeEngine(async () => {
      throw new ClipwrightError(ErrorCode.FfmpegFailed, 'ffmpeg died');
    });
    const { h } = handler(engine);
    await expect(h.handle({ workspaceId: ws, jobId: id }, ctx(1, 2))).rejects.toThrow('ffmpeg died');
    expect(await jobs.get(ws, id)).toMatchObject({ state: 'queued', error: { code: 'FFMPEG_FAILED' } });
    await expect(h.handle({ workspaceId: ws, jobId: id }, ctx(2, 2))).rejects.toThrow('ffmpeg died');
    expect(await jobs.get(ws, id)).toMatchObject({ state: 'failed', attempts: 2 });
  });

  it('aborts the render when the job is cancelled, through the registry, and keeps no outputs', async () => {
    const id = await newJob();
    const cancels = new CancelRegistry();
    const engine = fakeEngine(
      (req) =>
        new Promise((_, reject) => {
          req.signal?.addEventListener('abort', () =>
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
          );
          void jobs.cancel(ws, id).then(() => cancels.cancel(id));
        }),
    );
    const { h, storage } = handler(engine, new MemoryStorage(), cancels);
    expect(await h.handle({ workspaceId: ws, jobId: id }, ctx())).toBe(JobOutcome.Skipped);
    expect((await jobs.get(ws, id))?.state).toBe('cancelled');
    expect(storage.objects.size).toBe(0);
    expect(cancels.size).toBe(0);
  });

  it('stops a render whose row stopped being active even without the cancel message', async () => {
    const id = await newJob();
    const engine = fakeEngine(async (req) => {
      await jobs.cancel(ws, id);
      req.onProgress?.({ stage: 'compose 16:9', fraction: 0.5 });
      await new Promise((resolve, reject) => {
        const t = setTimeout(resolve, 2000);
        req.signal?.addEventListener('abort', () => {
          clearTimeout(t);
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        });
      });
    });
    const { h } = handler(engine);
    expect(await h.handle({ workspaceId: ws, jobId: id }, ctx())).toBe(JobOutcome.Skipped);
  });

  it('completes once when two workers finish the same job (stalled-job recovery)', async () => {
    const id = await newJob();
    const storage = new MemoryStorage();
    const a = handler(fakeEngine(), storage);
    const b = handler(fakeEngine(), storage);
    const outcomes = await Promise.all([
      a.h.handle({ workspaceId: ws, jobId: id }, ctx()),
      b.h.handle({ workspaceId: ws, jobId: id }, ctx()),
    ]);
    expect(outcomes.sort()).toEqual([JobOutcome.Skipped, JobOutcome.Success]);
    expect(await jobs.listOutputs(ws, id)).toHaveLength(3);
    expect(storage.objects.size).toBe(3);
  });

  describe('images named in the data (asset:<id>)', () => {
    async function upload(workspaceId: string, storage: MemoryStorage, contentType: string, body: string) {
      const id = uuid7();
      const storageKey = `${workspaceId}/assets/${id}`;
      await storage.put(storageKey, Readable.from([Buffer.from(body)]), { contentType });
      await assets.insert(workspaceId, {
        id,
        name: 'photo',
        contentType,
        size: body.length,
        sha256: '0'.repeat(64),
        storageKey,
        createdAt: new Date(),
      });
      return id;
    }

    it("serve the engine an upload of the job's own workspace", async () => {
      const storage = new MemoryStorage();
      const assetId = await upload(ws, storage, 'image/png', 'png bytes');
      let read: string | undefined;
      const engine = fakeEngine(async (req) => {
        read = (await req.images?.(`asset:${assetId}`))?.toString();
      });
      const { h } = handler(engine, storage);
      expect(await h.handle({ workspaceId: ws, jobId: await newJob() }, ctx())).toBe(JobOutcome.Success);
      expect(read).toBe('png bytes');
    });

    it.each([
      ['an asset of another workspace', 'other', 'image/png', 'no such asset in this workspace'],
      ['an audio asset', 'own', 'audio/mpeg', 'is audio/mpeg, not a PNG, JPEG or WebP image'],
      ['a file path', 'path', '', 'in service mode an image is asset:<id>'],
    ])('fail the job at once on %s', async (_what, whose, contentType, message) => {
      const storage = new MemoryStorage();
      const other = (await new WorkspaceRepository(ds).findOrCreate(`other-${uuid7()}`)).id;
      const ref =
        whose === 'path'
          ? '/etc/passwd'
          : `asset:${await upload(whose === 'own' ? ws : other, storage, contentType, 'bytes')}`;
      const engine = fakeEngine(async (req) => void (await req.images?.(ref)));
      const { h } = handler(engine, storage);
      const jobId = await newJob();
      expect(await h.handle({ workspaceId: ws, jobId }, ctx())).toBe(JobOutcome.Failed);
      const row = await jobs.get(ws, jobId);
      expect(row?.state).toBe('failed');
      expect(row?.error).toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining(message),
      });
    });
  });
});

describe('JobRunner', () => {
  const webhook = { name: 'webhook' as never, handle: async () => JobOutcome.Success };
  const job = (name = 'render-clip') => ({
    id: 'q1',
    name,
    data: { workspaceId: 'w', jobId: 'j' },
    attemptsMade: 1,
    opts: { attempts: 3 },
    updateProgress: jest.fn(async () => undefined),
  });

  it('passes the attempt number and progress through, and returns the outcome', async () => {
    const handle = jest.fn(async (_d: unknown, c: JobContext) => {
      await c.reportProgress(0.5);
      expect([c.attempt, c.maxAttempts]).toEqual([2, 3]);
      return JobOutcome.Success;
    });
    const runner = new JobRunner(
      new HandlerRegistry([{ name: 'render-clip' as never, handle }, webhook]),
      logger,
    );
    const j = job();
    expect(await runner.run(j)).toBe(JobOutcome.Success);
    expect(j.updateProgress).toHaveBeenCalledWith(50);
  });

  it('turns a Failed outcome into an UnrecoverableError so BullMQ does not retry it', async () => {
    const runner = new JobRunner(
      new HandlerRegistry([{ name: 'render-clip' as never, handle: async () => JobOutcome.Failed }, webhook]),
      logger,
    );
    await expect(runner.run(job())).rejects.toBeInstanceOf(UnrecoverableError);
  });
});
