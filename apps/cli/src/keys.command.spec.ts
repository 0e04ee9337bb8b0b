import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { ApiKeyRepository, createDataSource, parseDatabaseUrl } from '@app/persistence';
import { registerKeysCommand } from './keys.command';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command().exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  registerKeysCommand(program, { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) });
  await program.parseAsync(args, { from: 'user' });
  return { out: out.join(''), err: err.join('') };
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

  it('refuses a workspace name with odd characters', async () => {
    await expect(
      run(['keys', 'create', '--workspace', 'a b', '--database', 'sqlite::memory:']),
    ).rejects.toThrow(/--workspace/);
  });
});
