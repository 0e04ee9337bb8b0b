import * as os from 'node:os';
import * as path from 'node:path';
import { ServiceError, ServiceErrorCode } from '@app/core';

/**
 * Service-mode settings, read once from the environment at boot (docs/conventions.md §8). A bad value
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
  /** MAX_JSON_DEPTH: deepest nesting a JSON body may have (containers), checked before parsing. */
  maxJsonDepth: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * DEPENDENCY_TIMEOUT_MS: the longest a request waits on Redis or storage, and (DB_TIMEOUT_MS) on
   * the database, before it answers 503 (or, for a job create, accepts the job for the reconciler).
   */
  dependencyTimeoutMs: number;
  dbTimeoutMs: number;
  /** RETRY_AFTER_S: the Retry-After of a 503 while a dependency is down. */
  retryAfterSeconds: number;
  /**
   * RECONCILE_INTERVAL_MS: how often a worker compares unfinished job rows with the queue and puts
   * back what Redis lost (or never got, when it was down at create); a row must have been untouched
   * that long before it counts as missing.
   */
  reconcileIntervalMs: number;
  /** SHUTDOWN_GRACE_MS: on SIGTERM, the most time given to in-flight work before the process exits. */
  shutdownGraceMs: number;
  /** STAGING_DIR: where workers render; a folder per job, swept when its job is finished. */
  stagingDir: string;
  /** UPLOAD_RETRY_WINDOW_MS: how long one run retries storing finished files before giving the job back. */
  uploadRetryWindowMs: number;
  /** WORKER_NICENESS: the worker's CPU priority (0-19, higher yields more), so an API on the same machine stays quick. */
  workerNiceness: number;
  /**
   * METRICS_PORT / METRICS_HOST: a second listener with /metrics (Prometheus) and /health/details,
   * loopback by default; 0 picks a free port. METRICS_TOKEN: also serve /metrics on the API port,
   * to `Authorization: Bearer <token>` only. Without a token the API port serves no metrics.
   */
  metricsPort: number | null;
  metricsHost: string;
  metricsToken: string | null;
  /**
   * DOWNLOADS: `stream` (default) sends output bytes through the API, so `curl -o` saves the file;
   * `redirect` answers 302 to a presigned storage URL (set S3_PUBLIC_ENDPOINT to what clients reach).
   */
  downloads: 'stream' | 'redirect';
  /**
   * WORKER_QUEUES: the work queues this worker consumes, comma-separated, of `render` and `generate`
   * (default `render`). Webhooks are sent by every worker. A GPU machine runs `generate`.
   */
  workerQueues: ('render' | 'generate')[];
  /** CLIPWRIGHT_DIFFUSION_MODELS: the diffusion model folders (models/diffusion/<id>/). */
  diffusionModelsDir: string;
  /** CLIPWRIGHT_UPSCALE_MODELS: super-resolution models (models/upscale/<id>.onnx). */
  upscaleModelsDir: string;
  /** CLIPWRIGHT_DIFFUSION_PROVIDER: `auto` (CUDA when installed, else the CPU), `cuda` (required) or `cpu`. */
  diffusionProvider: 'auto' | 'cuda' | 'cpu';
  /** IMAGE_CACHE_DIR: the engine's cache folder; template `generate` layers keep their pictures in `images/`. */
  imageCacheDir: string;
}

export class ConfigError extends ServiceError {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(ServiceErrorCode.ConfigInvalid, `${variable} ${message}`, { path: variable });
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

function optionalPort(env: Env, name: string, fallback: number | null): number | null {
  const raw = env[name]?.trim();
  if (raw === 'off') return null;
  if (raw === undefined || raw === '') return fallback;
  return int(env, name, 0, 0, 65535);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = (env[name]?.trim() || fallback) as T;
  if (!allowed.includes(raw))
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, not "${raw}"`);
  return raw;
}

function queues(env: Env): ServiceConfig['workerQueues'] {
  const raw = env.WORKER_QUEUES?.trim() || 'render';
  const list = [...new Set(raw.split(',').map((q) => q.trim()))];
  for (const q of list)
    if (q !== 'render' && q !== 'generate')
      throw new ConfigError('WORKER_QUEUES', `must list render and/or generate, not "${q}"`);
  return list as ServiceConfig['workerQueues'];
}

function token(env: Env, name: string): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  if (!/^[A-Za-z0-9._~+/=-]{16,200}$/.test(raw))
    throw new ConfigError(name, 'must be 16 to 200 characters of A-Z a-z 0-9 . _ ~ + / = -');
  return raw;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function host(env: Env, name: string, fallback: string): string {
  const v = env[name]?.trim() || fallback;
  if (!/^[\w.:-]+$/.test(v)) throw new ConfigError(name, `is not a host name or address: "${v}"`);
  return v;
}

export function readServiceConfig(env: Env, root: string): ServiceConfig {
  const logLevel = (env.LOG_LEVEL ?? 'info') as ServiceConfig['logLevel'];
  if (!LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LEVELS.join(', ')}`);
  return {
    databaseUrl: url(env, 'DATABASE_URL', /^(postgres(ql)?:\/\/|sqlite:)/, 'postgres://... or sqlite:<file>'),
    redisUrl: url(env, 'REDIS_URL', /^rediss?:\/\//, 'redis://host:port'),
    host: host(env, 'HOST', '127.0.0.1'),
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
    maxJsonDepth: int(env, 'MAX_JSON_DEPTH', 64, 4, 1000),
    logLevel,
    dependencyTimeoutMs: int(env, 'DEPENDENCY_TIMEOUT_MS', 2000, 50, 60_000),
    dbTimeoutMs: int(env, 'DB_TIMEOUT_MS', 5000, 100, 120_000),
    retryAfterSeconds: int(env, 'RETRY_AFTER_S', 5, 1, 3600),
    reconcileIntervalMs: int(env, 'RECONCILE_INTERVAL_MS', 15_000, 200, 3_600_000),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 25_000, 100, 600_000),
    stagingDir: path.resolve(env.STAGING_DIR?.trim() || path.join(os.tmpdir(), 'clipwright-staging')),
    uploadRetryWindowMs: int(env, 'UPLOAD_RETRY_WINDOW_MS', 600_000, 0, 86_400_000),
    workerNiceness: int(env, 'WORKER_NICENESS', 10, 0, 19),
    metricsPort: optionalPort(env, 'METRICS_PORT', 9464),
    metricsHost: host(env, 'METRICS_HOST', '127.0.0.1'),
    metricsToken: token(env, 'METRICS_TOKEN'),
    downloads: oneOf(env, 'DOWNLOADS', ['stream', 'redirect'] as const, 'stream'),
    workerQueues: queues(env),
    diffusionModelsDir: path.resolve(
      env.CLIPWRIGHT_DIFFUSION_MODELS || path.join(root, 'models', 'diffusion'),
    ),
    upscaleModelsDir: path.resolve(env.CLIPWRIGHT_UPSCALE_MODELS || path.join(root, 'models', 'upscale')),
    diffusionProvider: oneOf(env, 'CLIPWRIGHT_DIFFUSION_PROVIDER', ['auto', 'cuda', 'cpu'] as const, 'auto'),
    imageCacheDir: path.resolve(
      env.IMAGE_CACHE_DIR?.trim() || path.join(os.tmpdir(), 'clipwright-image-cache'),
    ),
  };
}
