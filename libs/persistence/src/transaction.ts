import { DataSource, EntityManager } from 'typeorm';

const tails = new WeakMap<DataSource, Promise<unknown>>();

/**
 * `ds.transaction`, queued one at a time on SQLite: better-sqlite3 is one connection, and a second
 * BEGIN while one is open fails ("cannot start a transaction within a transaction"). PostgreSQL
 * has a pool, so its transactions run side by side.
 */
export function transaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type !== 'better-sqlite3') return ds.transaction(work);
  const previous = tails.get(ds) ?? Promise.resolve();
  const next = previous.then(
    () => ds.transaction(work),
    () => ds.transaction(work),
  );
  tails.set(
    ds,
    next.catch(() => undefined),
  );
  return next;
}
