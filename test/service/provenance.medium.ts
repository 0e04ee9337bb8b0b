/**
 * Trust and provenance through the real service (API + worker, PostgreSQL, Redis, s3rver): the
 * workspace's label profile and consent ledger over HTTP, a presenter drawn after a real person
 * refused at job create without consent (4xx naming it), a job rendered and signed by the worker
 * with keys from its environment, and the output's credentials validated by the verify route.
 */
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDevCertificates } from '@app/provenance';
import {
  type AppProcess,
  createKey,
  serviceEnv,
  type ServiceEnv,
  sleep,
  startApi,
  startWorker,
} from './service.harness';

jest.setTimeout(900_000);

const root = path.resolve(__dirname, '../..');
const sample = JSON.parse(readFileSync(path.join(root, 'templates/news-brief/sample.geojson'), 'utf8')) as {
  features: unknown[];
};
const job = { template: 'news-brief', data: sample.features[0], aspects: ['9:16'] };
const consent = {
  subject: 'Ada Lovelace-Byron',
  scope: { presenterIds: ['ada'], commercial: false },
  grantedAt: '2026-01-01T00:00:00Z',
  expiresAt: null,
  evidence: { ref: 'contracts/2026-014.pdf', sha256: 'a'.repeat(64) },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let svc: ServiceEnv;
let api: { proc: AppProcess; url: string };
let worker: AppProcess;
let dir: string;
let keyA: string;
let keyB: string;

async function call(method: string, route: string, key: string | null, body?: unknown) {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${api.url}${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : null) as Json };
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-svc-prov-'));
  const dev = await createDevCertificates({ organisation: 'Clipwright service test' });
  await fs.writeFile(path.join(dir, 'ca.pem'), dev.caPem);
  await fs.writeFile(path.join(dir, 'chain.pem'), dev.chainPem);
  await fs.writeFile(path.join(dir, 'signer.key'), dev.keyPem, { mode: 0o600 });
  // ada, declared as drawn after a real person: jobs with her need a consent on record.
  const presenters = path.join(dir, 'presenters');
  await fs.cp(path.join(root, 'models/presenters/ada'), path.join(presenters, 'ada'), { recursive: true });
  const manifest = path.join(presenters, 'ada', 'presenter.json');
  const ada = JSON.parse(await fs.readFile(manifest, 'utf8')) as Record<string, unknown>;
  await fs.writeFile(manifest, JSON.stringify({ ...ada, likeness: 'real-person' }));
  svc = await serviceEnv({
    CLIPWRIGHT_PRESENTERS: presenters,
    CLIPWRIGHT_C2PA_KEY: path.join(dir, 'signer.key'),
    CLIPWRIGHT_C2PA_CERTS: path.join(dir, 'chain.pem'),
    CLIPWRIGHT_C2PA_TRUST_ANCHORS: path.join(dir, 'ca.pem'),
  });
  api = await startApi(svc.env);
  worker = await startWorker(svc.env);
  keyA = await createKey(svc.env.DATABASE_URL as string, 'newsroom-prov');
  keyB = await createKey(svc.env.DATABASE_URL as string, 'elsewhere');
});
afterAll(async () => {
  await worker?.stop();
  await api?.proc.stop();
  await svc?.dropDatabase();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('provenance routes and signed outputs on the real service', () => {
  it('keeps label settings and consents per workspace, authenticated', async () => {
    expect((await call('GET', '/v1/rights/consents', null)).status).toBe(401);
    expect(await call('GET', '/v1/rights/settings', keyA)).toMatchObject({
      status: 200,
      json: { commercial: false, labelProfile: 'eu' },
    });
    const bad = await call('PUT', '/v1/rights/settings', keyA, { commercial: false, labelProfile: 'us' });
    expect(bad).toMatchObject({
      status: 400,
      json: { error: { code: 'INVALID_ARGUMENT', path: '$.labelProfile' } },
    });
    const put = await call('PUT', '/v1/rights/settings', keyA, { commercial: false, labelProfile: 'cn' });
    expect(put).toMatchObject({ status: 200, json: { commercial: false, labelProfile: 'cn' } });
    expect((await call('GET', '/v1/rights/settings', keyB)).json.labelProfile).toBe('eu');

    const noDate = await call('POST', '/v1/rights/consents', keyA, { ...consent, grantedAt: 'yesterday' });
    expect(noDate).toMatchObject({ status: 400, json: { error: { path: '$.grantedAt' } } });
  });

  it('refuses a job with the presenter before consent, signs it after, and verifies the output', async () => {
    const refused = await call('POST', '/v1/jobs', keyA, job);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({
      code: 'CONSENT_REQUIRED',
      message: expect.stringContaining('presenter "Ada" (ada) shows a real person'),
      path: expect.stringMatching(
        /^templates\/news-brief\/template\.json#\$\.scenes\[\d+\]\.layers\[\d+\]\.id$/,
      ),
    });

    const recorded = await call('POST', '/v1/rights/consents', keyA, consent);
    expect(recorded).toMatchObject({ status: 201, json: { subject: consent.subject, revokedAt: null } });
    const recordId = recorded.json.id as string;
    expect((await call('GET', '/v1/rights/consents', keyA)).json.items.map((c: Json) => c.id)).toEqual([
      recordId,
    ]);
    expect((await call('GET', '/v1/rights/consents', keyB)).json.items).toEqual([]);
    expect((await call('POST', `/v1/rights/consents/${recordId}/revoke`, keyB)).status).toBe(404);

    const created = await call('POST', '/v1/jobs', keyA, job);
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    let done: Json;
    for (const t0 = Date.now(); ; await sleep(500)) {
      done = (await call('GET', `/v1/jobs/${id}`, keyA)).json;
      if (['completed', 'failed'].includes(done.state as string)) break;
      if (Date.now() - t0 > 800_000) throw new Error(`job ${id} did not finish: ${JSON.stringify(done)}`);
    }
    expect(done).toMatchObject({ state: 'completed' });
    expect(done.result.provenance).toMatchObject({ labelProfile: 'cn', credentials: 'signed' });
    expect(done.result.outputs[0].provenance.c2pa).toMatchObject({ signed: true, alg: 'es256' });

    const report = await call('GET', `/v1/jobs/${id}/outputs/clip-9x16.mp4/verify`, keyA);
    expect(report.status).toBe(200);
    expect(report.json.credentials).toMatchObject({
      present: true,
      valid: true,
      signature: 'valid',
      hardBinding: 'valid',
      trust: 'trusted',
    });
    expect(report.json.credentials.manifest.template).toEqual({
      id: 'news-brief',
      version: expect.any(Number),
    });
    expect(report.json.credentials.manifest.job).toBe(id);
    expect(report.json.labels.aigc).toMatchObject({ Label: '1', ProduceID: id });
    expect((await call('GET', `/v1/jobs/${id}/outputs/clip-9x16.mp4/verify`, keyB)).status).toBe(404);
    expect((await call('GET', `/v1/jobs/${id}/outputs/script.txt/verify`, keyA)).status).toBe(400);

    const revoked = await call('POST', `/v1/rights/consents/${recordId}/revoke`, keyA);
    expect(revoked).toMatchObject({ status: 200, json: { id: recordId, revokedAt: expect.any(String) } });
    const again = await call('POST', '/v1/jobs', keyA, job);
    expect(again).toMatchObject({ status: 400, json: { error: { code: 'CONSENT_REQUIRED' } } });
    expect(again.json.error.message).toContain('had its consent revoked');
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${api.url}/docs-json`)).json()) as { paths: Record<string, Json> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/rights/settings',
        '/v1/rights/consents',
        '/v1/rights/consents/{id}/revoke',
        '/v1/jobs/{id}/outputs/{name}/verify',
      ]),
    );
    expect(
      doc.paths['/v1/rights/consents'].post.requestBody.content['application/json'].schema,
    ).toMatchObject({
      required: ['subject', 'scope', 'grantedAt', 'evidence'],
    });
  });
});
