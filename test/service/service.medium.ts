/**
 * Service mode end to end, as a client uses it: the real API and workers as child processes,
 * real Redis, PostgreSQL and S3 (s3rver), real ffmpeg and espeak-ng. Covers the main path (queue,
 * progress over SSE, download, ffprobe), idempotency, workspace isolation, bad input answered
 * with a stable code and field, cancellation, a worker SIGKILLed mid-render, and signed webhooks
 * to a receiver in this process (WEBHOOKS_ALLOW_LOOPBACK=true, which only tests may set).
 */
import { execFileSync } from 'node:child_process';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCanvas } from '@napi-rs/canvas';
import { Webhook } from 'standardwebhooks';
import { readFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AppProcess,
  createKey,
  readSse,
  ServiceEnv,
  serviceEnv,
  sleep,
  startApi,
  startWorker,
} from './service.harness';

jest.setTimeout(600_000);

const sample = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../templates/news-brief/sample.geojson'), 'utf8'),
) as { features: unknown[] };
const item = sample.features[0] as { properties: Record<string, unknown> };
const body = (over: Record<string, unknown> = {}) => ({
  template: 'news-brief',
  data: item,
  aspects: ['16:9'],
  ...over,
});

/** A one-colour PNG: a photo whose pixels the test knows. */
function solidPng(color: string): Buffer {
  const c = createCanvas(64, 48);
  const ctx = c.getContext('2d');
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, 64, 48);
  return c.toBuffer('image/png');
}

