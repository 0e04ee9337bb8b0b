import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * One multi-row INSERT of whole entities, its SQL built from the entity's metadata and each value
 * converted by the driver exactly as TypeORM does (JSON columns, dates, uuids). On the job-create
 * path TypeORM's query builder cost more CPU than the database round trip itself; this skips only
 * the builder, not the conversions. No RETURNING: every column, the id included, is set by us.
 */
export async function insertRows<T extends ObjectLiteral>(
  db: DataSource | EntityManager,
  entity: EntityTarget<T>,
  rows: T[],
): Promise<void> {
  if (rows.length === 0) return;
  const ds = 'manager' in db ? db : db.connection;
  const { driver } = ds;
  const meta = ds.getMetadata(entity);
  const columns = meta.columns;
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const marks = columns.map((column) => {
      values.push(driver.preparePersistentValue(column.getEntityValue(row), column));
      return driver.createParameter(`p${values.length}`, values.length - 1);
    });
    return `(${marks.join(', ')})`;
  });
  const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
  await db.query(
    `INSERT INTO ${driver.escape(meta.tableName)} (${names}) VALUES ${tuples.join(', ')}`,
    values,
  );
}
