import { DataSource } from 'typeorm';
import { GATEWAY_ENTITIES } from './gateway.entities';
import { MosGatewayInitial1764200000000 } from './migrations/1764200000000-mos-gateway-initial.migration';

/** The gateway's migrations table: its own, so the service's migration history is never touched. */
export const MIGRATIONS_TABLE = 'mos_gateway_migrations';
export const GATEWAY_MIGRATIONS = [MosGatewayInitial1764200000000];

/**
 * Opens the gateway's database (`postgres://...` or `sqlite:<file>`) and runs its pending
 * migrations. Throws when the database cannot be reached.
 */
export async function openGatewayDatabase(url: string): Promise<DataSource> {
  const common = {
    entities: GATEWAY_ENTITIES,
    migrations: GATEWAY_MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: true,
    synchronize: false,
    logging: false as const,
  };
  const ds = url.startsWith('sqlite:')
    ? new DataSource({
        type: 'better-sqlite3',
        database: url.slice('sqlite:'.length) || ':memory:',
        prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
          db.pragma('journal_mode = WAL');
          db.pragma('busy_timeout = 5000');
        },
        ...common,
      })
    : new DataSource({ type: 'postgres', url, extra: { max: 5, connectionTimeoutMillis: 5000 }, ...common });
  await ds.initialize();
  return ds;
}
