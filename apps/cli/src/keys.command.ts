import { Command } from 'commander';
import { ClipwrightError, ErrorCode } from '@app/core';
import { ApiKeyRepository, createDataSource, parseDatabaseUrl, WorkspaceRepository } from '@app/persistence';

export interface KeysIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * `clipwright keys create --workspace NAME`: makes the workspace if it is new, makes an API key for
 * it and prints the key once on stdout (only its SHA-256 is stored; a lost key is replaced, not
 * recovered). The database is DATABASE_URL (or --database); its migrations run first.
 */
export function registerKeysCommand(program: Command, io: KeysIo): Command {
  const keys = program.command('keys').description('API keys for service mode');
  keys
    .command('create')
    .description('Create an API key for a workspace (the workspace is created if it is new)')
    .requiredOption('-w, --workspace <name>', 'workspace name (letters, digits, . _ -; up to 100)')
    .option('-n, --name <label>', 'a label to tell keys apart', 'default')
    .option('--database <url>', 'postgres://... or sqlite:<file> (default: $DATABASE_URL)')
    .action(async (opts: { workspace: string; name: string; database?: string }) => {
      if (!/^[A-Za-z0-9._-]{1,100}$/.test(opts.workspace)) {
        throw new ClipwrightError(
          ErrorCode.InvalidArgument,
          '--workspace must be 1 to 100 of A-Z a-z 0-9 . _ -',
          {
            path: '--workspace',
          },
        );
      }
      const url = opts.database ?? process.env.DATABASE_URL;
      if (!url) {
        throw new ClipwrightError(ErrorCode.InvalidArgument, 'Give --database or set DATABASE_URL', {
          path: '--database',
        });
      }
      const ds = await createDataSource(parseDatabaseUrl(url));
      try {
        const workspace = await new WorkspaceRepository(ds).findOrCreate(opts.workspace);
        const { row, key } = await new ApiKeyRepository(ds).create(workspace.id, opts.name.slice(0, 100));
        io.stdout(`${key}\n`);
        io.stderr(
          `created key ${row.prefix}... (${row.id}) for workspace ${workspace.name} (${workspace.id}); it is shown only now\n`,
        );
      } finally {
        await ds.destroy();
      }
    });
  return keys;
}
