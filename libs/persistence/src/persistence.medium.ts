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

beforeAll(async () => {
  base = process.env.DATABASE_URL ?? parseExportLine(runServicesScript('start')).DATABASE_URL;
  name = `cw_persist_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  ds = await createDataSource(parseDatabaseUrl(url.toString()));
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
    'job',
    'job_output',
    'migrations',
    'webhook_delivery',
    'workspace',
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
  expect(await jobs.start(ws.id, row.id, 1)).toBe(true);
  const out = { name: 'clip-16x9.mp4', aspect: '16:9', storageKey: 'k', size: 1, contentType: 'video/mp4' };
  const results = await Promise.all(
    Array.from({ length: 10 }, () => jobs.complete(ws.id, row.id, {}, [out])),
  );
  expect(results.filter(Boolean)).toHaveLength(1);
  expect(await jobs.listOutputs(ws.id, row.id)).toHaveLength(1);
  expect(await jobs.get(other.id, row.id)).toBeNull();
  expect((await jobs.get(ws.id, row.id))?.data).toEqual({ nested: { ok: true } });
  expect((await jobs.findByIdempotencyKey(ws.id, 'k'))?.id).toBe(row.id);
});
