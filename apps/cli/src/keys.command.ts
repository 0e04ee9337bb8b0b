import { Command } from 'commander';
import { DataSource } from 'typeorm';
import { ClipwrightError, ErrorCode, ServiceError, ServiceErrorCode, UUID_PATTERN } from '@app/core';
import {
  ApiKeyEntity,
  ApiKeyRepository,
  createDataSource,
  parseDatabaseUrl,
  WorkspaceEntity,
  WorkspaceRepository,
} from '@app/persistence';

export interface KeysIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * How long the API may go on accepting a revoked key: it caches keys it has found for this long
 * (ApiKeyCache.TTL_MS in apps/api/src/api-key.cache.ts; keys.command.spec.ts checks they agree).
 */
export const REVOKE_DELAY_S = 5;

/** `clipwright keys create --json`: one object on stdout, for scripts that also want the ids. */
export interface CreatedKeyJson {
  key: string;
  keyId: string;
  prefix: string;
  workspace: string;
  workspaceId: string;
  webhookSecret: string;
}

/** A key as `keys list --json` shows it: never its hash. */
export interface KeyListing {
  id: string;
  prefix: string;
  name: string;
  created: string;
  revoked: string | null;
}

const WORKSPACE_OPTION = [
  '-w, --workspace <name>',
  'workspace name (letters, digits, . _ -; up to 100)',
] as const;
const DATABASE_OPTION = [
  '--database <url>',
  'postgres://... or sqlite:<file> (default: $DATABASE_URL)',
] as const;

function checkWorkspaceName(name: string): void {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name)) {
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      '--workspace must be 1 to 100 of A-Z a-z 0-9 . _ -',
      {
        path: '--workspace',
      },
    );
  }
}

