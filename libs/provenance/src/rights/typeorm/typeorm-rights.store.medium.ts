/** The rights store on PostgreSQL: the migration leaves nothing for the entities to change, and the store contract holds. */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { parseExportLine, runServicesScript } from '../../../../../test/servers/services';
import { storeContract } from '../rights.store.testing';
import { ProvenanceRights1765000000000 } from './1765000000000-provenance-rights.migration';
import { ConsentRecordEntity } from './consent-record.entity';
import { TypeOrmRightsStore } from './typeorm-rights.store';
import { WorkspaceRightsEntity } from './workspace-rights.entity';

jest.setTimeout(60_000);

storeContract('TypeOrmRightsStore on PostgreSQL (migrated)', async () => {
  const base = process.env.DATABASE_URL ?? parseExportLine(runServicesScript('start')).DATABASE_URL;
  const name = `cw_rights_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const ds = new DataSource({
    type: 'postgres',
    url: url.toString(),
    entities: [ConsentRecordEntity, WorkspaceRightsEntity],
    migrations: [ProvenanceRights1765000000000],
    migrationsRun: true,
  });
  await ds.initialize();
  const pending = await ds.driver.createSchemaBuilder().log();
  expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  return {
    store: new TypeOrmRightsStore(ds),
    close: async () => {
      await ds.destroy();
      const drop = new Client({ connectionString: base });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    },
  };
});
