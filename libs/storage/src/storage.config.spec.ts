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

describe('S3_PUBLIC_ENDPOINT', () => {
  const env = {
    STORAGE: 's3',
    S3_BUCKET: 'clips',
    S3_ENDPOINT: 'http://10.0.0.5:9000',
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    S3_SECRET_ACCESS_KEY: 'secret',
  };

  it('signs download URLs for the address clients reach, not the internal one', async () => {
    const config = storageConfigFromEnv({ ...env, S3_PUBLIC_ENDPOINT: 'https://files.example.com' });
    const storage = createStorage(config);
    const url = new URL((await storage.signedGetUrl('ws/jobs/j/a1/clip-16x9.mp4', 900)) as string);
    expect([url.origin, url.pathname]).toEqual([
      'https://files.example.com',
      '/clips/ws/jobs/j/a1/clip-16x9.mp4',
    ]);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    const internal = new URL(
      (await createStorage(storageConfigFromEnv(env)).signedGetUrl('ws/x', 60)) as string,
    );
    expect(internal.origin).toBe('http://10.0.0.5:9000');
  });

  it('refuses a value that is not an http(s) URL', () => {
    expect(() => storageConfigFromEnv({ ...env, S3_PUBLIC_ENDPOINT: 'files.example.com' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', path: 'S3_PUBLIC_ENDPOINT' }),
    );
  });
});
