import * as path from 'node:path';
import { ClipwrightError, ServiceError, ServiceErrorCode } from '@app/core';
import { LocalStorage } from './local.storage';
import type { ObjectStorage } from './object-storage.types';
import { S3Storage, S3StorageConfig } from './s3.storage';

export type StorageConfig = { driver: 'local'; root: string } | ({ driver: 's3' } & S3StorageConfig);

/** Injection token for the one ObjectStorage an app binds (docs/conventions.md §4). */
export const OBJECT_STORAGE = 'ObjectStorage';

function bad(name: string, message: string): ClipwrightError {
  return new ServiceError(ServiceErrorCode.ConfigInvalid, `${name}: ${message}`, { path: name });
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw bad(name, `expected true or false, got "${env[name]}"`);
}

function httpUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim() || undefined;
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad(name, `not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad(name, 'must be http(s)');
  return raw;
}

/**
 * Validate the storage settings once, at boot (docs/conventions.md §8), so a typo stops the process
 * instead of failing the first upload an hour later.
 *
 * STORAGE=local (default): STORAGE_DIR (default ./storage, resolved against the working directory).
 * STORAGE=s3: S3_BUCKET (required), S3_REGION (us-east-1), S3_ENDPOINT, S3_PUBLIC_ENDPOINT (the host
 * presigned download URLs name: what clients reach; default S3_ENDPOINT), S3_FORCE_PATH_STYLE (false),
 * S3_ACCESS_KEY_ID + S3_SECRET_ACCESS_KEY (both or neither; neither uses the SDK's default chain).
 */
export function storageConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  const driver = (env.STORAGE ?? 'local').trim() || 'local';
  if (driver === 'local') {
    return { driver: 'local', root: path.resolve(env.STORAGE_DIR?.trim() || 'storage') };
  }
  if (driver !== 's3') throw bad('STORAGE', `expected "local" or "s3", got "${driver}"`);

  const bucket = env.S3_BUCKET?.trim();
  if (!bucket) throw bad('S3_BUCKET', 'required when STORAGE=s3');
  const endpoint = httpUrl(env, 'S3_ENDPOINT');
  const publicEndpoint = httpUrl(env, 'S3_PUBLIC_ENDPOINT');
  const accessKeyId = env.S3_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim();
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw bad(accessKeyId ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID', 'set both S3 keys or neither');
  }
  return {
    driver: 's3',
    bucket,
    region: env.S3_REGION?.trim() || 'us-east-1',
    endpoint,
    ...(publicEndpoint ? { publicEndpoint } : {}),
    forcePathStyle: flag(env, 'S3_FORCE_PATH_STYLE', false),
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  };
}

export function createStorage(config: StorageConfig): ObjectStorage {
  switch (config.driver) {
    case 'local':
      return new LocalStorage(config.root);
    case 's3': {
      const { driver: _driver, ...s3 } = config;
      return new S3Storage(s3);
    }
  }
}
