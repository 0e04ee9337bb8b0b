/**
 * The same schema on PostgreSQL: the hand-written migration leaves nothing for the entities to
 * change, and the guarded completion holds under real concurrency (a pool, not one connection).
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { parseExportLine, runServicesScript } from '../../../test/servers/services';
import { createDataSource, parseDatabaseUrl } from './data-source.factory';
import { JobRepository } from './job.repository';
import { WorkspaceRepository } from './workspace.repository';

jest.setTimeout(60_000);

let base: string;
let name: string;
let ds: DataSource;
let dbUrl: string;

beforeAll(async () => {
  base = process.env.DATABASE_URL ?? parseExportLine(runServicesScript('start')).DATABASE_URL;
  name = `cw_persist_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  dbUrl = url.toString();
  ds = await createDataSource(parseDatabaseUrl(dbUrl));
});

afterAll(async () => {
  await ds?.destroy();
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

it('migrates PostgreSQL to exactly what the entities describe', async () => {
  const pending = await ds.driver.createSchemaBuilder().log();
  expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  const tables = await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
  );
  expect(tables.map((t: { table_name: string }) => t.table_name).sort()).toEqual([
    'api_key',
    'asset',
    'brand_kit',
    'consent_record',
    'job',
    'job_output',
    'migrations',
    'webhook_delivery',
    'workspace',
    'workspace_rights',
  ]);
});

it('completes a job once when ten completions race, and scopes by workspace', async () => {
  const jobs = new JobRepository(ds);
  const ws = await new WorkspaceRepository(ds).findOrCreate('race');
  const other = await new WorkspaceRepository(ds).findOrCreate('other');
  const [row] = await jobs.insert([
    jobs.newRow(ws.id, {
      template: 't',
      data: { nested: { ok: true } },
      select: null,
      aspects: ['16:9'],
      callbackUrl: null,
      idempotencyKey: 'k',
      requestHash: 'h',
      batchId: null,
    }),
  ]);
  expect(await jobs.start(ws.id, row.id)).toBe(1);
  const out = { name: 'clip-16x9.mp4', aspect: '16:9', storageKey: 'k', size: 1, contentType: 'video/mp4' };
  const results = await Promise.all(
    Array.from({ length: 10 }, () => jobs.complete(ws.id, row.id, 1, {}, [out])),
  );
  expect(results.filter(Boolean)).toHaveLength(1);
  expect(await jobs.listOutputs(ws.id, row.id)).toHaveLength(1);
  expect(await jobs.get(other.id, row.id)).toBeNull();
  expect((await jobs.get(ws.id, row.id))?.data).toEqual({ nested: { ok: true } });
  expect((await jobs.findByIdempotencyKey(ws.id, 'k'))?.id).toBe(row.id);
});

it('keeps a secret from every rotation when rotations race: one current, one previous', async () => {
  const repo = new WorkspaceRepository(ds);
  const ws = await repo.findOrCreate('rotate-race');
  const original = await repo.webhookSecret(ws.id);
  // Hold the row so that every rotation has read what it reads before any of them writes: a
  // read-then-write rotation would then keep the original as "previous" and lose nine secrets.
  const locker = new Client({ connectionString: dbUrl });
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query('SELECT 1 FROM "workspace" WHERE "id" = $1 FOR UPDATE', [ws.id]);
  const racing = Promise.all(Array.from({ length: 10 }, () => repo.rotateWebhookSecret(ws.id, 3_600_000)));
  const waiting = async () =>
    (
      await locker.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      )
    ).rows[0].n as number;
  for (let i = 0; i < 200 && (await waiting()) < 10; i++) await new Promise((r) => setTimeout(r, 25));
  await locker.query('COMMIT');
  await locker.end();
  const handedOut = (await racing).map((r) => r?.secret);
  const [current, previous] = await repo.signingSecrets(ws.id);
  expect(handedOut).toContain(current);
  expect(handedOut).toContain(previous);
  expect(previous).not.toBe(current);
  expect(previous).not.toBe(original);
  expect(await repo.signingSecrets((await repo.findOrCreate('other')).id)).toHaveLength(1);
});

it('reads back every column of inserted jobs as written, one job or a batch across chunks', async () => {
  const jobs = new JobRepository(ds);
  const ws = (await new WorkspaceRepository(ds).findOrCreate('round-trip')).id;
  const newJob = (over: Record<string, unknown> = {}) =>
    jobs.newRow(ws, {
      template: 'news-brief',
      data: { nested: { list: [1, 'two', null], text: 'quote " and \\ and ünïcode' } },
      select: '3',
      aspects: ['16:9', '9:16'],
      callbackUrl: 'https://hooks.example.com/x',
      idempotencyKey: null,
      requestHash: 'f'.repeat(64),
      batchId: null,
      ...over,
    });
  const one = newJob({ idempotencyKey: 'rt-1' });
  await jobs.insert([one]);
  expect(await jobs.get(ws, one.id)).toEqual(one);
  const batch = Array.from({ length: 150 }, (_, i) => newJob({ data: { i } }));
  await jobs.insert(batch);
  for (const row of [batch[0], batch[100], batch[149]]) expect(await jobs.get(ws, row.id)).toEqual(row);
  const bad = Array.from({ length: 150 }, (_, i) => newJob({ idempotencyKey: i === 149 ? 'rt-1' : null }));
  await expect(jobs.insert(bad)).rejects.toThrow(/duplicate key/);
  expect(await jobs.get(ws, bad[0].id)).toBeNull();
});
