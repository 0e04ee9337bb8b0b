import pino from 'pino';
import { DataSource } from 'typeorm';
import { createDataSource, parseDatabaseUrl, WorkspaceRepository } from '@app/persistence';
import { answer } from './answer.testing';
import { WebhookSecretsService } from './webhook-secrets.service';

describe('WebhookSecretsService: GET /v1/webhooks/secret and POST /v1/webhooks/secret/rotate', () => {
  let ds: DataSource;
  let workspaces: WorkspaceRepository;
  let secrets: WebhookSecretsService;
  let a: string;
  let b: string;

  beforeAll(async () => {
    ds = await createDataSource(parseDatabaseUrl('sqlite::memory:'));
    workspaces = new WorkspaceRepository(ds);
    secrets = new WebhookSecretsService(workspaces, pino({ level: 'silent' }));
    a = (await workspaces.findOrCreate('a')).id;
    b = (await workspaces.findOrCreate('b')).id;
  });
  afterAll(() => ds.destroy());

  it('rotates with a 24 hour grace period by default, and shows when the old secret stops', async () => {
    const before = await secrets.get(a);
    expect(before).toEqual({
      secret: expect.stringMatching(/^whsec_/),
      scheme: 'standard-webhooks-v1',
      previousValidUntil: null,
    });
    const otherBefore = await secrets.get(b);
    const t0 = Date.now();
    const rotated = await secrets.rotate(a, undefined);
    expect(rotated.scheme).toBe('standard-webhooks-v1');
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(before.secret);
    const until = Date.parse(rotated.previousValidUntil as string);
    expect(until - t0).toBeGreaterThanOrEqual(24 * 3_600_000 - 1000);
    expect(until - t0).toBeLessThanOrEqual(24 * 3_600_000 + 1000);
    expect(await secrets.get(a)).toEqual(rotated);
    expect(await workspaces.signingSecrets(a)).toEqual([rotated.secret, before.secret]);
    // The caller's workspace only.
    expect(await secrets.get(b)).toEqual(otherBefore);
  });

  it('takes graceHours from the body; 0 stops the old secret at once', async () => {
    const { secret: old } = await secrets.get(a);
    const t0 = Date.now();
    const short = await secrets.rotate(a, { graceHours: 0.5 });
    expect(Date.parse(short.previousValidUntil as string) - t0).toBeGreaterThanOrEqual(1_800_000 - 1000);
    expect(await workspaces.signingSecrets(a)).toEqual([short.secret, old]);
    const none = await secrets.rotate(a, { graceHours: 0 });
    expect(none.previousValidUntil).toBeNull();
    expect(await secrets.get(a)).toEqual(none);
    expect(await workspaces.signingSecrets(a)).toEqual([none.secret]);
    expect((await secrets.rotate(a, {})).previousValidUntil).not.toBeNull();
  });

  it.each([
    [{ graceHours: -1 }, '$.graceHours'],
    [{ graceHours: 169 }, '$.graceHours'],
    [{ graceHours: '24' }, '$.graceHours'],
    [{ graceHours: null }, '$.graceHours'],
    [{ grace: 1 }, '$.grace'],
    [[], '$'],
  ])('refuses %j with a 400 naming the field, and keeps the secret', async (body, path) => {
    const before = await secrets.get(b);
    const r = await answer(secrets.rotate(b, body));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', path });
    expect(await secrets.get(b)).toEqual(before);
  });

  it('answers 404 for a workspace that is gone', async () => {
    const gone = '01a20000-0000-7000-8000-000000000000';
    expect((await answer(secrets.rotate(gone, {}))).status).toBe(404);
    expect((await answer(secrets.get(gone))).status).toBe(404);
  });
});
