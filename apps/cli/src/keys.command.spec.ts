import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { ApiKeyRepository, createDataSource, parseDatabaseUrl, WorkspaceRepository } from '@app/persistence';
import { ApiKeyCache } from '../../api/src/api-key.cache';
import { EXIT_BAD_INPUT, EXIT_OK } from './cli';
import { runCliCaptured } from './cli.testing';
import { CreatedKeyJson, KeyListing, registerKeysCommand, REVOKE_DELAY_S } from './keys.command';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command().exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  registerKeysCommand(program, { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) });
  await program.parseAsync(args, { from: 'user' });
  return { out: out.join(''), err: err.join('') };
}

/** Through runCli, as the binary runs: the exit code is what scripts see. */
const cli = runCliCaptured;

let dir: string;
let db: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-keys-'));
  db = `sqlite:${path.join(dir, 'cw.db')}`;
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/** Reads the database the commands wrote, closing it after. */
async function inDb<T>(
  fn: (keys: ApiKeyRepository, workspaces: WorkspaceRepository) => Promise<T>,
): Promise<T> {
  const ds = await createDataSource(parseDatabaseUrl(db));
  try {
    return await fn(new ApiKeyRepository(ds), new WorkspaceRepository(ds));
  } finally {
    await ds.destroy();
  }
}