function uploadAsset(bytes: Buffer, key: string, name = 'photo.png') {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  return fetch(`${api.url}/v1/assets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: form,
  });
}

/** OpenAPI 3.0's `nullable` as JSON Schema's type union, so ajv can check answers against the document. */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema))
    if (k !== 'nullable' && k !== 'example') out[k] = toJsonSchema(v);
  const s = schema as { nullable?: boolean; type?: string; enum?: unknown[] };
  if (s.nullable && s.type) out.type = [s.type, 'null'];
  if (s.nullable && s.enum) out.enum = [...s.enum, null];
  if (s.nullable && !s.type && !s.enum) return { anyOf: [out, { type: 'null' }] };
  if (typeof out.$ref === 'string') return { $ref: out.$ref };
  return out;
}

/** Loose view of a JSON response: tests read the fields they assert. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let svc: ServiceEnv;
let api: { proc: AppProcess; url: string; metricsUrl: string | null };
let worker: AppProcess | undefined;
let keyA: string;
let keyB: string;

async function call(
  method: string,
  route: string,
  opts: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  const key = opts.key === undefined ? keyA : opts.key;
  if (key) headers.authorization = `Bearer ${key}`;
  if ((opts.body !== undefined || opts.raw !== undefined) && !headers['content-type'])
    headers['content-type'] = 'application/json';
  const res = await fetch(`${api.url}${route}`, {
    method,
    headers,
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    redirect: 'manual',
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json: json as Json, headers: res.headers };
}

async function waitFor(id: string, test: (job: Json) => boolean, key = keyA, timeoutMs = 480_000) {
  const t0 = Date.now();
  for (;;) {
    const { json } = await call('GET', `/v1/jobs/${id}`, { key });
    if (test(json)) return json;
    if (Date.now() - t0 > timeoutMs) throw new Error(`job ${id} never got there: ${JSON.stringify(json)}`);
    await sleep(150);
  }
}

function renderLogs(proc: AppProcess, jobId: string, msg: string) {
  return proc.logs().filter((l) => l.jobId === jobId && l.msg === msg);
}

beforeAll(async () => {
  svc = await serviceEnv({
    MAX_BODY_BYTES: '200000',
    MAX_ASSET_BYTES: '4096',
    WORKER_LOCK_MS: '3000',
    WORKER_STALLED_INTERVAL_MS: '1000',
    WEBHOOKS_ALLOW_LOOPBACK: 'true',
  });
  api = await startApi(svc.env);
  keyA = await createKey(svc.env.DATABASE_URL as string, 'newsroom-a');
  keyB = await createKey(svc.env.DATABASE_URL as string, 'newsroom-b');
});

afterAll(async () => {
  await worker?.stop();
  await api?.proc.stop();
  await svc?.dropDatabase();
});

describe('a job from request to downloaded clip', () => {
  beforeAll(async () => {
    worker = await startWorker(svc.env);
  });

  it('queues, reports progress over SSE, completes, and serves an MP4 that ffprobe reads', async () => {
    // The title open shows a photo uploaded first and named by id in the data.
    const photo = await uploadAsset(solidPng('#E03020'), keyA);
    expect(photo.status).toBe(201);
    const photoRef = `asset:${((await photo.json()) as Json).id as string}`;
    const withPhoto = { ...item, properties: { ...item.properties, image: photoRef } };
    const notTheirs = await call('POST', '/v1/jobs', { key: keyB, body: body({ data: withPhoto }) });
    expect([notTheirs.status, notTheirs.json.error?.path]).toEqual([400, '$.data.properties.image']);

    const created = await call('POST', '/v1/jobs', {
      body: body({ data: withPhoto }),
      headers: { 'idempotency-key': 'brief-1' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ state: 'queued', template: 'news-brief', aspects: ['16:9'] });
    const id = created.json.id as string;

    const res = await fetch(`${api.url}/v1/jobs/${id}/events`, {
      headers: { authorization: `Bearer ${keyA}` },
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readSse(res);
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data as Json);
    expect(progress.length).toBeGreaterThan(2);
    const fractions = progress.map((p) => p.progress as number);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(new Set(progress.map((p) => p.stage)).size).toBeGreaterThan(2);
    const end = events[events.length - 1];
    expect(end.event).toBe('end');
    expect(end.data).toMatchObject({ id, state: 'completed', progress: 1 });

    const job = (await call('GET', `/v1/jobs/${id}`)).json;
    expect(job.outputs.map((o: { name: string }) => o.name)).toEqual([
      'captions.srt',
      'captions.ttml',
      'captions.vtt',
      'clip-16x9.mp4',
      'result.json',
      'script.txt',
    ]);
    // A plain GET (curl -o) gets the MP4 itself; ?redirect=true a presigned URL that works as well.
    const streamed = await fetch(`${api.url}/v1/jobs/${id}/outputs/clip-16x9.mp4`, {
      headers: { authorization: `Bearer ${keyA}` },
      redirect: 'manual',
    });
    expect([streamed.status, streamed.headers.get('content-type')]).toEqual([200, 'video/mp4']);
    const mp4 = Buffer.from(await streamed.arrayBuffer());
    const dl = await call('GET', `/v1/jobs/${id}/outputs/clip-16x9.mp4?redirect=true`);
    expect(dl.status).toBe(302);
    const viaUrl = Buffer.from(await (await fetch(dl.headers.get('location') as string)).arrayBuffer());
    expect(viaUrl.equals(mp4)).toBe(true);
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'cw-e2e-')), 'clip.mp4');
    await fs.writeFile(file, mp4);
    const probe = JSON.parse(
      execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], {
        encoding: 'utf8',
      }),
    );
    const codecs = probe.streams.map((s: { codec_name: string }) => s.codec_name).sort();
    // Video, sound, and the captions as a mov_text subtitle track.
    expect(codecs).toEqual(['aac', 'h264', 'mov_text']);
    const video = probe.streams.find((s: { codec_type: string }) => s.codec_type === 'video');
    expect([video.width, video.height]).toEqual([1920, 1080]);
    expect(Number(probe.format.duration)).toBeGreaterThan(5);
    expect(mp4.length).toBe(job.outputs.find((o: { name: string }) => o.name === 'clip-16x9.mp4').size);
    // One second in (the title open), the right edge is the photo's red, not the studio's blue.
    const [r, g, b] = execFileSync('ffmpeg', [
      ...['-v', 'error', '-ss', '1', '-i', file, '-frames:v', '1'],
      ...['-vf', 'crop=16:16:1890:532,scale=1:1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    ]);
    expect(r).toBeGreaterThan(g + 40);
    expect(r).toBeGreaterThan(b + 40);

    // Same key, same body: the same job; same key, another body: a conflict.
    const again = await call('POST', '/v1/jobs', {
      body: body({ data: withPhoto }),
      headers: { 'idempotency-key': 'brief-1' },
    });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(id);
    const other = await call('POST', '/v1/jobs', {
      body: body({ aspects: ['9:16'] }),
      headers: { 'idempotency-key': 'brief-1' },
    });
    expect(other.status).toBe(409);
    expect(other.json.error).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      path: 'header:Idempotency-Key',
    });
    // The same key in another workspace is another job.
    const inB = await call('POST', '/v1/jobs', {
      key: keyB,
      body: body({ aspects: ['9:16'] }),
      headers: { 'idempotency-key': 'brief-1' },
    });
    expect(inB.status).toBe(201);
    expect(inB.json.id).not.toBe(id);
    await call('POST', `/v1/jobs/${inB.json.id}/cancel`, { key: keyB });

    // Workspace B sees nothing of A's job.
    for (const route of [`/v1/jobs/${id}`, `/v1/jobs/${id}/events`, `/v1/jobs/${id}/outputs/clip-16x9.mp4`]) {
      const r = await call('GET', route, { key: keyB });
      expect([route, r.status, r.json.error?.code]).toEqual([route, 404, 'NOT_FOUND']);
    }
    const cancelByB = await call('POST', `/v1/jobs/${id}/cancel`, { key: keyB });
    expect(cancelByB.status).toBe(404);
    const listB = await call('GET', '/v1/jobs?limit=100', { key: keyB });
    expect(listB.json.items.map((j: { id: string }) => j.id)).not.toContain(id);
    const listA = await call('GET', '/v1/jobs?state=completed&template=news-brief', { key: keyA });
    expect(listA.json.items.map((j: { id: string }) => j.id)).toContain(id);

    // A finished job cannot be cancelled; metrics saw it.
    const late = await call('POST', `/v1/jobs/${id}/cancel`);
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe('JOB_NOT_CANCELLABLE');
    // Metrics are on their own listener; the API port has none without METRICS_TOKEN.
    expect((await fetch(`${api.url}/metrics`)).status).toBe(404);
    const metrics = await (await fetch(`${api.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/clipwright_jobs\{state="completed"\} [1-9]/);
    expect(metrics).toMatch(/clipwright_render_seconds_count [1-9]/);
    expect(metrics).toContain('clipwright_queue_depth{queue="render",state="waiting"}');
  });

  it('posts a signed job.completed webhook, retried after a 503, with every attempt recorded', async () => {
    const got: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(got.length === 1 ? 503 : 200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/cw`;
      const secretA = (await call('GET', '/v1/webhooks/secret')).json.secret as string;
      expect(secretA).toMatch(/^whsec_/);
      const secretB = (await call('GET', '/v1/webhooks/secret', { key: keyB })).json.secret as string;
      expect(secretB).not.toBe(secretA);

      const created = await call('POST', '/v1/jobs', { body: body({ callbackUrl }) });
      expect([created.status, created.json.callbackUrl]).toEqual([201, callbackUrl]);
      const id = created.json.id as string;
      await waitFor(id, (j) => j.state === 'completed');
      const t0 = Date.now();
      while (got.length < 2 && Date.now() - t0 < 30_000) await sleep(100);

      expect(got).toHaveLength(2);
      for (const g of got) {
        const payload = new Webhook(secretA).verify(g.body, g.headers as Record<string, string>) as Json;
        expect(payload).toMatchObject({ type: 'job.completed', data: { jobId: id, state: 'completed' } });
        expect(payload.data.outputs).toContain(`/v1/jobs/${id}/outputs/clip-16x9.mp4`);
        expect(() => new Webhook(secretB).verify(g.body, g.headers as Record<string, string>)).toThrow();
      }
      expect(got[1].headers['webhook-id']).toBe(got[0].headers['webhook-id']);

      let log: Json = {};
      for (const t1 = Date.now(); Date.now() - t1 < 10_000; await sleep(100)) {
        log = (await call('GET', `/v1/jobs/${id}/webhooks`)).json;
        if (log.items?.length >= 2) break;
      }
      expect(log.items.map((d: Json) => [d.attempt, d.status, d.event, d.url])).toEqual([
        [1, 503, 'job.completed', callbackUrl],
        [2, 200, 'job.completed', callbackUrl],
      ]);
      expect(log.items[0].durationMs).toEqual(expect.any(Number));
      expect((await call('GET', `/v1/jobs/${id}/webhooks`, { key: keyB })).status).toBe(404);
      // Nothing more arrives: one event, delivered once.
      await sleep(1500);
      expect(got).toHaveLength(2);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('cancels a running render: ffmpeg is stopped, the job never completes, no outputs appear', async () => {
    const { status, json } = await call('POST', '/v1/jobs', { body: body() });
    expect([status, json.state]).toEqual([201, 'queued']);
    const id = json.id as string;
    await waitFor(id, (j) => j.state === 'active' && j.progress > 0.05);
    const cancelled = await call('POST', `/v1/jobs/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.state).toBe('cancelled');
    await worker!.waitForLog((l) => l.jobId === id && l.msg === 'render cancelled', 30_000);
    await sleep(500);
    const after = await call('GET', `/v1/jobs/${id}`);
    expect(after.json).toMatchObject({ state: 'cancelled', outputs: [] });
    const dl = await call('GET', `/v1/jobs/${id}/outputs/clip-16x9.mp4`);
    expect(dl.json.error.code).toBe('OUTPUT_NOT_READY');
    expect(renderLogs(worker!, id, 'render completed')).toHaveLength(0);
  });

  it('answers public health with a status only, and the details on the metrics listener', async () => {
    const res = await fetch(`${api.url}/health`);
    expect([res.status, await res.json()]).toEqual([200, { status: 'ok' }]);
    const details = await fetch(`${api.metricsUrl}/health/details`);
    const h = (await details.json()) as { checks: Record<string, { ok: boolean }> };
    expect(Object.keys(h.checks).sort()).toEqual(['db', 'ffmpeg', 'redis', 'storage']);
    expect(JSON.stringify(h)).not.toMatch(/127\.0\.0\.1|postgres:|redis:/);
  });

  afterAll(async () => {
    await worker?.stop();
    worker = undefined;
  });
});

