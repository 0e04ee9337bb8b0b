import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { ClipwrightError, ErrorCode, ServiceError, ServiceErrorCode } from '@app/core';
import {
  AssetRepository,
  createDataSource,
  JobRepository,
  parseDatabaseUrl,
  uuid7,
  WorkspaceRepository,
} from '@app/persistence';
import { TemplateLoader } from '@app/templates';
import { ApiError, toErrorResponse } from './api.error';
import { answer } from './answer.testing';
import { jobView, JobsService } from './jobs.service';
import { TemplateCatalog } from './template.catalog';

const root = path.resolve(__dirname, '../../..');
const sample = JSON.parse(readFileSync(path.join(root, 'templates/news-brief/sample.geojson'), 'utf8')) as {
  features: { id: string; properties: Record<string, unknown> }[];
};
const item = sample.features[0];

describe('JobsService', () => {
  let ds: DataSource;
  let jobs: JobRepository;
  let assets: AssetRepository;
  let service: JobsService;
  let queued: { item: { name: string; data: unknown }; jobId?: string }[];
  let published: string[];
  let a: string;
  let b: string;

  const catalog = new TemplateCatalog(new TemplateLoader(path.join(root, 'templates')));

  /** An upload row of the workspace (a JPEG by its name), for data naming asset:<id>. */
  const upload = async (workspaceId: string) => {
    const id = uuid7();
    await assets.insert(workspaceId, {
      id,
      name: 'photo.jpg',
      contentType: 'image/jpeg',
      size: 3,
      sha256: '0'.repeat(64),
      storageKey: `${workspaceId}/assets/${id}`,
      createdAt: new Date(),
    });
    return id;
  };

  beforeAll(async () => {
    ds = await createDataSource(parseDatabaseUrl('sqlite::memory:'));
    jobs = new JobRepository(ds);
    assets = new AssetRepository(ds);
    const ws = new WorkspaceRepository(ds);
    a = (await ws.findOrCreate('a')).id;
    b = (await ws.findOrCreate('b')).id;
  });
  afterAll(() => ds.destroy());
  beforeEach(() => {
    queued = [];
    published = [];
    const queue = {
      queue: async () => undefined,
      queueAll: async (items: typeof queued) => void queued.push(...items),
    };
    service = new JobsService(jobs, queue, catalog, assets, {
      publish: async (id: string) => void published.push(id),
    });
  });

  it('stores a valid job and queues it under its own id', async () => {
    const { job, created } = await service.create(a, { template: 'news-brief', data: item }, undefined);
    expect(created).toBe(true);
    expect(job).toMatchObject({ workspaceId: a, state: 'queued', aspects: ['16:9', '9:16', '1:1', '4:5'] });
    expect(queued).toEqual([
      { item: { name: 'render-clip', data: { workspaceId: a, jobId: job.id } }, jobId: job.id },
    ]);
  });

  it('returns the same job for the same key and body, and refuses the key with another body', async () => {
    const body = { template: 'news-brief', data: item, aspects: ['16:9'] };
    const first = await service.create(a, body, 'key-1');
    const again = await service.create(a, { aspects: ['16:9'], data: item, template: 'news-brief' }, 'key-1');
    expect(again).toMatchObject({ created: false, job: { id: first.job.id } });
    const other = await answer(service.create(a, { ...body, aspects: ['9:16'] }, 'key-1'));
    expect(other).toMatchObject({ status: 409, body: { error: { code: 'IDEMPOTENCY_KEY_REUSED' } } });
    const inB = await service.create(b, body, 'key-1');
    expect(inB.created).toBe(true);
    expect(await answer(service.create(a, body, 'bad key'))).toMatchObject({
      status: 400,
      body: { error: { path: 'header:Idempotency-Key' } },
    });
  });

  it.each([
    ['no data', { template: 'news-brief' }, 400, 'INVALID_ARGUMENT', '$.data'],
    ['unknown template', { template: 'nope', data: item }, 400, 'TEMPLATE_NOT_FOUND', '$.template'],
    [
      'mag of the wrong type',
      { template: 'news-brief', data: { ...item, properties: { ...item.properties, mag: 'x' } } },
      400,
      'DATA_SCHEMA_MISMATCH',
      '$.data.properties.mag',
    ],
    ['feed without select', { template: 'news-brief', data: sample }, 400, 'SELECT_REQUIRED', '$.select'],
    [
      'select out of range',
      { template: 'news-brief', data: sample, select: 9 },
      400,
      'SELECT_OUT_OF_RANGE',
      '$.select',
    ],
    [
      'unknown aspect',
      { template: 'news-brief', data: item, aspects: ['4:3'] },
      400,
      'ASPECT_UNKNOWN',
      '$.aspects[0]',
    ],
    [
      'callback not http',
      { template: 'news-brief', data: item, callbackUrl: 'javascript:x' },
      400,
      'INVALID_ARGUMENT',
      '$.callbackUrl',
    ],
  ])('refuses %s', async (_name, body, status, code, at) => {
    const r = await answer(service.create(a, body, undefined));
    expect(r).toEqual({ status, body: { error: { code, message: expect.any(String), path: at } } });
    expect(queued).toEqual([]);
  });

  it.each([
    ['a private address', 'http://10.0.0.1/hook', 'private'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['a link-local address', 'http://169.254.10.1/hook', 'link-local'],
    ['loopback (without WEBHOOKS_ALLOW_LOOPBACK)', 'http://127.0.0.1:9/hook', 'loopback'],
    ['a name that resolves to a private address', 'https://hooks.internal.test/x', 'private'],
  ])(
    'refuses a callbackUrl at %s, on one job and on a batch, saying nothing of addresses',
    async (_name, callbackUrl) => {
      const guarded = new JobsService(
        jobs,
        {
          queue: async () => undefined,
          queueAll: async (items: typeof queued) => void queued.push(...items),
        },
        catalog,
        assets,
        { publish: async () => undefined },
        { resolve: async () => [{ address: '192.168.1.20', family: 4 }] },
      );
      const before = (await jobs.list(a, { limit: 1000 })).length;
      for (const call of [
        () => guarded.create(a, { template: 'news-brief', data: item, callbackUrl }, undefined),
        () => guarded.createBatch(a, { template: 'news-brief', data: sample, callbackUrl }),
      ]) {
        const r = await answer(call());
        expect(r).toEqual({
          status: 400,
          body: {
            error: {
              code: 'CALLBACK_URL_FORBIDDEN',
              message: '$.callbackUrl is refused: webhooks go to public http(s) servers only',
              path: '$.callbackUrl',
            },
          },
        });
      }
      expect(queued).toEqual([]);
      expect(await jobs.list(a, { limit: 1000 })).toHaveLength(before);
    },
  );

  it('takes a public callbackUrl, and loopback only when told to (tests)', async () => {
    const make = (allowLoopbackCallbacks: boolean) =>
      new JobsService(
        jobs,
        {
          queue: async () => undefined,
          queueAll: async (items: typeof queued) => void queued.push(...items),
        },
        catalog,
        assets,
        { publish: async () => undefined },
        { allowLoopbackCallbacks, resolve: async () => [{ address: '93.184.216.34', family: 4 }] },
      );
    const body = (callbackUrl: string) => ({ template: 'news-brief', data: item, callbackUrl });
    const pub = await make(false).create(a, body('https://hooks.example.com/cw'), undefined);
    expect(pub.job.callbackUrl).toBe('https://hooks.example.com/cw');
    const loop = await make(true).create(a, body('http://127.0.0.1:8080/hook'), undefined);
    expect(loop.job.callbackUrl).toBe('http://127.0.0.1:8080/hook');
    expect((await answer(make(true).create(a, body('http://10.1.2.3/hook'), undefined))).status).toBe(400);
  });

  it('picks one item of a feed by select (index or id)', async () => {
    const byId = await service.create(
      a,
      { template: 'news-brief', data: sample, select: item.id },
      undefined,
    );
    expect(byId.job.select).toBe(item.id);
    const byIndex = await service.create(a, { template: 'news-brief', data: sample, select: 1 }, undefined);
    expect(byIndex.job.select).toBe('1');
  });

  it("copies the workspace's brand kit into each new job, single or batch", async () => {
    const kit = { channelName: 'KQED NEWS', colors: { accent: '#e4002b' } };
    const branded = new JobsService(
      jobs,
      { queue: async () => undefined, queueAll: async () => undefined },
      catalog,
      assets,
      { publish: async () => undefined },
      { brandOf: async (ws) => (ws === a ? kit : null) },
    );
    const { job } = await branded.create(a, { template: 'news-brief', data: item }, undefined);
    expect((await jobs.get(a, job.id))?.brand).toEqual(kit);
    const other = await branded.create(b, { template: 'news-brief', data: item }, undefined);
    expect((await jobs.get(b, other.job.id))?.brand).toBeNull();
    const batch = await branded.createBatch(a, { template: 'news-brief', data: sample });
    expect((await jobs.get(a, batch.jobs[0].id))?.brand).toEqual(kit);
  });

  it('makes one job per feed item under one batch id', async () => {
    const { batchId, jobs: made } = await service.createBatch(a, { template: 'news-brief', data: sample });
    expect(made).toHaveLength(sample.features.length);
    expect(made.map((j) => j.data)).toEqual(sample.features);
    const listed = await service.list(a, { batch: batchId });
    expect(listed.items.map((j) => j.id).sort()).toEqual(made.map((j) => j.id).sort());
    expect(queued).toHaveLength(sample.features.length);
  });

  it('keeps other workspaces out: get, cancel and outputs answer 404', async () => {
    const { job } = await service.create(a, { template: 'news-brief', data: item }, undefined);
    for (const p of [
      service.get(b, job.id),
      service.cancel(b, job.id),
      service.output(b, job.id, 'clip-16x9.mp4'),
    ]) {
      expect(await answer(p)).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    }
    expect((await service.list(b, { limit: '100' })).items.map((j) => j.id)).not.toContain(job.id);
    expect(published).toEqual([]);
  });

  it('cancels once, tells the workers, and refuses to cancel a finished job', async () => {
    const { job } = await service.create(a, { template: 'news-brief', data: item }, undefined);
    expect((await service.cancel(a, job.id)).state).toBe('cancelled');
    expect(published).toEqual([job.id]);
    expect(await answer(service.cancel(a, job.id))).toMatchObject({
      status: 409,
      body: { error: { code: 'JOB_NOT_CANCELLABLE' } },
    });
    expect(await answer(service.output(a, job.id, 'clip-16x9.mp4'))).toMatchObject({ status: 409 });
  });

  it('pages the list with a cursor and checks the query', async () => {
    const page = await service.list(a, { limit: '2' });
    expect(page.items).toHaveLength(2);
    const next = await service.list(a, { limit: '2', cursor: page.nextCursor });
    expect(next.items[0].id < page.items[1].id).toBe(true);
    expect(await answer(service.list(a, { state: 'done' }))).toMatchObject({
      status: 400,
      body: { error: { path: 'query.state' } },
    });
  });

  describe('speech fields', () => {
    const upload = async (workspaceId: string, contentType: string) => {
      const id = uuid7();
      await assets.insert(workspaceId, {
        id,
        name: 'take',
        contentType,
        size: 3,
        sha256: '0'.repeat(64),
        storageKey: `${workspaceId}/assets/${id}`,
        createdAt: new Date(),
      });
      return id;
    };

    it('stores a checked lexicon and an audio upload of the workspace as the voice-over', async () => {
      const take = await upload(a, 'audio/wav');
      const { job } = await service.create(
        a,
        {
          template: 'news-brief',
          data: item,
          lexicon: { entries: [{ grapheme: ' Hualien ', alias: 'hwah lyen' }] },
          voiceOver: `asset:${take}`,
        },
        undefined,
      );
      expect((await jobs.get(a, job.id))?.speech).toEqual({
        lexicon: { entries: [{ grapheme: 'Hualien', alias: 'hwah lyen' }] },
        voiceOver: `asset:${take}`,
      });
      const plain = await service.create(a, { template: 'news-brief', data: item }, undefined);
      expect((await jobs.get(a, plain.job.id))?.speech).toBeNull();
    });

    it('refuses a bad lexicon entry on its path inside the body', async () => {
      const bad = {
        template: 'news-brief',
        data: item,
        lexicon: { entries: [{ grapheme: 'NV', alias: '<x>' }] },
      };
      for (const call of [
        () => service.create(a, bad, undefined),
        () => service.createBatch(a, { ...bad, data: sample }),
      ]) {
        expect(await answer(call())).toMatchObject({
          status: 400,
          body: { error: { code: 'INVALID_ARGUMENT', path: '$.lexicon.entries[0].alias' } },
        });
      }
    });

    it("refuses a voice-over that is not an audio upload of the caller's workspace", async () => {
      const body = (id: string) => ({ template: 'news-brief', data: item, voiceOver: `asset:${id}` });
      const theirs = await upload(b, 'audio/wav');
      const picture = await upload(a, 'image/png');
      expect(await answer(service.create(a, body(theirs), undefined))).toMatchObject({
        status: 400,
        body: { error: { code: 'ASSET_NOT_FOUND', path: '$.voiceOver' } },
      });
      expect(await answer(service.create(a, body(picture), undefined))).toMatchObject({
        status: 400,
        body: { error: { code: 'VOICE_OVER_INVALID', path: '$.voiceOver' } },
      });
      expect(
        await answer(service.create(a, { ...body(picture), voiceOver: '/etc/passwd' }, undefined)),
      ).toMatchObject({
        status: 400,
        body: { error: { path: '$.voiceOver' } },
      });
    });
  });

  it("takes a reporter's script for the story template, stored as the story; errors name the line", async () => {
    const photo = await upload(a);
    const text = `# Barrier opens\n\n![Gates](asset:${photo})\n\nThe barrier *opened* on Monday.\n`;
    const { job } = await service.create(a, { template: 'story', script: { text } }, undefined);
    expect(job.data).toEqual({
      headline: 'Barrier opens',
      paragraphs: [
        {
          text: 'The barrier opened on Monday.',
          line: 5,
          image: { src: `asset:${photo}`, caption: 'Gates', line: 3 },
        },
      ],
    });
    const refused = async (body: unknown) => (await answer(service.create(a, body, undefined))).body.error;
    expect(await refused({ template: 'story', script: { text: '# Only a headline' } })).toEqual({
      code: 'DATA_SCHEMA_MISMATCH',
      message: '$.script.text, line 1: the script has a headline but no paragraph to read',
      path: '$.script.text',
    });
    expect(
      await refused({ template: 'story', script: { text: 'H\n\n![a](photo.jpg)\n\nText.' } }),
    ).toMatchObject({
      code: 'INVALID_ARGUMENT',
      path: '$.script.text',
      message: expect.stringContaining(
        'line 3: the picture "photo.jpg" must be an upload, written asset:<id>',
      ),
    });
    expect(await refused({ template: 'story', script: { text }, data: {} })).toMatchObject({
      path: '$.script',
    });
    expect(await refused({ template: 'story' })).toMatchObject({ path: '$.data' });
  });

  it('takes asset:<id> of its own uploads in the data, and refuses one of another workspace on its field', async () => {
    const mine = await upload(a);
    const theirs = await upload(b);
    const withImage = (id: string) => ({
      ...item,
      properties: { ...item.properties, image: `asset:${id}` },
    });
    const ok = await service.create(a, { template: 'news-brief', data: withImage(mine) }, undefined);
    expect(ok.created).toBe(true);
    const feed = { ...sample, features: [sample.features[0], withImage(theirs)] };
    for (const call of [
      () => service.create(a, { template: 'news-brief', data: withImage(theirs) }, undefined),
      () => service.create(a, { template: 'news-brief', data: withImage(uuid7()) }, undefined),
      () => service.preview(a, 'news-brief', { data: withImage(theirs) }),
    ])
      expect(await answer(call())).toEqual({
        status: 400,
        body: {
          error: {
            code: 'ASSET_NOT_FOUND',
            message: expect.stringContaining('which is not an upload of this workspace'),
            path: '$.data.properties.image',
          },
        },
      });
    queued = [];
    // In a batch the bad item is answered on its own; the good one is queued all the same.
    const batch = await service.createBatch(a, { template: 'news-brief', data: feed });
    expect(batch.items).toEqual([
      {
        index: 0,
        id: expect.any(String),
        path: '$.data.features[0]',
        status: 'queued',
        jobId: batch.jobs[0].id,
      },
      {
        index: 1,
        id: expect.any(String),
        path: '$.data.features[1]',
        status: 'rejected',
        error: expect.objectContaining({
          code: 'ASSET_NOT_FOUND',
          path: '$.data.features[1].properties.image',
        }),
      },
    ]);
    expect(queued).toHaveLength(1);
  });

  it('queues the valid items of a batch and answers each bad one with its code and path', async () => {
    queued = [];
    const bad = { ...item, id: 'bad', properties: { ...item.properties, mag: null } };
    const feed = { ...sample, features: [bad, sample.features[0], { ...bad, id: 'bad2', type: 'Nope' }] };
    const r = await service.createBatch(a, { template: 'news-brief', data: feed });
    expect(r.jobs).toHaveLength(1);
    expect(r.items.map((i) => [i.status, i.status === 'rejected' ? i.error?.code : i.jobId])).toEqual([
      ['rejected', 'DATA_SCHEMA_MISMATCH'],
      ['queued', r.jobs[0].id],
      ['rejected', 'DATA_SCHEMA_MISMATCH'],
    ]);
    expect(r.items[0]).toMatchObject({ error: { path: '$.data.features[0].properties.mag' } });
    expect(queued.map((q) => q.jobId)).toEqual([r.jobs[0].id]);
    // No valid item: nothing is made, and every item's verdict comes back with the 400.
    const none = await answer(
      service.createBatch(a, { template: 'news-brief', data: { ...sample, features: [bad] } }),
    );
    expect(none).toMatchObject({
      status: 400,
      body: {
        error: { code: 'BATCH_REJECTED' },
        items: [{ status: 'rejected', error: { code: 'DATA_SCHEMA_MISMATCH' } }],
      },
    });
  });

  it('accepts a job when Redis is down or slow, leaving the row queued for the reconciler', async () => {
    const offline = new JobsService(
      jobs,
      { queue: async () => undefined, queueAll: () => new Promise<void>(() => undefined) },
      catalog,
      assets,
      {
        publish: () =>
          Promise.reject(Object.assign(new Error('Connection is closed.'), { code: 'ECONNREFUSED' })),
      },
      { dependencyTimeoutMs: 50 },
    );
    const { job, created } = await offline.create(a, { template: 'news-brief', data: item }, 'outage-1');
    expect(created).toBe(true);
    expect((await jobs.get(a, job.id))?.state).toBe('queued');
    // A client retrying with its key gets the same job, not a second one.
    const again = await offline.create(a, { template: 'news-brief', data: item }, 'outage-1');
    expect([again.created, again.job.id]).toEqual([false, job.id]);
    // Cancel does not need Redis either: the row is what workers obey.
    expect((await offline.cancel(a, job.id)).state).toBe('cancelled');
  });

  it('gives absolute output links under PUBLIC_BASE_URL', () => {
    const row = jobs.newRow(a, {
      template: 't',
      data: {},
      select: null,
      aspects: [],
      callbackUrl: null,
      idempotencyKey: null,
      requestHash: null,
      batchId: null,
    });
    const out = [{ name: 'clip 1.mp4', aspect: '16:9', size: 1, contentType: 'video/mp4' }] as never;
    expect(jobView(row, out, 'https://clips.example.com/api').outputs?.[0].href).toBe(
      `https://clips.example.com/api/v1/jobs/${row.id}/outputs/clip%201.mp4`,
    );
    expect(jobView(row, out).outputs?.[0].href).toBe(`/v1/jobs/${row.id}/outputs/clip%201.mp4`);
  });

  it('previews the bound script without rendering', async () => {
    const p = await service.preview(a, 'news-brief', { data: item });
    expect(p.script.length).toBeGreaterThan(20);
    expect(await answer(service.preview(a, 'nope', { data: item }))).toMatchObject({ status: 404 });
  });

  it("previews a reporter's script for the story template, as a job would read it", async () => {
    const text = '# Barrier opens\n\nThe barrier *opened* on Monday.\n\nWork starts in spring.\n';
    const p = await service.preview(a, 'story', { script: { format: 'markdown', text } });
    expect(p.script).toBe('The barrier opened on Monday.\n\nWork starts in spring.');
    expect(await answer(service.preview(a, 'story', {}))).toMatchObject({ status: 400 });
  });
});

describe('toErrorResponse', () => {
  it('never shows an internal message, cause or stack', () => {
    const r = toErrorResponse(
      new ClipwrightError(ErrorCode.FfmpegFailed, 'ffmpeg at /usr/bin failed', { cause: new Error('x') }),
    );
    expect(r).toEqual({
      status: 500,
      body: { error: { code: 'INTERNAL', message: expect.not.stringContaining('ffmpeg') } },
    });
    expect(toErrorResponse(new TypeError('secret'))).toMatchObject({ status: 500 });
    expect(JSON.stringify(toErrorResponse(new TypeError('secret')))).not.toContain('secret');
  });

  it('answers a dependency outage with 503 and Retry-After, never its message', () => {
    const r = toErrorResponse(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:55402'), { code: 'ECONNREFUSED' }),
    );
    expect(r).toMatchObject({
      status: 503,
      body: { error: { code: 'UNAVAILABLE' } },
      headers: { 'retry-after': '5' },
    });
    expect(JSON.stringify(r)).not.toMatch(/127|55402|ECONNREFUSED/);
  });

  it('answers a body of the wrong type or charset 415, with the header at fault', () => {
    const r = toErrorResponse(
      new ServiceError(ServiceErrorCode.UnsupportedMediaType, 'The body must be UTF-8, not utf-16', {
        path: 'header:Content-Type',
      }),
    );
    expect(r).toMatchObject({
      status: 415,
      body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE', path: 'header:Content-Type' } },
    });
  });

  it('maps body-parser errors and our own', () => {
    expect(toErrorResponse({ type: 'entity.too.large' }).status).toBe(413);
    expect(toErrorResponse({ type: 'entity.parse.failed' }).body.error.code).toBe('DATA_INVALID_JSON');
    expect(toErrorResponse(ApiError.notFound('job x', 'id'))).toEqual({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'No job x', path: 'id' } },
    });
  });
});
