/**
 * The contract scripts/services.sh gives every medium test: the variables are set and each server
 * answers on loopback with the credentials they carry.
 */
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import Redis from 'ioredis';
import { Client } from 'pg';
import { requireServiceEnv, SERVICE_ENV_KEYS } from './services';

jest.setTimeout(30_000);

describe('test servers', () => {
  it('are named by the environment, all on 127.0.0.1', () => {
    for (const key of SERVICE_ENV_KEYS) requireServiceEnv(key);
    for (const key of ['REDIS_URL', 'DATABASE_URL', 'S3_ENDPOINT'] as const) {
      expect(new URL(requireServiceEnv(key)).hostname).toBe('127.0.0.1');
    }
  });

  it('Redis answers', async () => {
    const redis = new Redis(requireServiceEnv('REDIS_URL'), { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
    }
  });

  it('PostgreSQL takes the clipwright user, who may create databases', async () => {
    const pg = new Client({ connectionString: requireServiceEnv('DATABASE_URL') });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ db: string; usr: string; createdb: boolean }>(
        'select current_database() as db, current_user as usr, rolcreatedb as createdb from pg_roles where rolname = current_user',
      );
      expect(rows).toEqual([{ db: 'clipwright', usr: 'clipwright', createdb: true }]);
    } finally {
      await pg.end();
    }
  });

  it('S3 has the bucket', async () => {
    const s3 = new S3Client({
      endpoint: requireServiceEnv('S3_ENDPOINT'),
      region: requireServiceEnv('S3_REGION'),
      forcePathStyle: requireServiceEnv('S3_FORCE_PATH_STYLE') === 'true',
      credentials: {
        accessKeyId: requireServiceEnv('S3_ACCESS_KEY_ID'),
        secretAccessKey: requireServiceEnv('S3_SECRET_ACCESS_KEY'),
      },
    });
    const out = await s3.send(new HeadBucketCommand({ Bucket: requireServiceEnv('S3_BUCKET') }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    s3.destroy();
  });
});
