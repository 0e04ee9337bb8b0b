/**
 * Issue 17: the service keeps its promises while Redis, PostgreSQL or the S3 server is down. These
 * specs run their own three servers (scripts/services.sh on free ports in a folder of their own),
 * so stopping one never touches the servers the other medium specs use. Real API and worker
 * processes, real renders (the shortest brief the template makes), a webhook receiver here.
 * Asserted throughout: every accepted job completes exactly once with one webhook; clients get
 * 503 with Retry-After, never a 500 and never a hang; no client-visible error names an address,
 * port, host or path.
 */
import { promises as fs } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo, createServer as netServer } from 'node:net';
import * as path from 'node:path';
import { parseExportLine, runServicesScript } from '../servers/services';
import {
  AppProcess,
  createKey,
  ServiceEnv,
  serviceEnv,
  sleep,
  startApi,
  startWorker,
  tinyItem,
} from './service.harness';

jest.setTimeout(900_000);

const root = path.resolve(__dirname, '../..');
const tiny = (n: number) => tinyItem(`outage-${n}`);

/** What must never reach a client: addresses, ports of our servers, driver words, paths. */
const INTERNAL = /127\.0\.0\.1|localhost|ECONN|postgres|redis|s3rver|:\d{4,5}\b|\/tmp\/|\/work\/|\.ts:\d+/i;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