describe('clipwright keys create', () => {
  it('prints a key once that authenticates as the named workspace', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-keys-'));
    const db = `sqlite:${path.join(dir, 'cw.db')}`;
    const first = await run(['keys', 'create', '--workspace', 'newsroom', '--database', db]);
    const second = await run(['keys', 'create', '--workspace', 'newsroom', '--database', db]);
    const key = first.out.trim();
    expect(key).toMatch(/^cw_/);
    expect(first.err).toContain('workspace newsroom');
    const ds = await createDataSource(parseDatabaseUrl(db));
    const repo = new ApiKeyRepository(ds);
    const a = await repo.findActiveByKey(key);
    const b = await repo.findActiveByKey(second.out.trim());
    expect(a?.workspaceId).toBeDefined();
    expect(b?.workspaceId).toBe(a?.workspaceId);
    await ds.destroy();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('prints only the key on stdout, and the webhook signing secret with a hint on stderr', async () => {
    const r = await run(['keys', 'create', '--workspace', 'hooks', '--database', db]);
    expect(r.out).toMatch(/^cw_[A-Za-z0-9_-]{43}\n$/);
    const { secret, workspaceId } = await inDb(async (keys, workspaces) => {
      const row = await keys.findActiveByKey(r.out.trim());
      return { workspaceId: row?.workspaceId, secret: await workspaces.webhookSecret(row!.workspaceId) };
    });
    expect(secret).toMatch(/^whsec_/);
    expect(r.err).toContain(`webhook signing secret of workspace hooks: ${secret}\n`);
    expect(r.err).toContain('GET /v1/webhooks/secret');
    expect(r.err).toContain(workspaceId);
  });

  it('prints one JSON object on stdout with --json', async () => {
    const r = await run([
      'keys',
      'create',
      '--workspace',
      'hooks',
      '--name',
      'ci',
      '--json',
      '--database',
      db,
    ]);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    const o = JSON.parse(r.out) as CreatedKeyJson;
    expect(Object.keys(o).sort()).toEqual([
      'key',
      'keyId',
      'prefix',
      'webhookSecret',
      'workspace',
      'workspaceId',
    ]);
    expect(o).toMatchObject({ workspace: 'hooks', prefix: o.key.slice(0, 10) });
    await inDb(async (keys, workspaces) => {
      const row = await keys.findActiveByKey(o.key);
      expect([row?.id, row?.workspaceId, row?.name]).toEqual([o.keyId, o.workspaceId, 'ci']);
      expect(await workspaces.webhookSecret(o.workspaceId)).toBe(o.webhookSecret);
    });
  });

  it('refuses a workspace name with odd characters', async () => {
    await expect(
      run(['keys', 'create', '--workspace', 'a b', '--database', 'sqlite::memory:']),
    ).rejects.toThrow(/--workspace/);
  });
});

describe('clipwright keys list and revoke', () => {
  it("lists a workspace's keys without their hashes, and revokes one of them only", async () => {
    const a1 = JSON.parse(
      (await run(['keys', 'create', '-w', 'desk-a', '-n', 'one', '--json', '--database', db])).out,
    ) as CreatedKeyJson;
    const a2 = JSON.parse(
      (await run(['keys', 'create', '-w', 'desk-a', '-n', 'two', '--json', '--database', db])).out,
    ) as CreatedKeyJson;
    const b1 = JSON.parse(
      (await run(['keys', 'create', '-w', 'desk-b', '--json', '--database', db])).out,
    ) as CreatedKeyJson;

    const table = await cli(['keys', 'list', '--workspace', 'desk-a', '--database', db]);
    expect(table.code).toBe(EXIT_OK);
    const lines = table.out
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(lines[0]).toEqual(['id', 'prefix', 'name', 'created', 'revoked']);
    expect(lines.slice(1).map((l) => [l[0], l[1], l[2], l[4]])).toEqual([
      [a1.keyId, a1.prefix, 'one', '-'],
      [a2.keyId, a2.prefix, 'two', '-'],
    ]);
    expect(Date.parse(lines[1][3])).not.toBeNaN();
    const hashes = await inDb(async (keys) => (await keys.list(a1.workspaceId)).map((k) => k.keyHash));
    for (const secret of [...hashes, a1.key, a2.key]) expect(table.out).not.toContain(secret);

    const revoked = await cli(['keys', 'revoke', a1.keyId, '--workspace', 'desk-a', '--database', db]);
    expect(revoked.code).toBe(EXIT_OK);
    expect(revoked.out).toContain(`revoked key ${a1.prefix}... (${a1.keyId})`);
    expect(revoked.out).toContain('within 5 seconds');
    await inDb(async (keys) => {
      expect(await keys.findActiveByKey(a1.key)).toBeNull();
      expect((await keys.findActiveByKey(a2.key))?.id).toBe(a2.keyId);
      expect((await keys.findActiveByKey(b1.key))?.id).toBe(b1.keyId);
    });
    const json = await cli(['keys', 'list', '-w', 'desk-a', '--json', '--database', db]);
    const listed = JSON.parse(json.out) as KeyListing[];
    expect(listed.map((k) => [k.id, k.revoked !== null])).toEqual([
      [a1.keyId, true],
      [a2.keyId, false],
    ]);
    expect(Object.keys(listed[0]).sort()).toEqual(['created', 'id', 'name', 'prefix', 'revoked']);

    // Again: already done, not an error.
    const again = await cli(['keys', 'revoke', a1.keyId, '-w', 'desk-a', '--database', db]);
    expect([again.code, again.out]).toEqual([EXIT_OK, expect.stringContaining('already revoked')]);
  });

  it.each([
    [
      'a key of another workspace',
      (b: CreatedKeyJson) => ['keys', 'revoke', b.keyId, '-w', 'desk-a'],
      'keyId',
    ],
    [
      'an unknown id',
      () => ['keys', 'revoke', '01a20000-0000-7000-8000-000000000000', '-w', 'desk-a'],
      'keyId',
    ],
    ['a key instead of its id', (b: CreatedKeyJson) => ['keys', 'revoke', b.key, '-w', 'desk-a'], 'keyId'],
    [
      'an unknown workspace',
      (b: CreatedKeyJson) => ['keys', 'revoke', b.keyId, '-w', 'nobody'],
      '--workspace',
    ],
    ['a list of an unknown workspace', () => ['keys', 'list', '-w', 'nobody'], '--workspace'],
  ])('exits 2 for %s, revoking nothing', async (name, args, at) => {
    const b = JSON.parse(
      (await run(['keys', 'create', '-w', 'desk-c', '--json', '--database', db])).out,
    ) as CreatedKeyJson;
    await run(['keys', 'create', '-w', 'desk-a', '--database', db]);
    const r = await cli([...args(b), '--database', db]);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    const code = name.includes('unknown workspace') ? 'WORKSPACE_NOT_FOUND' : 'INVALID_ARGUMENT';
    expect(r.err).toMatch(new RegExp(`^error ${code}: .* \\(at ${at}\\)\n$`));
    expect(r.out).toBe('');
    expect(await inDb(async (keys) => (await keys.findActiveByKey(b.key))?.id)).toBe(b.keyId);
    expect(await inDb(async (_k, workspaces) => workspaces.findByName('nobody'))).toBeNull();
  });

  it('exits 2 when revoke is not scoped by a workspace', async () => {
    const r = await cli(['keys', 'revoke', '01a20000-0000-7000-8000-000000000000', '--database', db]);
    expect(r.code).toBe(EXIT_BAD_INPUT);
  });

  it('says the same delay as the API key cache keeps keys', () => {
    expect(REVOKE_DELAY_S * 1000).toBe(ApiKeyCache.TTL_MS);
  });
});