describe('bad input: 4xx with a stable code and the field at fault, never a 500', () => {
  const feed = { type: 'FeatureCollection', features: [item, item] };
  const cases: [string, string, string, Parameters<typeof call>[2], number, string, string | undefined][] = [
    ['no key', 'GET', '/v1/jobs', { key: null }, 401, 'UNAUTHENTICATED', 'header:Authorization'],
    [
      'unknown key',
      'GET',
      '/v1/jobs',
      { key: 'cw_' + 'x'.repeat(43) },
      401,
      'UNAUTHENTICATED',
      'header:Authorization',
    ],
    [
      'malformed header',
      'GET',
      '/v1/jobs',
      { key: null, headers: { authorization: 'Basic abc' } },
      401,
      'UNAUTHENTICATED',
      'header:Authorization',
    ],
    [
      'template not a string',
      'POST',
      '/v1/jobs',
      { body: body({ template: 5 }) },
      400,
      'INVALID_ARGUMENT',
      '$.template',
    ],
    [
      'unknown template',
      'POST',
      '/v1/jobs',
      { body: body({ template: 'no-such' }) },
      400,
      'TEMPLATE_NOT_FOUND',
      '$.template',
    ],
    [
      'template id with a path',
      'POST',
      '/v1/jobs',
      { body: body({ template: '../etc' }) },
      400,
      'TEMPLATE_NOT_FOUND',
      '$.template',
    ],
    [
      'missing data',
      'POST',
      '/v1/jobs',
      { body: { template: 'news-brief' } },
      400,
      'INVALID_ARGUMENT',
      '$.data',
    ],
    [
      'data of the wrong type',
      'POST',
      '/v1/jobs',
      { body: body({ data: { ...item, properties: { ...item.properties, mag: 'big' } } }) },
      400,
      'DATA_SCHEMA_MISMATCH',
      '$.data.properties.mag',
    ],
    [
      'unknown field',
      'POST',
      '/v1/jobs',
      { body: body({ colour: 'red' }) },
      400,
      'INVALID_ARGUMENT',
      '$.colour',
    ],
    [
      'aspect the template lacks',
      'POST',
      '/v1/jobs',
      { body: body({ aspects: ['4:3'] }) },
      400,
      'ASPECT_UNKNOWN',
      '$.aspects[0]',
    ],
    [
      'feed without select',
      'POST',
      '/v1/jobs',
      { body: body({ data: feed }) },
      400,
      'SELECT_REQUIRED',
      '$.select',
    ],
    [
      'select out of range',
      'POST',
      '/v1/jobs',
      { body: body({ data: feed, select: 7 }) },
      400,
      'SELECT_OUT_OF_RANGE',
      '$.select',
    ],
    [
      'callback not http',
      'POST',
      '/v1/jobs',
      { body: body({ callbackUrl: 'ftp://x.test/' }) },
      400,
      'INVALID_ARGUMENT',
      '$.callbackUrl',
    ],
    [
      'callback to a private address',
      'POST',
      '/v1/jobs',
      { body: body({ callbackUrl: 'http://10.0.0.1/hook' }) },
      400,
      'CALLBACK_URL_FORBIDDEN',
      '$.callbackUrl',
    ],
    [
      'callback to the cloud metadata address',
      'POST',
      '/v1/jobs',
      { body: body({ callbackUrl: 'http://169.254.169.254/' }) },
      400,
      'CALLBACK_URL_FORBIDDEN',
      '$.callbackUrl',
    ],
    [
      'batch callback to a private address',
      'POST',
      '/v1/batches',
      { body: body({ callbackUrl: 'http://192.168.0.10/hook' }) },
      400,
      'CALLBACK_URL_FORBIDDEN',
      '$.callbackUrl',
    ],
    ['body not JSON', 'POST', '/v1/jobs', { raw: '{"template": ' }, 400, 'DATA_INVALID_JSON', '$'],
    [
      'data nested too deep',
      'POST',
      '/v1/jobs',
      { raw: `{"template":"news-brief","data":${'['.repeat(2000)}${']'.repeat(2000)}}` },
      400,
      'JSON_TOO_DEEP',
      '$.data' + '[0]'.repeat(63),
    ],
    [
      'a number that parses to Infinity',
      'POST',
      '/v1/batches',
      { raw: JSON.stringify(body()).replace(/"time":\d+/, '"time":1e400') },
      400,
      'NUMBER_NOT_FINITE',
      '$.data.properties.time',
    ],
    [
      'a time outside what a date can hold',
      'POST',
      '/v1/jobs',
      { body: body({ data: { ...item, properties: { ...item.properties, time: 1e20 } } }) },
      400,
      'DATA_SCHEMA_MISMATCH',
      '$.data.properties.time',
    ],
    [
      'a UTF-16 body',
      'POST',
      '/v1/jobs',
      { body: body(), headers: { 'content-type': 'application/json; charset=utf-16' } },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'header:Content-Type',
    ],
    [
      'a body that is not JSON by its type',
      'POST',
      '/v1/templates/news-brief/preview',
      { body: { data: item }, headers: { 'content-type': 'text/plain' } },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'header:Content-Type',
    ],
    [
      'oversize body',
      'POST',
      '/v1/jobs',
      { raw: JSON.stringify(body({ pad: 'x'.repeat(300_000) })) },
      413,
      'PAYLOAD_TOO_LARGE',
      undefined,
    ],
    [
      'idempotency key with a space',
      'POST',
      '/v1/jobs',
      { body: body(), headers: { 'idempotency-key': 'a b' } },
      400,
      'INVALID_ARGUMENT',
      'header:Idempotency-Key',
    ],
    [
      'idempotency key too long',
      'POST',
      '/v1/jobs',
      { body: body(), headers: { 'idempotency-key': 'k'.repeat(201) } },
      400,
      'INVALID_ARGUMENT',
      'header:Idempotency-Key',
    ],
    [
      'grace period over a week',
      'POST',
      '/v1/webhooks/secret/rotate',
      { body: { graceHours: 169 } },
      400,
      'INVALID_ARGUMENT',
      '$.graceHours',
    ],
    ['unknown state filter', 'GET', '/v1/jobs?state=done', {}, 400, 'INVALID_ARGUMENT', 'query.state'],
    ['limit too large', 'GET', '/v1/jobs?limit=1000', {}, 400, 'INVALID_ARGUMENT', 'query.limit'],
    ['cursor not an id', 'GET', '/v1/jobs?cursor=abc', {}, 400, 'INVALID_ARGUMENT', 'query.cursor'],
    ['job id not a uuid', 'GET', '/v1/jobs/abc', {}, 404, 'NOT_FOUND', 'id'],
    ['job id of nobody', 'GET', '/v1/jobs/01a20000-0000-7000-8000-000000000000', {}, 404, 'NOT_FOUND', 'id'],
    ['unknown template by URL', 'GET', '/v1/templates/no-such', {}, 404, 'TEMPLATE_NOT_FOUND', 'id'],
    ['unknown route', 'GET', '/v1/nothing', {}, 404, 'NOT_FOUND', undefined],
  ];

  it.each(cases)('%s', async (_name, method, route, opts, status, code, field) => {
    const r = await call(method, route, opts);
    expect(r.status).toBe(status);
    expect(r.json.error.code).toBe(code);
    if (field !== undefined) expect(r.json.error.path).toBe(field);
    expect(JSON.stringify(r.json)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('makes no job for any of them', async () => {
    const { json } = await call('GET', '/v1/jobs?state=queued');
    expect(json.items).toEqual([]);
  });
});

describe('templates and batches', () => {
  it('lists templates, serves the input schema and previews the script without rendering', async () => {
    const list = await call('GET', '/v1/templates');
    expect(list.json.items.map((t: { id: string }) => t.id)).toContain('news-brief');
    const schema = await call('GET', '/v1/templates/news-brief/schema');
    expect(schema.json.type).toBe('object');
    const preview = await call('POST', '/v1/templates/news-brief/preview', { body: { data: item } });
    expect(preview.status).toBe(200);
    expect(preview.json.script).toMatch(/magnitude/i);
    const bad = await call('POST', '/v1/templates/news-brief/preview', { body: { data: { type: 'x' } } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('DATA_SCHEMA_MISMATCH');
  });

  it('makes one job per feed item under one batch id, listed by batch and paged by cursor', async () => {
    const features = [0, 1, 2].map((n) => ({ ...item, id: `item-${n}` }));
    const feed = { type: 'FeatureCollection', features };
    const r = await call('POST', '/v1/batches', {
      body: { template: 'news-brief', data: feed, aspects: ['16:9'] },
    });
    expect(r.status).toBe(201);
    expect(r.json.jobs).toHaveLength(3);
    const batch = r.json.batchId as string;
    const page1 = await call('GET', `/v1/jobs?batch=${batch}&limit=2`);
    expect(page1.json.items).toHaveLength(2);
    const page2 = await call('GET', `/v1/jobs?batch=${batch}&limit=2&cursor=${page1.json.nextCursor}`);
    expect(page2.json.items).toHaveLength(1);
    expect(page2.json.nextCursor).toBeNull();
    const ids = [...page1.json.items, ...page2.json.items].map((j: { id: string }) => j.id).sort();
    expect(ids).toEqual(r.json.jobs.map((j: { id: string }) => j.id).sort());
    for (const id of ids) await call('POST', `/v1/jobs/${id}/cancel`);
  });

  it('serves an OpenAPI document that validates, documents every operation, and whose examples work', async () => {
    const res = await fetch(`${api.url}/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Json;
    const { validate } = await import('@readme/openapi-parser');
    const verdict = (await validate(structuredClone(doc) as never)) as { valid: boolean; errors?: unknown };
    expect(verdict.errors ?? []).toEqual([]);
    expect(verdict).toMatchObject({ valid: true });
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/jobs', '/v1/jobs/{id}/events']));
    for (const [route, ops] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
      for (const [method, op] of Object.entries(ops)) {
        const ok = Object.keys(op.responses).filter((s) => s.startsWith('2'));
        expect([route, method, ok.length > 0]).toEqual([route, method, true]);
        expect([route, method, op.responses['500']?.content]).toEqual([route, method, expect.anything()]);
        if (method === 'post' && !/\/(cancel|revoke|rerun)$/.test(route))
          expect([route, method, op.requestBody?.content]).toEqual([route, method, expect.anything()]);
      }
    }
    // "Try it out": Swagger sends the documented example as it is; for a job create, that makes a job.
    const example = doc.paths['/v1/jobs'].post.requestBody.content['application/json'].example;
    const tried = await call('POST', '/v1/jobs', { body: example });
    expect(tried.status).toBe(201);
    // The answer matches the documented schema: the document cannot drift from what the API sends.
    const Ajv = (await import('ajv')).default;
    const ajv = new Ajv({ strict: false });
    const schemas = doc.components.schemas as Record<string, Json>;
    for (const [name, schema] of Object.entries(schemas))
      ajv.addSchema(toJsonSchema(schema) as object, `#/components/schemas/${name}`);
    const checkJob = ajv.compile({ $ref: '#/components/schemas/Job' });
    expect([checkJob(tried.json), checkJob.errors]).toEqual([true, null]);
    const bad = await call('POST', '/v1/jobs', { body: { template: 5 } });
    const checkError = ajv.compile({ $ref: '#/components/schemas/Error' });
    expect(checkError(bad.json)).toBe(true);
    await call('POST', `/v1/jobs/${tried.json.id}/cancel`);
    // Swagger UI itself is served.
    expect((await fetch(`${api.url}/docs`)).status).toBe(200);
  });
});

describe('assets', () => {
  const upload = (bytes: Buffer, key = keyA, name = 'photo.png') => uploadAsset(bytes, key, name);
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(100)]);

  it('stores an upload with the type its bytes show, scoped to the workspace', async () => {
    const res = await upload(png, keyA, 'photo.txt');
    expect(res.status).toBe(201);
    const asset = (await res.json()) as Json;
    expect(asset).toMatchObject({ contentType: 'image/png', size: 108, name: 'photo.txt' });
    expect((await call('GET', `/v1/assets/${asset.id}`)).status).toBe(200);
    const other = await call('GET', `/v1/assets/${asset.id}`, { key: keyB });
    expect([other.status, other.json.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('refuses a file whose bytes are no media type, and one over the size limit', async () => {
    const text = await upload(Buffer.from('#!/bin/sh\necho hi\n'), keyA, 'photo.png');
    expect(text.status).toBe(415);
    expect(((await text.json()) as Json).error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      path: 'form:file',
    });
    const big = await upload(Buffer.concat([png, Buffer.alloc(5000)]));
    expect(big.status).toBe(413);
    expect(((await big.json()) as Json).error.code).toBe('PAYLOAD_TOO_LARGE');
    const none = await call('POST', '/v1/assets', { body: {} });
    expect([none.status, none.json.error.path]).toEqual([400, 'form:file']);
  });
});

describe('a worker killed mid-render', () => {
  it('leaves the job to another worker, which finishes it exactly once', async () => {
    const first = await startWorker(svc.env);
    const { status, json } = await call('POST', '/v1/jobs', { body: body() });
    expect([status, json.state]).toEqual([201, 'queued']);
    const id = json.id as string;
    await waitFor(id, (j) => j.state === 'active' && j.progress > 0.2);
    first.child.kill('SIGKILL');
    await first.exit();
    // No partial output is visible while nobody works on it.
    const mid = await call('GET', `/v1/jobs/${id}`);
    expect(mid.json).toMatchObject({ state: 'active', outputs: [] });

    // The killed worker's staging folder stays behind; the next worker to start sweeps it away.
    const staging = svc.env.STAGING_DIR as string;
    const left = (await fs.readdir(staging)).filter((n) => n.startsWith(`${id}-${first.child.pid}`));
    expect(left).toHaveLength(1);
    const second = await startWorker(svc.env);
    try {
      expect(await fs.readdir(staging)).not.toContain(left[0]);
      const done = await waitFor(id, (j) => j.state === 'completed', keyA, 180_000);
      // Two runs started: attempts says so.
      expect(done.attempts).toBe(2);
      expect(done.outputs.map((o: { name: string }) => o.name)).toContain('clip-16x9.mp4');
      await sleep(1500);
      expect(renderLogs(first, id, 'render completed')).toHaveLength(0);
      expect(renderLogs(second, id, 'render started')).toHaveLength(1);
      expect(renderLogs(second, id, 'render completed')).toHaveLength(1);
      expect((await call('GET', `/v1/jobs/${id}`)).json.outputs).toHaveLength(6);
    } finally {
      await second.stop();
    }
  });
});

describe('boot', () => {
  it('refuses to start on a bad setting, naming the variable', async () => {
    const { startApp } = await import('./service.harness');
    const proc = startApp('api', { ...svc.env, WORKER_CONCURRENCY: 'many' });
    expect(await proc.exit()).toBe(1);
    expect(proc.lines.join('\n')).toContain('"variable":"WORKER_CONCURRENCY"');
  });
});

describe('webhook secret rotation', () => {
  it("rotates only the caller's secret, keeping the old one valid for the grace period", async () => {
    const before = (await call('GET', '/v1/webhooks/secret', { key: keyB })).json;
    expect(before).toMatchObject({ scheme: 'standard-webhooks-v1', previousValidUntil: null });
    const otherBefore = (await call('GET', '/v1/webhooks/secret')).json.secret as string;
    const rotated = await call('POST', '/v1/webhooks/secret/rotate', { key: keyB, body: { graceHours: 2 } });
    expect(rotated.status).toBe(200);
    expect(rotated.json.secret).toMatch(/^whsec_/);
    expect(rotated.json.secret).not.toBe(before.secret);
    const until = Date.parse(rotated.json.previousValidUntil as string);
    expect(Math.abs(until - Date.now() - 2 * 3_600_000)).toBeLessThan(60_000);
    expect((await call('GET', '/v1/webhooks/secret', { key: keyB })).json).toEqual(rotated.json);
    // No body at all: the 24 hour default.
    const bare = await call('POST', '/v1/webhooks/secret/rotate', { key: keyB });
    expect(bare.status).toBe(200);
    expect(Date.parse(bare.json.previousValidUntil as string) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect((await call('GET', '/v1/webhooks/secret')).json.secret).toBe(otherBefore);
  });
});
