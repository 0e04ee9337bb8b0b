/**
 * Image jobs through the real service (issue 12): the API and workers as child processes, real
 * Redis, PostgreSQL and S3 (s3rver), and a generate worker running the real diffusion engine on tiny
 * generated model folders with the diffusers ONNX signatures (libs/diffusion fixtures). Covers the
 * separate generate queue (a render-only worker leaves image jobs alone), request checks with the
 * field at fault, the models the workers advertise, progress, the PNG downloaded at the asked size,
 * signed webhooks, upscaling an uploaded picture, and a generate worker SIGKILLed mid-job.
 */
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { Webhook } from 'standardwebhooks';
import { writeTinyDiffusionModel } from '../../libs/diffusion/src/fixtures/tiny-model-folder.fixture';
import { buildTinyUpscaler } from '../../libs/diffusion/src/fixtures/tiny-upscaler.fixture';
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const modelsRoot = path.resolve(__dirname, '../../.tmp/images-medium-models');
let svc: ServiceEnv;
let api: { proc: AppProcess; url: string };
let keyA: string;
let keyB: string;
let generateEnv: NodeJS.ProcessEnv;

async function call(
  method: string,
  route: string,
  opts: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { authorization: `Bearer ${opts.key ?? keyA}`, ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${api.url}${route}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch {
    json = { text };
  }
  return { status: res.status, json };
}

async function waitFor(id: string, test: (job: Json) => boolean, timeoutMs = 240_000): Promise<Json> {
  const t0 = Date.now();
  for (;;) {
    const { json } = await call('GET', `/v1/jobs/${id}`);
    if (test(json)) return json;
    if (Date.now() - t0 > timeoutMs) throw new Error(`job ${id} never got there: ${JSON.stringify(json)}`);
    await sleep(100);
  }
}

/** Width and height from a PNG's IHDR, after checking the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function download(href: string): Promise<Buffer> {
  const res = await fetch(`${api.url}${href}`, { headers: { authorization: `Bearer ${keyA}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/png');
  return Buffer.from(await res.arrayBuffer());
}

beforeAll(async () => {
  await fs.rm(modelsRoot, { recursive: true, force: true });
  await writeTinyDiffusionModel(path.join(modelsRoot, 'diffusion', 'tiny-turbo'), { family: 'sd-turbo' });
  await writeTinyDiffusionModel(path.join(modelsRoot, 'diffusion', 'tiny-sd'), { family: 'sd1' });
  await fs.mkdir(path.join(modelsRoot, 'upscale'), { recursive: true });
  await fs.writeFile(path.join(modelsRoot, 'upscale', 'tiny-x2.onnx'), buildTinyUpscaler({ scale: 2 }));
  svc = await serviceEnv({
    WORKER_LOCK_MS: '5000',
    WORKER_STALLED_INTERVAL_MS: '1000',
    RECONCILE_INTERVAL_MS: '2000',
    WEBHOOKS_ALLOW_LOOPBACK: 'true',
    CLIPWRIGHT_DIFFUSION_MODELS: path.join(modelsRoot, 'diffusion'),
    CLIPWRIGHT_UPSCALE_MODELS: path.join(modelsRoot, 'upscale'),
  });
  generateEnv = { ...svc.env, WORKER_QUEUES: 'generate', CLIPWRIGHT_DIFFUSION_PROVIDER: 'cpu' };
  api = await startApi(svc.env);
  keyA = await createKey(svc.env.DATABASE_URL as string, 'studio-a');
  keyB = await createKey(svc.env.DATABASE_URL as string, 'studio-b');
});

afterAll(async () => {
  await api?.proc.stop();
  await svc?.dropDatabase();
  await fs.rm(modelsRoot, { recursive: true, force: true });
});

describe('the generate queue', () => {
  it('is left alone by render workers; a generate worker runs it, failing a model it lacks with MODEL_NOT_FOUND', async () => {
    const render = await startWorker(svc.env);
    let first: Json;
    let unknown: Json;
    try {
      expect((await call('GET', '/v1/models')).json).toEqual({ workers: [], models: [], upscalers: [] });
      first = (
        await call('POST', '/v1/images', {
          body: { model: 'tiny-turbo', prompt: 'a lighthouse', width: 96, height: 64, seed: 3 },
        })
      ).json;
      expect(first).toMatchObject({ kind: 'image', state: 'queued', template: 'tiny-turbo' });
      // With no generate worker advertising, the API cannot know the model is missing: accepted.
      const res = await call('POST', '/v1/images', { body: { model: 'not-installed', prompt: 'x' } });
      expect(res.status).toBe(201);
      unknown = res.json;
      await sleep(2500);
      expect((await call('GET', `/v1/jobs/${first.id as string}`)).json.state).toBe('queued');
      expect(render.logs().filter((l) => l.jobId === first.id)).toEqual([]);
    } finally {
      await render.stop();
    }
    const gen = await startWorker(generateEnv);
    try {
      const done = await waitFor(first.id as string, (j) => j.state === 'completed');
      expect(done.outputs.map((o: Json) => o.name)).toEqual(['image-1.png']);
      expect(pngSize(await download(done.outputs[0].href as string))).toEqual({ width: 96, height: 64 });
      expect(done.result).toMatchObject({ kind: 'image', executionProvider: 'cpu', images: [{ seed: 3 }] });
      const failed = await waitFor(unknown.id as string, (j) => j.state === 'failed');
      expect(failed.error).toMatchObject({ code: 'MODEL_NOT_FOUND', path: '$.model' });
      expect(failed.attempts).toBe(1);
    } finally {
      await gen.stop();
    }
  });
});

describe('with a generate worker', () => {
  let gen: AppProcess;
  beforeAll(async () => {
    gen = await startWorker(generateEnv);
  });
  afterAll(async () => {
    await gen?.stop();
  });

  it('lists what the workers advertise and refuses bad requests with the field at fault', async () => {
    const models = (await call('GET', '/v1/models')).json;
    expect(models.models.map((m: Json) => [m.id, m.family, m.providers])).toEqual([
      ['tiny-sd', 'sd1', ['cpu']],
      ['tiny-turbo', 'sd-turbo', ['cpu']],
    ]);
    expect(models.upscalers).toEqual(['tiny-x2']);
    expect(models.workers).toHaveLength(1);
    const bad: [unknown, number, string, string][] = [
      [{ model: 'nope', prompt: 'x' }, 400, 'MODEL_NOT_FOUND', '$.model'],
      [{ model: 'tiny-sd', prompt: 'x', width: 100 }, 400, 'IMAGE_REQUEST_INVALID', '$.width'],
      [{ model: 'tiny-sd', prompt: 'x', steps: 0 }, 400, 'IMAGE_REQUEST_INVALID', '$.steps'],
      [{ model: 'tiny-sd', prompt: 'x', seed: -1 }, 400, 'IMAGE_REQUEST_INVALID', '$.seed'],
      [{ model: 'tiny-sd' }, 400, 'IMAGE_REQUEST_INVALID', '$.prompt'],
      [{ model: 'tiny-sd', prompt: 'x', colour: 'red' }, 400, 'IMAGE_REQUEST_INVALID', '$.colour'],
      [{ model: 'tiny-sd', prompt: 'x', image: '/etc/passwd' }, 400, 'ASSET_NOT_FOUND', '$.image'],
      [
        { model: 'tiny-sd', prompt: 'x', callbackUrl: 'ftp://x' },
        400,
        'IMAGE_REQUEST_INVALID',
        '$.callbackUrl',
      ],
      [[1], 400, 'IMAGE_REQUEST_INVALID', '$'],
    ];
    for (const [body, status, code, where] of bad) {
      const res = await call('POST', '/v1/images', { body });
      expect([res.status, res.json.error?.code, res.json.error?.path]).toEqual([status, code, where]);
      expect(JSON.stringify(res.json)).not.toMatch(/at \w+ \(|node_modules/);
    }
    const noKey = await fetch(`${api.url}/v1/images`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noKey.status).toBe(401);
  });

  it('runs a job with progress, a PNG of the asked size, a signed webhook, idempotency and isolation', async () => {
    const got: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
      const body = {
        model: 'tiny-sd',
        prompt: '港口的清晨 🌅 a harbour, مرفأ',
        width: 1024,
        height: 768,
        steps: 40,
        seed: 11,
        callbackUrl,
      };
      const headers = { 'idempotency-key': 'img-1' };
      const created = await call('POST', '/v1/images', { body, headers });
      expect([created.status, created.json.kind]).toEqual([201, 'image']);
      const id = created.json.id as string;
      const again = await call('POST', '/v1/images', { body, headers });
      expect([again.status, again.json.id]).toEqual([200, id]);
      const other = await call('POST', '/v1/images', { body: { ...body, seed: 12 }, headers });
      expect([other.status, other.json.error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);

      const events = await readSse(
        await fetch(`${api.url}/v1/jobs/${id}/events`, { headers: { authorization: `Bearer ${keyA}` } }),
      );
      const steps = events.filter((e) => e.event === 'progress' && (e.data as Json).stage === 'generate');
      expect(steps.length).toBeGreaterThan(0);
      expect(steps.some((e) => (e.data as Json).progress > 0 && (e.data as Json).progress < 1)).toBe(true);
      const end = events[events.length - 1];
      expect(end.event).toBe('end');
      const done = end.data as Json;
      expect(done).toMatchObject({ state: 'completed', progress: 1, attempts: 1 });
      expect(done.result.parameters).toMatchObject({ steps: 40, seed: 11, width: 1024, height: 768 });
      expect(pngSize(await download(done.outputs[0].href as string))).toEqual({ width: 1024, height: 768 });
      expect((await call('GET', `/v1/jobs/${id}`, { key: keyB })).status).toBe(404);
      expect((await call('GET', `/v1/jobs/${id}/outputs/image-1.png`, { key: keyB })).status).toBe(404);

      const secret = (await call('GET', '/v1/webhooks/secret')).json.secret as string;
      for (const t0 = Date.now(); got.length < 1 && Date.now() - t0 < 30_000;) await sleep(100);
      expect(got).toHaveLength(1);
      const payload = new Webhook(secret).verify(
        got[0].body,
        got[0].headers as Record<string, string>,
      ) as Json;
      expect(payload).toMatchObject({ type: 'job.completed', data: { jobId: id, state: 'completed' } });
      expect(payload.data.outputs).toContain(`/v1/jobs/${id}/outputs/image-1.png`);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('upscales an uploaded picture, and refuses an unknown upscaler or asset', async () => {
    const c = createCanvas(64, 48);
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#2a6';
    ctx.fillRect(0, 0, 64, 48);
    const form = new FormData();
    form.append('file', new Blob([c.toBuffer('image/png')]), 'still.png');
    const asset = (await (
      await fetch(`${api.url}/v1/assets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keyA}` },
        body: form,
      })
    ).json()) as Json;
    const image = `asset:${asset.id as string}`;
    const created = await call('POST', '/v1/images/upscale', {
      body: { model: 'tiny-x2', image, minWidth: 200 },
    });
    expect([created.status, created.json.kind]).toEqual([201, 'upscale']);
    const done = await waitFor(
      created.json.id as string,
      (j) => j.state === 'completed' || j.state === 'failed',
    );
    expect(done.result).toMatchObject({ kind: 'upscale', factor: 4, width: 256, height: 192 });
    expect(pngSize(await download(done.outputs[0].href as string))).toEqual({ width: 256, height: 192 });

    const wrong: [unknown, string, string, string?][] = [
      [{ model: 'tiny-x3', image }, 'MODEL_NOT_FOUND', '$.model'],
      [{ model: 'tiny-x2' }, 'IMAGE_REQUEST_INVALID', '$.image'],
      [{ model: 'tiny-x2', image }, 'ASSET_NOT_FOUND', '$.image', keyB],
    ];
    for (const [body, code, where, key] of wrong) {
      const res = await call('POST', '/v1/images/upscale', { body, ...(key ? { key } : {}) });
      expect([res.status, res.json.error?.code, res.json.error?.path]).toEqual([400, code, where]);
    }
  });
});

describe('a generate worker killed mid-job', () => {
  it('leaves the job to another generate worker, which finishes it under its own attempt', async () => {
    const first = await startWorker(generateEnv);
    const body = { model: 'tiny-sd', prompt: 'a long night', width: 1024, height: 1024, steps: 150, seed: 5 };
    const { json } = await call('POST', '/v1/images', { body });
    const id = json.id as string;
    await waitFor(id, (j) => j.state === 'active' && j.progress > 0.05);
    first.child.kill('SIGKILL');
    await first.exit();
    expect((await call('GET', `/v1/jobs/${id}`)).json).toMatchObject({ state: 'active', outputs: [] });
    const second = await startWorker(generateEnv);
    try {
      const done = await waitFor(id, (j) => j.state === 'completed');
      expect(done.attempts).toBe(2);
      expect(done.outputs).toHaveLength(1);
      expect(pngSize(await download(done.outputs[0].href as string))).toEqual({ width: 1024, height: 1024 });
      expect(second.logs().filter((l) => l.jobId === id && l.msg === 'image job completed')).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});
