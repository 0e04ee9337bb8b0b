import { DataSource } from 'typeorm';
import { ServiceError, ServiceErrorCode } from '@app/core';
import { ApiKeyEntity } from './api-key.entity';
import { AssetEntity } from './asset.entity';
import { JobOutputEntity } from './job-output.entity';
import { JobEntity } from './job.entity';
import { Initial1763770000000 } from './migrations/1763770000000-initial.migration';
import { WebhookSecret1763900000000 } from './migrations/1763900000000-webhook-secret.migration';
import { WebhookSecretRotation1764100000000 } from './migrations/1764100000000-webhook-secret-rotation.migration';
import { JobStateUpdatedIndex1764300000000 } from './migrations/1764300000000-job-state-updated-index.migration';
import { JobKind1764500000000 } from './migrations/1764500000000-job-kind.migration';
import { JobSpeech1764600000000 } from './migrations/1764600000000-job-speech.migration';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { BrandKitEntity } from './brand-kit.entity';
import { BrandKit1765431000000 } from './migrations/1765431000000-brand-kit.migration';
import { JobTimeline1765520000000 } from './migrations/1765520000000-job-timeline.migration';
import { WorkspaceEntity } from './workspace.entity';
import { ConsentRecordEntity, ProvenanceRights1765000000000, WorkspaceRightsEntity } from '@app/provenance';

export const entities = [
  WorkspaceEntity,
  ApiKeyEntity,
  JobEntity,
  JobOutputEntity,
  AssetEntity,
  WebhookDeliveryEntity,
  ConsentRecordEntity,
  WorkspaceRightsEntity,
  BrandKitEntity,
];
export const migrations = [
  Initial1763770000000,
  WebhookSecret1763900000000,
  WebhookSecretRotation1764100000000,
  JobStateUpdatedIndex1764300000000,
  JobKind1764500000000,
  JobSpeech1764600000000,
  ProvenanceRights1765000000000,
  BrandKit1765431000000,
  JobTimeline1765520000000,
];

/** `sqlite:<file>` or `sqlite::memory:` (embedded), or `postgres://...` (service mode). */
export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

export function parseDatabaseUrl(url: string): DatabaseConfig {
  if (url.startsWith('sqlite:')) return { type: 'sqlite', path: url.slice('sqlite:'.length) || ':memory:' };
  if (/^postgres(ql)?:\/\//.test(url)) return { type: 'postgres', url };
  throw new ServiceError(
    ServiceErrorCode.ConfigInvalid,
    'must start with postgres://, postgresql:// or sqlite:',
    {
      path: 'DATABASE_URL',
    },
  );
}

export interface DataSourceOptions {
  /** Build the schema from the entities instead of migrating: unit tests only. */
  synchronize?: boolean;
  /** Run pending migrations on initialize (default true). */
  migrate?: boolean;
  /**
   * PostgreSQL: the longest wait for a pooled connection and for a query's answer, in ms (default
   * 5000). A database that is down or hung then fails a request in bounded time (HTTP 503) instead
   * of holding it.
   */
  timeoutMs?: number;
}

/** Creates and initialises the data source; migrations run unless told not to. */
export async function createDataSource(
  config: DatabaseConfig,
  options: DataSourceOptions = {},
): Promise<DataSource> {
  const common = {
    entities,
    migrations,
    synchronize: options.synchronize ?? false,
    migrationsRun: !options.synchronize && (options.migrate ?? true),
    logging: false as const,
  };
  const ds =
    config.type === 'sqlite'
      ? new DataSource({
          type: 'better-sqlite3',
          database: config.path,
          // WAL lets the API read while a worker writes; busy_timeout waits for a lock instead of failing.
          prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
            db.pragma('journal_mode = WAL');
            db.pragma('busy_timeout = 5000');
          },
          ...common,
        })
      : new DataSource({
          type: 'postgres',
          url: config.url,
          extra: {
            max: 10,
            connectionTimeoutMillis: options.timeoutMs ?? 5000,
            query_timeout: options.timeoutMs ?? 5000,
            keepAlive: true,
          },
          ...common,
        });
  await ds.initialize();
  return ds;
}
