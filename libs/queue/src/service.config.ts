import * as path from 'node:path';

/**
 * Service-mode settings, read once from the environment at boot (CONVENTIONS.md §8). A bad value
 * stops the process with a message that names the variable; inside, everything is typed and set.
 */
export interface ServiceConfig {
  databaseUrl: string;
  redisUrl: string;
  host: string;
  port: number;
  templatesDir: string;
  /** The presenter library (models/presenters), for templates with a presenter layer. */
  presentersDir: string;
  /** BullMQ key prefix: separate deployments (or test runs) can share one Redis. */
  queuePrefix: string;
  workerConcurrency: number;
  /** BullMQ lock: a worker that stops renewing it (killed, hung) loses the job after this long. */
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxAttempts: number;
  backoffMs: number;
  /** Webhook jobs: BullMQ attempts and first backoff, for receivers down longer than in-process retries last. */
  webhookAttempts: number;
  webhookBackoffMs: number;
  /**
   * WEBHOOKS_ALLOW_LOOPBACK=true lets callbackUrl point at 127.0.0.1 / ::1. TESTS ONLY (a receiver in
   * the test process): in production it lets any customer reach services on the API's and worker's
   * own machines. Private, link-local and other non-public ranges stay refused either way.
   */
  webhooksAllowLoopback: boolean;
  /**
   * PUBLIC_BASE_URL: where clients reach this API from outside (`https://clips.example.com`, or with
   * a path prefix behind a proxy), no trailing slash. When set, links the service sends out of band
   * (webhook `data.outputs`) are absolute; null leaves them as API paths (`/v1/jobs/...`).
   */
  publicBaseUrl: string | null;
  maxBodyBytes: number;
  maxAssetBytes: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, not "${raw}"`);
  const v = Number(raw);
  if (v < min || v > max) throw new ConfigError(name, `must be between ${min} and ${max}, not ${v}`);
  return v;
}

function url(env: Env, name: string, schemes: RegExp, hint: string): string {
  const raw = env[name];
  if (!raw) throw new ConfigError(name, `is required (${hint})`);
  if (!schemes.test(raw)) throw new ConfigError(name, `must be ${hint}`);
  try {
    if (!raw.startsWith('sqlite:')) new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  return raw;
}

function prefix(env: Env): string {
  const v = env.QUEUE_PREFIX ?? 'clipwright';
  if (!/^[A-Za-z0-9_-]{1,50}$/.test(v))
    throw new ConfigError('QUEUE_PREFIX', 'must be 1 to 50 of A-Z a-z 0-9 _ -');
  return v;
}

function bool(env: Env, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ConfigError(name, `must be true or false, not "${raw}"`);
}

/** An http(s) origin with an optional path: a query or fragment would break `base + path`. */
function baseUrl(env: Env, name: string): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a valid URL: "${raw}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new ConfigError(name, `must be an http:// or https:// URL, not "${raw}"`);
  if (raw.includes('?') || raw.includes('#'))
    throw new ConfigError(name, `must not have a query or fragment: "${raw}"`);
  if (u.username || u.password) throw new ConfigError(name, 'must not contain a user name or password');
  return u.href.replace(/\/+$/, '');
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function readServiceConfig(env: Env, root: string): ServiceConfig {
  const host = env.HOST ?? '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError('HOST', `is not a host name or address: "${host}"`);
  const logLevel = (env.LOG_LEVEL ?? 'info') as ServiceConfig['logLevel'];
  if (!LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LEVELS.join(', ')}`);
  return {
    databaseUrl: url(env, 'DATABASE_URL', /^(postgres(ql)?:\/\/|sqlite:)/, 'postgres://... or sqlite:<file>'),
    redisUrl: url(env, 'REDIS_URL', /^rediss?:\/\//, 'redis://host:port'),
    host,
    port: int(env, 'PORT', 3000, 0, 65535),
    templatesDir: path.resolve(env.CLIPWRIGHT_TEMPLATES ?? path.join(root, 'templates')),
    presentersDir: path.resolve(env.CLIPWRIGHT_PRESENTERS ?? path.join(root, 'models', 'presenters')),
    queuePrefix: prefix(env),
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', 1, 1, 64),
    lockDurationMs: int(env, 'WORKER_LOCK_MS', 30_000, 1000, 3_600_000),
    stalledIntervalMs: int(env, 'WORKER_STALLED_INTERVAL_MS', 30_000, 500, 3_600_000),
    maxAttempts: int(env, 'JOB_ATTEMPTS', 3, 1, 20),
    backoffMs: int(env, 'JOB_BACKOFF_MS', 2000, 0, 3_600_000),
    webhookAttempts: int(env, 'WEBHOOK_ATTEMPTS', 6, 1, 20),
    webhookBackoffMs: int(env, 'WEBHOOK_BACKOFF_MS', 30_000, 0, 3_600_000),
    webhooksAllowLoopback: bool(env, 'WEBHOOKS_ALLOW_LOOPBACK'),
    publicBaseUrl: baseUrl(env, 'PUBLIC_BASE_URL'),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    maxAssetBytes: int(env, 'MAX_ASSET_BYTES', 20 * 1_048_576, 1024, 1024 * 1_048_576),
    logLevel,
  };
}