async function freePort(): Promise<number> {
  const s = netServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

let serversEnv: NodeJS.ProcessEnv;
let dataDir: string;
let svc: ServiceEnv;
let api: { proc: AppProcess; url: string; metricsUrl: string | null };
let worker: AppProcess;
let key: string;
let receiver: Server;
let callbackUrl: string;
const hooks = new Map<string, number>();

const server = (command: 'start' | 'stop', name: 'redis' | 'postgres' | 's3') =>
  runServicesScript(command, true, { server: name, env: serversEnv });

/** A request that must answer within `ms`: a hang fails the test instead of passing it by time. */
async function call(
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
  ms = 15_000,
) {
  const res = await fetch(`${api.url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(ms),
  });
  const text = await res.text();
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch {
    json = { text };
  }
  return { status: res.status, json, text, headers: res.headers };
}

async function waitFor(id: string, test: (j: Json) => boolean, timeoutMs = 600_000): Promise<Json> {
  const t0 = Date.now();
  for (;;) {
    const r = await call('GET', `/v1/jobs/${id}`).catch(() => null);
    if (r && r.status === 200 && test(r.json)) return r.json;
    if (Date.now() - t0 > timeoutMs) throw new Error(`job ${id} never got there: ${JSON.stringify(r?.json)}`);
    await sleep(250);
  }
}

/** Waits until every job completed, then a moment more, and checks exactly one render and one webhook each. */
async function expectDoneOnce(ids: string[]) {
  for (const id of ids) await waitFor(id, (j) => j.state === 'completed');
  const t0 = Date.now();
  while (ids.some((id) => !hooks.get(id)) && Date.now() - t0 < 60_000) await sleep(200);
  await sleep(2000);
  for (const id of ids) {
    const completed = worker.logs().filter((l) => l.jobId === id && l.msg === 'render completed');
    expect([id, completed.length, hooks.get(id) ?? 0]).toEqual([id, 1, 1]);
  }
}

function expectUnavailable(r: { status: number; json: Json; text: string; headers: Headers }) {
  expect([r.status, r.json.error?.code ?? r.json.status]).toEqual(
    r.json.error ? [503, 'UNAVAILABLE'] : [503, 'unavailable'],
  );
  if (r.json.error) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(r.text).not.toMatch(INTERNAL);
}

beforeAll(async () => {
  dataDir = path.join(root, '.tmp', `outage-${process.pid}`);
  serversEnv = {
    ...process.env,
    CLIPWRIGHT_SERVICES_DIR: dataDir,
    CLIPWRIGHT_REDIS_PORT: String(await freePort()),
    CLIPWRIGHT_PG_PORT: String(await freePort()),
    CLIPWRIGHT_S3_PORT: String(await freePort()),
  };
  const servers = parseExportLine(runServicesScript('start', true, { env: serversEnv }));
  svc = await serviceEnv(
    {
      WEBHOOKS_ALLOW_LOOPBACK: 'true',
      WORKER_LOCK_MS: '4000',
      WORKER_STALLED_INTERVAL_MS: '2000',
      RECONCILE_INTERVAL_MS: '1500',
      DEPENDENCY_TIMEOUT_MS: '2000',
      DB_TIMEOUT_MS: '5000',
      RETRY_AFTER_S: '2',
      JOB_BACKOFF_MS: '500',
      WEBHOOK_BACKOFF_MS: '500',
      SHUTDOWN_GRACE_MS: '6000',
      UPLOAD_RETRY_WINDOW_MS: '120000',
    },
    servers,
  );
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const jobId = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json).data.jobId as string;
      hooks.set(jobId, (hooks.get(jobId) ?? 0) + 1);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  api = await startApi(svc.env);
  key = await createKey(svc.env.DATABASE_URL as string, 'outage');
  worker = await startWorker(svc.env);
});

afterAll(async () => {
  await worker?.stop();
  await api?.proc.stop();
  await svc?.dropDatabase().catch(() => undefined);
  runServicesScript('stop', true, { env: serversEnv });
  await new Promise((r) => receiver?.close(r));
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** Servers a test stopped are started again even when an assertion failed in between. */
const stopped = new Set<'redis' | 'postgres' | 's3'>();
async function restore(name: 'redis' | 'postgres' | 's3', before?: () => Promise<void>) {
  await before?.();
  server('start', name);
  stopped.delete(name);
}
afterEach(async () => {
  for (const name of [...stopped]) await restore(name);
});
const stop = (name: 'redis' | 'postgres' | 's3') => {
  stopped.add(name);
  server('stop', name);
};

const job = (n: number, headers: Record<string, string> = {}) =>
  call(
    'POST',
    '/v1/jobs',
    { template: 'news-brief', data: tiny(n), aspects: ['16:9'], callbackUrl },
    headers,
  );

it('Redis down and back empty: jobs accepted meanwhile and jobs it lost all run, once each, one webhook each', async () => {
  const before = await job(1);
  expect(before.status).toBe(201);
  stop('redis');
  // Accepted into the outbox: 201 within the bound, no hang; a retry with the key is the same job.
  const during = await job(2, { 'idempotency-key': 'during-outage' });
  expect(during.status).toBe(201);
  const retried = await job(2, { 'idempotency-key': 'during-outage' });
  expect([retried.status, retried.json.id]).toEqual([200, during.json.id]);
  expect((await call('GET', '/v1/jobs?limit=5')).status).toBe(200);
  const health = await fetch(`${api.url}/health`, { signal: AbortSignal.timeout(10_000) });
  expectUnavailable({
    status: health.status,
    json: (await health.json()) as Json,
    text: '',
    headers: health.headers,
  });
  const metrics = await fetch(`${api.metricsUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  expect(await metrics.text()).toContain('clipwright_dependency_up{dependency="redis"} 0');
  await restore('redis', async () => {
    // Redis comes back with nothing: no AOF, as after a failover to an empty replica.
    await fs.rm(path.join(dataDir, 'redis'), { recursive: true, force: true });
  });
  await expectDoneOnce([before.json.id as string, during.json.id as string]);
});

it('PostgreSQL down: 503 with Retry-After on every call, no internals, then recovery; a render in flight completes once', async () => {
  const inFlight = await job(3);
  expect(inFlight.status).toBe(201);
  await waitFor(inFlight.json.id as string, (j) => j.state === 'active');
  stop('postgres');
  for (const [method, route, body] of [
    ['GET', '/v1/jobs', undefined],
    ['GET', `/v1/jobs/${inFlight.json.id as string}`, undefined],
    ['POST', '/v1/jobs', { template: 'news-brief', data: tiny(9) }],
    ['POST', '/v1/batches', { template: 'news-brief', data: [tiny(10)] }],
    ['GET', '/v1/webhooks/secret', undefined],
  ] as const) {
    const r = await call(method, route, body);
    expect([method, route, r.status]).toEqual([method, route, 503]);
    expectUnavailable(r);
  }
  await sleep(3000);
  await restore('postgres');
  const t0 = Date.now();
  let r = await call('GET', '/v1/jobs').catch(() => null);
  while (r?.status !== 200 && Date.now() - t0 < 30_000) {
    await sleep(250);
    r = await call('GET', '/v1/jobs').catch(() => null);
  }
  expect(r?.status).toBe(200);
  await expectDoneOnce([inFlight.json.id as string]);
});

it('storage down mid-render: the upload is retried from staging, the clip is rendered once, no internals shown', async () => {
  const created = await job(4);
  const id = created.json.id as string;
  await waitFor(id, (j) => j.state === 'active' && j.progress > 0.2);
  stop('s3');
  await worker.waitForLog((l) => l.jobId === id && l.msg === 'storage unavailable; upload retried', 600_000);
  const waiting = await call('GET', `/v1/jobs/${id}`);
  expect(waiting.json).toMatchObject({ state: 'active', stage: 'deliver (waiting for storage)' });
  // The callbackUrl is the customer's own (on loopback here); everything else must be clean.
  expect(waiting.text.replaceAll(callbackUrl, '')).not.toMatch(INTERNAL);
  const dl = await call('GET', `/v1/jobs/${id}/outputs/clip-16x9.mp4`);
  expect(dl.text).not.toMatch(INTERNAL);
  await restore('s3');
  await expectDoneOnce([id]);
  expect(worker.logs().filter((l) => l.jobId === id && l.msg === 'render started')).toHaveLength(1);
  const done = (await call('GET', `/v1/jobs/${id}`)).json;
  const mp4 = await fetch(`${api.url}/v1/jobs/${id}/outputs/clip-16x9.mp4`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const bytes = Buffer.from(await mp4.arrayBuffer());
  expect(bytes.length).toBe(done.outputs.find((o: Json) => o.name === 'clip-16x9.mp4').size);
  expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
});

it('SIGTERM with Redis and PostgreSQL gone: API and worker exit by themselves within the grace period', async () => {
  stop('redis');
  stop('postgres');
  for (const proc of [worker, api.proc]) {
    proc.child.kill('SIGTERM');
    // AppProcess.stop would SIGKILL after 10 s; the grace period is 6 s, so a clean exit comes first.
    const code = await Promise.race([proc.exit(), sleep(12_000).then(() => 'hung' as const)]);
    expect([proc.name, code === 'hung' ? 'hung' : proc.child.signalCode]).toEqual([proc.name, null]);
  }
});