/** Opens the database named by --database or DATABASE_URL (migrating it), runs `fn`, closes it. */
async function withDatabase<T>(database: string | undefined, fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const url = database ?? process.env.DATABASE_URL;
  if (!url) {
    throw new ClipwrightError(ErrorCode.InvalidArgument, 'Give --database or set DATABASE_URL', {
      path: '--database',
    });
  }
  const ds = await createDataSource(parseDatabaseUrl(url));
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

/** Listing and revoking never make a workspace: a typo should fail, not answer "no keys". */
async function existingWorkspace(ds: DataSource, name: string): Promise<WorkspaceEntity> {
  const workspace = await new WorkspaceRepository(ds).findByName(name);
  if (!workspace) {
    throw new ServiceError(ServiceErrorCode.WorkspaceNotFound, `No workspace named "${name}"`, {
      path: '--workspace',
    });
  }
  return workspace;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function listing(row: ApiKeyEntity): KeyListing {
  return {
    id: row.id,
    prefix: row.prefix,
    name: row.name,
    created: iso(row.createdAt) as string,
    revoked: iso(row.revokedAt),
  };
}

/**
 * `clipwright keys create|list|revoke`: API keys for service mode, straight against the database
 * (DATABASE_URL or --database; its migrations run first), so the first key needs no key.
 * - `create --workspace NAME` makes the workspace if it is new and a key for it, printed once on
 *   stdout (only its SHA-256 is stored; a lost key is replaced, not recovered). Scripts read stdout,
 *   so everything else goes to stderr, or with --json one object on stdout.
 * - `list --workspace NAME` shows ids, prefixes, names and dates; never hashes.
 * - `revoke KEY_ID --workspace NAME`: scoped to the workspace, so a wrong id cannot hit another's key.
 */
export function registerKeysCommand(program: Command, io: KeysIo): Command {
  const keys = program.command('keys').description('API keys for service mode');
  keys
    .command('create')
    .description('Create an API key for a workspace (the workspace is created if it is new)')
    .requiredOption(...WORKSPACE_OPTION)
    .option('-n, --name <label>', 'a label to tell keys apart', 'default')
    .option(...DATABASE_OPTION)
    .option(
      '--json',
      'print {key, keyId, prefix, workspace, workspaceId, webhookSecret} on stdout instead of the key alone',
    )
    .action(async (opts: { workspace: string; name: string; database?: string; json?: boolean }) => {
      checkWorkspaceName(opts.workspace);
      await withDatabase(opts.database, async (ds) => {
        const workspaces = new WorkspaceRepository(ds);
        const workspace = await workspaces.findOrCreate(opts.workspace);
        const { row, key } = await new ApiKeyRepository(ds).create(workspace.id, opts.name.slice(0, 100));
        const webhookSecret = (await workspaces.webhookSecret(workspace.id)) as string;
        if (opts.json) {
          const out: CreatedKeyJson = {
            key,
            keyId: row.id,
            prefix: row.prefix,
            workspace: workspace.name,
            workspaceId: workspace.id,
            webhookSecret,
          };
          io.stdout(`${JSON.stringify(out)}\n`);
          return;
        }
        io.stdout(`${key}\n`);
        io.stderr(
          `created key ${row.prefix}... (${row.id}) for workspace ${workspace.name} (${workspace.id}); it is shown only now\n` +
            `webhook signing secret of workspace ${workspace.name}: ${webhookSecret}\n` +
            `  (verifies its job webhooks; GET /v1/webhooks/secret with the key shows it again)\n`,
        );
      });
    });

  keys
    .command('list')
    .description(
      "List a workspace's API keys: id, prefix, name, created, revoked (never the key or its hash)",
    )
    .requiredOption(...WORKSPACE_OPTION)
    .option(...DATABASE_OPTION)
    .option('--json', 'print a JSON array on stdout')
    .action(async (opts: { workspace: string; database?: string; json?: boolean }) => {
      checkWorkspaceName(opts.workspace);
      await withDatabase(opts.database, async (ds) => {
        const workspace = await existingWorkspace(ds, opts.workspace);
        const rows = (await new ApiKeyRepository(ds).list(workspace.id)).map(listing);
        if (opts.json) {
          io.stdout(`${JSON.stringify(rows)}\n`);
          return;
        }
        io.stdout('id\tprefix\tname\tcreated\trevoked\n');
        for (const k of rows)
          io.stdout(`${k.id}\t${k.prefix}\t${k.name}\t${k.created}\t${k.revoked ?? '-'}\n`);
        if (rows.length === 0) io.stderr(`workspace ${workspace.name} has no keys\n`);
      });
    });

  keys
    .command('revoke')
    .description(
      `Revoke an API key of a workspace; the API stops accepting it within ${REVOKE_DELAY_S} seconds`,
    )
    .argument('<keyId>', 'the key id, as `keys list` shows it (not the key itself)')
    .requiredOption(...WORKSPACE_OPTION)
    .option(...DATABASE_OPTION)
    .action(async (keyId: string, opts: { workspace: string; database?: string }) => {
      checkWorkspaceName(opts.workspace);
      // Checked before the query: PostgreSQL refuses a malformed uuid with an error, not "no row".
      if (!UUID_PATTERN.test(keyId.toLowerCase())) {
        throw new ClipwrightError(
          ErrorCode.InvalidArgument,
          `"${keyId}" is not a key id (a uuid, as \`clipwright keys list\` shows it)`,
          { path: 'keyId' },
        );
      }
      await withDatabase(opts.database, async (ds) => {
        const workspace = await existingWorkspace(ds, opts.workspace);
        const repo = new ApiKeyRepository(ds);
        const row = (await repo.list(workspace.id)).find((k) => k.id === keyId.toLowerCase());
        if (!row) {
          throw new ClipwrightError(
            ErrorCode.InvalidArgument,
            `No key ${keyId} in workspace ${workspace.name}`,
            { path: 'keyId' },
          );
        }
        if (!(await repo.revoke(workspace.id, row.id))) {
          // Revoked already (here or by a concurrent call): the wanted state holds, so not an error.
          const revokedAt = iso(
            (await repo.list(workspace.id)).find((k) => k.id === row.id)?.revokedAt ?? null,
          );
          io.stdout(
            `key ${row.prefix}... (${row.id}) of workspace ${workspace.name} was already revoked at ${revokedAt}\n`,
          );
          return;
        }
        io.stdout(
          `revoked key ${row.prefix}... (${row.id}) of workspace ${workspace.name}; ` +
            `it stops working within ${REVOKE_DELAY_S} seconds (the API caches keys it has seen that long)\n`,
        );
      });
    });
  return keys;
}
