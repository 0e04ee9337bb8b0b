import { DataSource } from 'typeorm';
import { ApiKeyRepository, hashApiKey } from './api-key.repository';
import { createDataSource, parseDatabaseUrl } from './data-source.factory';
import { Initial1763770000000 } from './migrations/1763770000000-initial.migration';
import { WebhookSecret1763900000000 } from './migrations/1763900000000-webhook-secret.migration';
import { WebhookSecretRotation1764100000000 } from './migrations/1764100000000-webhook-secret-rotation.migration';
import { JobState } from './job.entity';
import { JobRepository, NewJob } from './job.repository';
import { uuid7 } from './uuid7';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WorkspaceRepository } from './workspace.repository';

const job = (over: Partial<NewJob> = {}): NewJob => ({
  template: 'news-brief',
  data: { a: 1 },
  select: null,
  aspects: ['16:9'],
  callbackUrl: null,
  idempotencyKey: null,
  requestHash: null,
  batchId: null,
  ...over,
});

describe('persistence on SQLite (migrated, not synchronised)', () => {
  let ds: DataSource;
  let jobs: JobRepository;
  let a: string;
  let b: string;

  beforeAll(async () => {
    ds = await createDataSource(parseDatabaseUrl('sqlite::memory:'));
    jobs = new JobRepository(ds);
    const ws = new WorkspaceRepository(ds);
    a = (await ws.findOrCreate('a')).id;
    b = (await ws.findOrCreate('b')).id;
  });
  afterAll(() => ds.destroy());

  it('leaves nothing for the entities to change after the migrations', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('finds an existing workspace by name instead of making a second', async () => {
    expect((await new WorkspaceRepository(ds).findOrCreate('a')).id).toBe(a);
  });

  it('gives each workspace its own webhook signing secret when it is made', async () => {
    const repo = new WorkspaceRepository(ds);
    const wa = await repo.get(a);
    const wb = await repo.get(b);
    expect(wa?.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(wb?.webhookSecret).not.toBe(wa?.webhookSecret);
    expect(await repo.webhookSecret(a)).toBe(wa?.webhookSecret);
    expect(await repo.webhookSecret(uuid7())).toBeNull();
  });

  it('backfills a secret for workspaces that existed before the second migration', async () => {
    const old = await createDataSource(parseDatabaseUrl('sqlite::memory:'), { migrate: false });
    try {
      const qr = old.createQueryRunner();
      await new Initial1763770000000().up(qr);
      await qr.query(`INSERT INTO "workspace" ("id", "name", "createdAt") VALUES (?, ?, ?), (?, ?, ?)`, [
        uuid7(),
        'x',
        new Date().toISOString(),
        uuid7(),
        'y',
        new Date().toISOString(),
      ]);
      await new WebhookSecret1763900000000().up(qr);
      const rows: { webhookSecret: string }[] = await qr.query(`SELECT "webhookSecret" FROM "workspace"`);
      expect(rows).toHaveLength(2);
      for (const r of rows) expect(r.webhookSecret).toMatch(/^whsec_/);
      expect(rows[0].webhookSecret).not.toBe(rows[1].webhookSecret);
      await new WebhookSecret1763900000000().down(qr);
      await qr.release();
    } finally {
      await old.destroy();
    }
  });

  it('adds and removes the rotation columns, keeping each workspace its secret', async () => {
    const old = await createDataSource(parseDatabaseUrl('sqlite::memory:'), { migrate: false });
    try {
      const qr = old.createQueryRunner();
      await new Initial1763770000000().up(qr);
      await new WebhookSecret1763900000000().up(qr);
      await qr.query(
        `INSERT INTO "workspace" ("id", "name", "createdAt", "webhookSecret") VALUES (?, ?, ?, ?)`,
        [uuid7(), 'x', new Date().toISOString(), 'whsec_kept'],
      );
      const columns = async () => (await qr.getTable('workspace'))!.columns.map((c) => c.name).sort();
      await new WebhookSecretRotation1764100000000().up(qr);
      expect(await columns()).toEqual([
        'createdAt',
        'id',
        'name',
        'previousWebhookSecret',
        'previousWebhookSecretUntil',
        'webhookSecret',
      ]);
      expect(await qr.query(`SELECT "webhookSecret", "previousWebhookSecret" FROM "workspace"`)).toEqual([
        { webhookSecret: 'whsec_kept', previousWebhookSecret: null },
      ]);
      await new WebhookSecretRotation1764100000000().down(qr);
      expect(await columns()).toEqual(['createdAt', 'id', 'name', 'webhookSecret']);
      await qr.release();
    } finally {
      await old.destroy();
    }
  });

  it('rotates the webhook secret, signing with the old one too until its grace period ends', async () => {
    const repo = new WorkspaceRepository(ds);
    const id = (await repo.findOrCreate('rotating')).id;
    const original = (await repo.webhookSecret(id)) as string;
    expect(await repo.signingSecrets(id)).toEqual([original]);
    expect((await repo.webhookSecretState(id))?.previousValidUntil).toBeNull();

    const t0 = new Date('2030-01-01T00:00:00Z');
    const hour = 3_600_000;
    const r = await repo.rotateWebhookSecret(id, hour, t0);
    expect(r?.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(r?.secret).not.toBe(original);
    expect(r?.previousValidUntil?.toISOString()).toBe('2030-01-01T01:00:00.000Z');
    expect(await repo.webhookSecret(id)).toBe(r?.secret);
    expect(await repo.signingSecrets(id, t0)).toEqual([r?.secret, original]);
    expect(await repo.signingSecrets(id, new Date(t0.getTime() + hour - 1))).toEqual([r?.secret, original]);
    expect(await repo.signingSecrets(id, new Date(t0.getTime() + hour))).toEqual([r?.secret]);
    expect((await repo.webhookSecretState(id, t0))?.previousValidUntil?.toISOString()).toBe(
      '2030-01-01T01:00:00.000Z',
    );
    expect((await repo.webhookSecretState(id, new Date(t0.getTime() + hour)))?.previousValidUntil).toBeNull();

    // Without a grace period the old secret stops at once and is not kept.
    const r0 = await repo.rotateWebhookSecret(id, 0, t0);
    expect(r0?.previousValidUntil).toBeNull();
    expect(await repo.signingSecrets(id, t0)).toEqual([r0?.secret]);
    expect((await repo.get(id))?.previousWebhookSecret).toBeNull();

    // Two rotations at once: one caller's secret is current, the other's the previous one.
    const [x, y] = await Promise.all([
      repo.rotateWebhookSecret(id, hour),
      repo.rotateWebhookSecret(id, hour),
    ]);
    expect((await repo.signingSecrets(id)).sort()).toEqual([x?.secret, y?.secret].sort());

    expect(await repo.rotateWebhookSecret(uuid7(), hour)).toBeNull();
    expect(await repo.signingSecrets(uuid7())).toEqual([]);
    await expect(repo.rotateWebhookSecret(id, -1)).rejects.toThrow(RangeError);
    // Other workspaces keep theirs.
    expect(await repo.signingSecrets(a)).toEqual([await repo.webhookSecret(a)]);
  });

  it('backfills a missing current secret before signing or rotating', async () => {
    const repo = new WorkspaceRepository(ds);
    const id = (await repo.findOrCreate('legacy')).id;
    await ds.query(`UPDATE "workspace" SET "webhookSecret" = NULL WHERE "id" = ?`, [id]);
    const [made] = await repo.signingSecrets(id);
    expect(made).toMatch(/^whsec_/);
    expect(await repo.signingSecrets(id)).toEqual([made]);
    await ds.query(`UPDATE "workspace" SET "webhookSecret" = NULL WHERE "id" = ?`, [id]);
    const r = await repo.rotateWebhookSecret(id, 60_000);
    const secrets = await repo.signingSecrets(id);
    expect(secrets).toHaveLength(2);
    expect(secrets[0]).toBe(r?.secret);
    expect(secrets[1]).toMatch(/^whsec_/);
  });

  it('stores only the hash of an API key and finds the workspace by the key', async () => {
    const keys = new ApiKeyRepository(ds);
    const { row, key } = await keys.create(a, 'ci');
    expect(key).toMatch(/^cw_[A-Za-z0-9_-]{43}$/);
    expect(row.keyHash).toBe(hashApiKey(key));
    expect(JSON.stringify(row)).not.toContain(key);
    expect((await keys.findActiveByKey(key))?.workspaceId).toBe(a);
    expect(await keys.findActiveByKey(key + 'x')).toBeNull();
    expect(await keys.revoke(b, row.id)).toBe(false);
    expect(await keys.revoke(a, row.id)).toBe(true);
    expect(await keys.findActiveByKey(key)).toBeNull();
  });

  it('scopes every read and write by workspace', async () => {
    const [row] = await jobs.insert([jobs.newRow(a, job())]);
    expect(await jobs.get(b, row.id)).toBeNull();
    expect((await jobs.get(a, row.id))?.data).toEqual({ a: 1 });
    expect((await jobs.list(b, { limit: 100 })).map((j) => j.id)).not.toContain(row.id);
    expect(await jobs.cancel(b, row.id)).toBe(false);
    expect(await jobs.start(b, row.id)).toBeNull();
    expect((await jobs.get(a, row.id))?.state).toBe(JobState.Queued);
  });

  it('stores the timeline formats a job asked for, and null when it asked for none', async () => {
    const [asked, plain] = await jobs.insert([
      jobs.newRow(a, job({ timeline: ['otio', 'mlt'] })),
      jobs.newRow(a, job(), new Date(Date.now() + 1)),
    ]);
    expect((await jobs.get(a, asked.id))?.timeline).toEqual(['otio', 'mlt']);
    expect((await jobs.get(a, plain.id))?.timeline).toBeNull();
  });

  it('completes a job exactly once, with its outputs, and never after a cancel', async () => {
    const [row] = await jobs.insert([jobs.newRow(a, job())]);
    expect(await jobs.start(a, row.id)).toBe(1);
    expect(await jobs.progress(a, row.id, 1, 0.5, 'speak')).toBe(true);
    const out = {
      name: 'clip-16x9.mp4',
      aspect: '16:9',
      storageKey: 'k',
      size: 10,
      contentType: 'video/mp4',
    };
    const results = await Promise.all([
      jobs.complete(a, row.id, 1, { ok: 1 }, [out]),
      jobs.complete(a, row.id, 1, { ok: 2 }, [out]),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await jobs.listOutputs(a, row.id)).toHaveLength(1);
    expect(await jobs.listOutputs(b, row.id)).toHaveLength(0);
    expect(await jobs.cancel(a, row.id)).toBe(false);
    const done = await jobs.get(a, row.id);
    expect(done).toMatchObject({ state: 'completed', progress: 1 });

    const [other] = await jobs.insert([jobs.newRow(a, job())]);
    expect(await jobs.cancel(a, other.id)).toBe(true);
    expect(await jobs.start(a, other.id)).toBeNull();
    expect(await jobs.complete(a, other.id, 1, {}, [])).toBe(false);
  });

  it('counts every run in attempts and lets only the latest run write (fencing)', async () => {
    const [row] = await jobs.insert([jobs.newRow(a, job())]);
    const out = {
      name: 'clip.mp4',
      aspect: '16:9',
      storageKey: 'k/a1/clip.mp4',
      size: 10,
      contentType: 'video/mp4',
    };
    expect(await jobs.start(a, row.id)).toBe(1);
    // The first run's lock is lost (a stall, a crash re-run): the same job starts again.
    expect(await jobs.start(a, row.id)).toBe(2);
    expect(await jobs.progress(a, row.id, 1, 0.9, 'compose')).toBe(false);
    expect(await jobs.retrying(a, row.id, 1, null)).toBe(false);
    expect(await jobs.fail(a, row.id, { code: 'INTERNAL', message: 'x' }, 1)).toBe(false);
    expect(await jobs.complete(a, row.id, 1, { stale: true }, [out])).toBe(false);
    expect(await jobs.progress(a, row.id, 2, 0.5, 'speak')).toBe(true);
    expect(
      await jobs.complete(a, row.id, 2, { fresh: true }, [{ ...out, storageKey: 'k/a2/clip.mp4' }]),
    ).toBe(true);
    expect(await jobs.get(a, row.id)).toMatchObject({
      state: 'completed',
      attempts: 2,
      result: { fresh: true },
    });
    expect((await jobs.listOutputs(a, row.id)).map((o) => o.storageKey)).toEqual(['k/a2/clip.mp4']);
  });

  it('lists the unfinished jobs the reconciler must look at, across workspaces', async () => {
    const [q] = await jobs.insert([jobs.newRow(a, job(), new Date(Date.now() - 60_000))]);
    const [act] = await jobs.insert([jobs.newRow(b, job(), new Date(Date.now() - 60_000))]);
    await jobs.start(b, act.id);
    const stale = await jobs.listUnfinishedSince(
      new Date(Date.now() - 30_000),
      new Date(Date.now() + 1000),
      100,
    );
    expect(stale.map((r) => r.id)).toEqual(expect.arrayContaining([q.id, act.id]));
    const none = await jobs.listUnfinishedSince(
      new Date(Date.now() - 30_000),
      new Date(Date.now() - 30_000),
      100,
    );
    expect(none.map((r) => r.id)).toContain(q.id);
    expect(none.map((r) => r.id)).not.toContain(act.id);
    expect(await jobs.isFinished(a, q.id)).toBe(false);
    await jobs.cancel(a, q.id);
    expect(await jobs.isFinished(a, q.id)).toBe(true);
  });

  it('keeps an idempotency key unique per workspace only', async () => {
    await jobs.insert([jobs.newRow(a, job({ idempotencyKey: 'k1' }))]);
    await expect(jobs.insert([jobs.newRow(a, job({ idempotencyKey: 'k1' }))])).rejects.toThrow(/UNIQUE/);
    await jobs.insert([jobs.newRow(b, job({ idempotencyKey: 'k1' }))]);
    expect((await jobs.findByIdempotencyKey(b, 'k1'))?.workspaceId).toBe(b);
  });

  it('pages newest first with the last id as the cursor, filtered by state and template', async () => {
    const ws = (await new WorkspaceRepository(ds).findOrCreate('pages')).id;
    const t0 = Date.now();
    const rows = Array.from({ length: 5 }, (_, i) =>
      jobs.newRow(ws, job({ template: i % 2 ? 'odd' : 'even' }), new Date(t0 + i)),
    );
    await jobs.insert(rows);
    const first = await jobs.list(ws, { limit: 2 });
    expect(first.map((j) => j.id)).toEqual([rows[4].id, rows[3].id]);
    const second = await jobs.list(ws, { limit: 2, before: first[1].id });
    expect(second.map((j) => j.id)).toEqual([rows[2].id, rows[1].id]);
    expect((await jobs.list(ws, { limit: 10, template: 'odd' })).map((j) => j.id)).toEqual([
      rows[3].id,
      rows[1].id,
    ]);
    await jobs.cancel(ws, rows[0].id);
    expect((await jobs.list(ws, { limit: 10, state: 'cancelled' })).map((j) => j.id)).toEqual([rows[0].id]);
    expect((await jobs.countByStateAllWorkspaces()).cancelled).toBeGreaterThanOrEqual(1);
  });

  it('reads back every column of inserted jobs as written, one job or a batch of 250', async () => {
    const ws = (await new WorkspaceRepository(ds).findOrCreate('round-trip')).id;
    const one = jobs.newRow(
      ws,
      job({
        data: { nested: { list: [1, 'two', null], text: 'quote " and \\ and ünïcode' } },
        select: '3',
        callbackUrl: 'https://hooks.example.com/x',
        idempotencyKey: 'rt-1',
        requestHash: 'f'.repeat(64),
        batchId: null,
      }),
    );
    await jobs.insert([one]);
    expect(await jobs.get(ws, one.id)).toEqual(one);
    const batch = Array.from({ length: 250 }, (_, i) => jobs.newRow(ws, job({ data: { i } })));
    await jobs.insert(batch);
    for (const row of [batch[0], batch[99], batch[100], batch[249]])
      expect(await jobs.get(ws, row.id)).toEqual(row);
    // All or nothing: a batch whose last chunk fails leaves none of its rows.
    const bad = Array.from({ length: 150 }, () => jobs.newRow(ws, job()));
    bad[149] = { ...bad[149], idempotencyKey: 'rt-1' };
    await expect(jobs.insert(bad)).rejects.toThrow(/UNIQUE/);
    expect(await jobs.get(ws, bad[0].id)).toBeNull();
  });

  it('records each webhook attempt under its workspace', async () => {
    const deliveries = new WebhookDeliveryRepository(ds);
    const jobId = uuid7();
    const base = {
      jobId,
      messageId: 'msg_1',
      event: 'job.completed',
      url: 'https://x.test/h',
      durationMs: 5,
    };
    await deliveries.record(a, { ...base, attempt: 1, status: 500, error: null });
    await deliveries.record(a, { ...base, attempt: 2, status: 200, error: null });
    expect((await deliveries.listForJob(a, jobId)).map((d) => d.status)).toEqual([500, 200]);
    expect(await deliveries.listForJob(b, jobId)).toEqual([]);
    expect(await deliveries.countAttempts(a, jobId, 'job.completed')).toBe(2);
    expect(await deliveries.countAttempts(a, jobId, 'job.failed')).toBe(0);
    expect(await deliveries.wasDelivered(a, jobId, 'job.completed')).toBe(true);
    expect(await deliveries.wasDelivered(b, jobId, 'job.completed')).toBe(false);
    const other = uuid7();
    await deliveries.record(a, { ...base, jobId: other, attempt: 1, status: 503, error: null });
    await deliveries.record(a, { ...base, jobId: other, attempt: 2, status: null, error: 'TIMEOUT: slow' });
    expect(await deliveries.wasDelivered(a, other, 'job.completed')).toBe(false);
  });

  it('makes time-ordered version 7 uuids', () => {
    const x = uuid7(1000);
    const y = uuid7(2000);
    expect(x).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(x < y).toBe(true);
  });

  it('refuses a database url it does not know', () => {
    expect(() => parseDatabaseUrl('mysql://x')).toThrow(/postgres/);
  });
});
