import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import AdmZip from 'adm-zip';
import { DelayedError, UnrecoverableError } from 'bullmq';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { ClipwrightError, ErrorCode, RenderResult } from '@app/core';
import type { RenderRequest } from '@app/engine';
import {
  AssetRepository,
  createDataSource,
  JobRepository,
  JobSpeech,
  type BrandKit,
  parseDatabaseUrl,
  uuid7,
  WorkspaceRepository,
} from '@app/persistence';
import { InMemoryRightsStore } from '@app/provenance';
import { HandlerRegistry, JobContext, JobName, JobOutcome } from '@app/queue';
import { CancelRegistry } from './cancel.registry';
import { JobRunner } from './job.runner';
import { outputKey, RenderClipHandler } from './render-clip.handler';
import { StagingArea } from './staging.area';

const logger = pino({ level: 'silent' });

/** In-memory ObjectStorage double: what was put, under which key. */
class MemoryStorage {
  readonly objects = new Map<string, { body: Buffer; contentType: string }>();
  /** Puts refused with ECONNREFUSED, as by a storage server that is down. */
  refusePuts = 0;
  async put(key: string, body: Buffer | Readable, opts: { contentType: string }) {
    if (this.refusePuts > 0) {
      this.refusePuts--;
      (body as Readable).destroy?.();
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:54602'), { code: 'ECONNREFUSED' });
    }
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

/** Engine double: writes what the real engine delivers (`clip` as the MP4's bytes), or fails/waits as told. */
function fakeEngine(behaviour: (req: RenderRequest) => Promise<void> = async () => undefined, clip = 'mp4') {
  const calls: RenderRequest[] = [];
  return {
    calls,
    async render(req: RenderRequest) {
      calls.push(req);
      req.onProgress?.({ stage: 'speak', fraction: 0.2 });
      await behaviour(req);
      await fs.mkdir(req.outDir, { recursive: true });
      await fs.writeFile(path.join(req.outDir, 'clip-16x9.mp4'), clip);
      await fs.writeFile(path.join(req.outDir, 'captions.srt'), 'srt');
      await fs.writeFile(path.join(req.outDir, 'script.txt'), 'A quake\u0000 struck\u0007.\n');
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
  let stagingRoot: string;

  beforeAll(async () => {
    stagingRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-staging-'));
    ds = await createDataSource(parseDatabaseUrl('sqlite::memory:'));
    jobs = new JobRepository(ds);
    assets = new AssetRepository(ds);
    ws = (await new WorkspaceRepository(ds).findOrCreate('w')).id;
  });
  afterAll(async () => {
    await ds.destroy();
    await fs.rm(stagingRoot, { recursive: true, force: true });
  });

  async function newJob(
    speech: JobSpeech | null = null,
    brand: BrandKit | null = null,
    timeline: string[] | null = null,
  ) {
    const [row] = await jobs.insert([
      jobs.newRow(ws, {
        template: 'news-brief',
        data: { x: 1 },
        select: null,
        aspects: ['16:9'],
        speech,
        brand,
        timeline,
        callbackUrl: null,
        idempotencyKey: null,
        requestHash: null,
        batchId: null,
      }),
    ]);
    return row.id;
  }

  const rights = new InMemoryRightsStore();

  function handler(
    engine = fakeEngine(),
    storage = new MemoryStorage(),
    cancels = new CancelRegistry(),
    retryWindowMs = 0,
  ) {
    const staging = new StagingArea(stagingRoot, logger);
    return {
      h: new RenderClipHandler({
        jobs,
        assets,
        engine,
        storage,
        cancels,
        staging,
        logger,
        progressIntervalMs: 0,
        retryWindowMs,
        rights,
      }),
      storage,
      engine,
      cancels,
    };
  }

  const stagingFolders = async () => (await fs.readdir(stagingRoot)).filter((n) => !n.startsWith('.'));

  it("passes the job's lexicon, and its voice-over fetched from storage into the staging folder", async () => {
    const take = uuid7();
    await assets.insert(ws, {
      id: take,
      name: 'take.wav',
      contentType: 'audio/wav',
      size: 8,
      sha256: '0'.repeat(64),
      storageKey: `${ws}/assets/${take}`,
      createdAt: new Date(),
    });
    const id = await newJob({
      lexicon: { entries: [{ grapheme: 'Hualien', alias: 'hwah lyen' }] },
      voiceOver: `asset:${take}`,
    });
    let recorded = '';
    const engine = fakeEngine(async (req) => {
      recorded = await fs.readFile(req.voiceOver!, 'utf8');
    });
    const storage = new MemoryStorage();
    storage.objects.set(`${ws}/assets/${take}`, { body: Buffer.from('RIFFtake'), contentType: 'audio/wav' });
    const { h } = handler(engine, storage);
    expect(await h.handle({ workspaceId: ws, jobId: id }, ctx())).toBe(JobOutcome.Success);
    expect(engine.calls[0]).toMatchObject({
      lexicon: { entries: [{ grapheme: 'Hualien', alias: 'hwah lyen' }] },
      voiceOver: expect.stringMatching(/voice-over-a1\.wav$/),
      names: { voiceOver: '$.voiceOver' },
    });
    expect(recorded).toBe('RIFFtake');
    // The recording is the job's input, not one of its outputs.
    expect(
      [...storage.objects.keys()].filter((k) => k.includes('/jobs/') && k.includes('voice-over')),
    ).toEqual([]);
  });

  it("renders with the workspace's brand kit the job was made with, and without one when it had none", async () => {
    const kit: BrandKit = { channelName: 'Shop TV', colors: { accent: '#0055AA' }, logo: 'asset:logo-1' };
    const engine = fakeEngine();
    const { h } = handler(engine);
    expect(await h.handle({ workspaceId: ws, jobId: await newJob(null, kit) }, ctx())).toBe(
      JobOutcome.Success,
    );
    expect(await h.handle({ workspaceId: ws, jobId: await newJob() }, ctx())).toBe(JobOutcome.Success);
    expect(engine.calls.map((c) => c.brand)).toEqual([kit, undefined]);
  });

  it("renders, uploads under the run's keys and completes the row with its outputs", async () => {
    const id = await newJob();
    const { h, storage, engine } = handler();
    expect(await h.handle({ workspaceId: ws, jobId: id }, ctx())).toBe(JobOutcome.Success);
    expect(engine.calls[0]).toMatchObject({ templateId: 'news-brief', data: { x: 1 }, aspects: ['16:9'] });
    // The workspace's rights settings and consents, and the job id as the content id of the labels.
    expect(engine.calls[0].provenance).toEqual({
      contentId: id,
      workspace: { id: ws, commercial: false, labelProfile: 'eu' },
      consents: [],
    });
    expect([...storage.objects.keys()].sort()).toEqual(
      ['captions.srt', 'clip-16x9.mp4', 'result.json', 'script.txt'].map((n) => outputKey(ws, id, 1, n)),
    );
    expect(storage.objects.get(outputKey(ws, id, 1, 'clip-16x9.mp4'))?.contentType).toBe('video/mp4');
    const row = await jobs.get(ws, id);
    expect(row).toMatchObject({ state: 'completed', progress: 1, attempts: 1 });
    const outputs = await jobs.listOutputs(ws, id);
    expect(outputs.find((o) => o.name === 'clip-16x9.mp4')).toMatchObject({ aspect: '16:9', size: 3 });
    // Control characters from the data do not reach text outputs; the recorded size is the stored one.
    const script = storage.objects.get(outputKey(ws, id, 1, 'script.txt'))!.body;
    expect(script.toString()).toBe('A quake struck.\n');
    expect(outputs.find((o) => o.name === 'script.txt')?.size).toBe(script.length);
    expect(await stagingFolders()).toEqual([]);
  });

  it("asks the engine for the job's timelines and stores each timeline folder as one zip", async () => {
    const id = await newJob(null, null, ['otio', 'mlt']);
    const engine = {
      calls: [] as RenderRequest[],
      async render(req: RenderRequest) {
        engine.calls.push(req);
        const folder = path.join(req.outDir, 'timeline-16x9');
        await fs.mkdir(path.join(folder, 'media'), { recursive: true });
        await fs.writeFile(path.join(req.outDir, 'clip-16x9.mp4'), 'mp4');
        await fs.writeFile(path.join(folder, 'clip-16x9.otio'), '{}');
        await fs.writeFile(path.join(folder, 'media', 'bg.png'), 'png');
        const result = {
          createdAt: new Date().toISOString(),
          outputs: [{ aspect: '16:9', path: 'clip-16x9.mp4' }],
          timelines: [{ aspect: '16:9', folder: 'timeline-16x9', formats: [], media: ['media/bg.png'] }],
        } as unknown as RenderResult;
        return [{ outDir: req.outDir, result }];
      },
    };
    const { h, storage } = handler(engine as unknown as ReturnType<typeof fakeEngine>);
    expect(await h.handle({ workspaceId: ws, jobId: id }, ctx())).toBe(JobOutcome.Success);
    expect(engine.calls[0]).toMatchObject({ timeline: ['otio', 'mlt'], names: { timeline: '$.timeline' } });
    const outputs = await jobs.listOutputs(ws, id);
    expect(outputs.map((o) => o.name).sort()).toEqual(['clip-16x9.mp4', 'result.json', 'timeline-16x9.zip']);
    const zip = storage.objects.get(outputKey(ws, id, 1, 'timeline-16x9.zip'))!;
    expect(outputs.find((o) => o.name === 'timeline-16x9.zip')).toMatchObject({
      aspect: '16:9',
      contentType: 'application/zip',
      size: zip.body.length,
    });
    expect(
      new AdmZip(zip.body)
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual(['timeline-16x9/clip-16x9.otio', 'timeline-16x9/media/bg.png']);
    // A job without timelines asks the engine for none.
    const plain = await newJob();
    const second = handler();
    await second.h.handle({ workspaceId: ws, jobId: plain }, ctx());
    expect(second.engine.calls[0].timeline).toBeUndefined();
  });

  it('retries the upload through a storage outage without rendering again', async () => {
    const id = await newJob();
    const storage = new MemoryStorage();
    storage.refusePuts = 3;
    const { h, engine } = handler(fakeEngine(), storage, new CancelRegistry(), 60_000);
    expect(await h.handle({ workspaceId: ws, jobId: id }, ctx())).toBe(JobOutcome.Success);
    expect(engine.calls).toHaveLength(1);
    expect(await jobs.get(ws, id)).toMatchObject({ state: 'completed', attempts: 1, error: null });
  });

  it('gives the job back when storage stays down, and the next run uploads the kept render', async () => {
    const id = await newJob();
    const storage = new MemoryStorage();
    storage.refusePuts = 1000;
    const first = handler(fakeEngine(), storage);
    expect(await first.h.handle({ workspaceId: ws, jobId: id }, ctx())).toBe(JobOutcome.Deferred);
    const waiting = await jobs.get(ws, id);
    expect(waiting).toMatchObject({ state: 'queued', error: { code: 'UNAVAILABLE' } });
    expect(JSON.stringify(waiting?.error)).not.toMatch(/127\.0\.0\.1|54602|ECONNREFUSED/);
    expect(await stagingFolders()).toHaveLength(1);
    storage.refusePuts = 0;
    const second = handler(fakeEngine(), storage);
    expect(await second.h.handle({ workspaceId: ws, jobId: id }, ctx())).toBe(JobOutcome.Success);
    expect(second.engine.calls).toHaveLength(0);
    expect(await jobs.get(ws, id)).toMatchObject({ state: 'completed', attempts: 2 });
    expect([...storage.objects.keys()].filter((k) => k.includes(id))).toContain(
      outputKey(ws, id, 2, 'clip-16x9.mp4'),
    );
    expect(await stagingFolders()).toEqual([]);
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
      throw new ClipwrightError(ErrorCode.FfmpegFailed, 'ffmpeg died writing /tmp/clipwright-x/clip.mp4');
    });
    const { h } = handler(engine);
    await expect(h.handle({ workspaceId: ws, jobId: id }, ctx(1, 2))).rejects.toThrow('ffmpeg died');
    const row = await jobs.get(ws, id);
    expect(row).toMatchObject({ state: 'queued', error: { code: 'FFMPEG_FAILED' } });
    expect(row?.error?.message).not.toMatch(/tmp|clipwright-x/);
    await expect(h.handle({ workspaceId: ws, jobId: id }, ctx(2, 2))).rejects.toThrow('ffmpeg died');
    expect(await jobs.get(ws, id)).toMatchObject({ state: 'failed', attempts: 2 });
    expect(await stagingFolders()).toEqual([]);
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
    let stoppedBy: unknown = 'not stopped';
    const engine = fakeEngine(async (req) => {
      await jobs.cancel(ws, id);
      req.onProgress?.({ stage: 'compose 16:9', fraction: 0.5 });
      // No cancel message comes (the registry is never told): only the progress write's refusal can
      // stop this render. Without it the render would run on to the end of this wait.
      await new Promise((resolve, reject) => {
        const t = setTimeout(resolve, 60_000);
        req.signal?.addEventListener('abort', () => {
          clearTimeout(t);
          stoppedBy = req.signal?.reason;
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        });
      });
    });
    const { h, storage } = handler(engine);
    expect(await h.handle({ workspaceId: ws, jobId: id }, ctx())).toBe(JobOutcome.Skipped);
    expect(stoppedBy).toBe('cancel');
    expect(storage.objects.size).toBe(0);
  });

  it.each(['stale run finishes last', 'stale run finishes first'])(
    'lets only the newest of two runs on one job deliver (%s); record and storage agree',
    async (order) => {
      const id = await newJob();
      const storage = new MemoryStorage();
      const gate = () => {
        let open!: () => void;
        const opened = new Promise<void>((r) => (open = r));
        return { open, opened };
      };
      const staleGate = gate();
      const freshGate = gate();
      // Two workers render different bytes: the run whose lock was lost, and the run that took over.
      const stale = handler(
        fakeEngine(() => staleGate.opened, 'stale-run-bytes'),
        storage,
      );
      const fresh = handler(
        fakeEngine(() => freshGate.opened, 'fresh'),
        storage,
      );
      const staleRun = stale.h.handle({ workspaceId: ws, jobId: id }, ctx());
      while (stale.engine.calls.length === 0) await new Promise((r) => setTimeout(r, 5));
      const freshRun = fresh.h.handle({ workspaceId: ws, jobId: id }, ctx());
      while (fresh.engine.calls.length === 0) await new Promise((r) => setTimeout(r, 5));
      const [first, second] =
        order === 'stale run finishes last' ? [freshGate, staleGate] : [staleGate, freshGate];
      first.open();
      await (first === freshGate ? freshRun : staleRun);
      second.open();
      expect([await staleRun, await freshRun]).toEqual([JobOutcome.Skipped, JobOutcome.Success]);

      expect(await jobs.get(ws, id)).toMatchObject({ state: 'completed', attempts: 2 });
      const outputs = await jobs.listOutputs(ws, id);
      for (const o of outputs)
        expect([o.name, storage.objects.get(o.storageKey)?.body.length]).toEqual([o.name, o.size]);
      const clip = outputs.find((o) => o.name === 'clip-16x9.mp4')!;
      expect(storage.objects.get(clip.storageKey)?.body.toString()).toBe('fresh');
      // Nothing of the stale run is left in storage.
      expect([...storage.objects.keys()].filter((k) => k.includes(`${id}/a1/`))).toEqual([]);
    },
  );

  it('gives a running job back when the worker shuts down, without failing it', async () => {
    const id = await newJob();
    const shutdown = new AbortController();
    const engine = fakeEngine(
      (req) =>
        new Promise((_, reject) => {
          req.signal?.addEventListener('abort', () =>
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
          );
          shutdown.abort();
        }),
    );
    const { h } = handler(engine);
    expect(await h.handle({ workspaceId: ws, jobId: id }, { ...ctx(), shutdown: shutdown.signal })).toBe(
      JobOutcome.Deferred,
    );
    expect(await jobs.get(ws, id)).toMatchObject({ state: 'queued', error: null, attempts: 1 });
  });

  it('defers, without touching the row, while the database is down', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const h = new RenderClipHandler({
      jobs: { ...jobs, get: async () => Promise.reject(down) } as unknown as JobRepository,
      assets,
      engine: fakeEngine(),
      rights,
      storage: new MemoryStorage(),
      cancels: new CancelRegistry(),
      staging: new StagingArea(stagingRoot, logger),
      logger,
    });
    expect(await h.handle({ workspaceId: ws, jobId: await newJob() }, ctx())).toBe(JobOutcome.Deferred);
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
      [
        'an asset of another workspace',
        'other',
        'image/png',
        'no such asset in this workspace',
        'ASSET_NOT_FOUND',
      ],
      [
        'an audio asset',
        'own',
        'audio/mpeg',
        'is audio/mpeg, not a PNG, JPEG or WebP image',
        'IMAGE_UNREADABLE',
      ],
      ['a file path', 'path', '', 'in service mode a picture must be an upload', 'ASSET_NOT_FOUND'],
    ])('fail the job at once on %s', async (_what, whose, contentType, message, code) => {
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
      expect(row?.error).toMatchObject({ code, message: expect.stringContaining(message) });
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
    moveToDelayed: jest.fn(async () => undefined),
  });

  /** The runner's specs register only these two (the image handlers have their own specs). */
  const RUNNER_NAMES = [JobName.RenderClip, JobName.Webhook];

  it('passes the attempt number and progress through, and returns the outcome', async () => {
    const handle = jest.fn(async (_d: unknown, c: JobContext) => {
      await c.reportProgress(0.5);
      expect([c.attempt, c.maxAttempts]).toEqual([2, 3]);
      return JobOutcome.Success;
    });
    const runner = new JobRunner(
      new HandlerRegistry([{ name: 'render-clip' as never, handle }, webhook], RUNNER_NAMES),
      logger,
    );
    const j = job();
    expect(await runner.run(j)).toBe(JobOutcome.Success);
    expect(j.updateProgress).toHaveBeenCalledWith(50);
  });

  it('turns a Failed outcome into an UnrecoverableError so BullMQ does not retry it', async () => {
    const runner = new JobRunner(
      new HandlerRegistry(
        [{ name: 'render-clip' as never, handle: async () => JobOutcome.Failed }, webhook],
        RUNNER_NAMES,
      ),
      logger,
    );
    await expect(runner.run(job())).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('puts a Deferred job back in the delayed set, which spends no attempt', async () => {
    const runner = new JobRunner(
      new HandlerRegistry(
        [{ name: 'render-clip' as never, handle: async () => JobOutcome.Deferred }, webhook],
        RUNNER_NAMES,
      ),
      logger,
      undefined,
      { deferMs: 5000 },
    );
    const j = job();
    const t0 = Date.now();
    await expect(runner.run(j, 'token-1')).rejects.toBeInstanceOf(DelayedError);
    const [[at, token]] = j.moveToDelayed.mock.calls as unknown as [[number, string]];
    expect(token).toBe('token-1');
    expect(at - t0).toBeGreaterThanOrEqual(5000);
  });
});
