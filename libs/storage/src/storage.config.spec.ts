import * as path from 'node:path';
import { LocalStorage } from './local.storage';
import { S3Storage } from './s3.storage';
import { createStorage, storageConfigFromEnv } from './storage.config';

describe('storage config', () => {
  it('defaults to a local folder', () => {
    expect(storageConfigFromEnv({})).toEqual({ driver: 'local', root: path.resolve('storage') });
    const storage = createStorage(storageConfigFromEnv({ STORAGE: 'local', STORAGE_DIR: '/srv/clips' }));
    expect(storage).toBeInstanceOf(LocalStorage);
    expect((storage as LocalStorage).root).toBe('/srv/clips');
  });

  it('reads the S3 settings the services script prints', () => {
    const env = {
      STORAGE: 's3',
      S3_ENDPOINT: 'http://127.0.0.1:54569',
      S3_BUCKET: 'clipwright',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'true',
    };
    expect(storageConfigFromEnv(env)).toEqual({
      driver: 's3',
      bucket: 'clipwright',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:54569',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    expect(createStorage(storageConfigFromEnv(env))).toBeInstanceOf(S3Storage);
  });

  it('leaves credentials to the SDK chain when none are given', () => {
    expect(storageConfigFromEnv({ STORAGE: 's3', S3_BUCKET: 'b' })).toMatchObject({
      region: 'us-east-1',
      forcePathStyle: false,
      credentials: undefined,
      endpoint: undefined,
    });
  });

  it.each([
    [{ STORAGE: 'ftp' }, 'STORAGE'],
    [{ STORAGE: 's3' }, 'S3_BUCKET'],
    [{ STORAGE: 's3', S3_BUCKET: 'b', S3_ENDPOINT: 'not a url' }, 'S3_ENDPOINT'],
    [{ STORAGE: 's3', S3_BUCKET: 'b', S3_ENDPOINT: 'ftp://x' }, 'S3_ENDPOINT'],
    [{ STORAGE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k' }, 'S3_SECRET_ACCESS_KEY'],
    [{ STORAGE: 's3', S3_BUCKET: 'b', S3_FORCE_PATH_STYLE: 'yes please' }, 'S3_FORCE_PATH_STYLE'],
  ])('refuses %j, naming %s', (env, name) => {
    expect(() => storageConfigFromEnv(env)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', path: name }),
    );
  });
});
