import { ConfigError, readServiceConfig } from './service.config';

const ok = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('readServiceConfig', () => {
  it('fills defaults and listens on loopback unless told otherwise', () => {
    const c = readServiceConfig(ok, '/srv/cw');
    expect(c).toMatchObject({ host: '127.0.0.1', port: 3000, workerConcurrency: 1, maxAttempts: 3 });
    expect(c).toMatchObject({ webhookAttempts: 6, webhookBackoffMs: 30_000, webhooksAllowLoopback: false });
    expect(readServiceConfig({ ...ok, WEBHOOKS_ALLOW_LOOPBACK: 'true' }, '/').webhooksAllowLoopback).toBe(
      true,
    );
    expect(c.templatesDir).toBe('/srv/cw/templates');
    expect(c).toMatchObject({
      downloads: 'stream',
      metricsPort: 9464,
      metricsHost: '127.0.0.1',
      metricsToken: null,
    });
    expect(c).toMatchObject({ shutdownGraceMs: 25_000, maxJsonDepth: 64, workerNiceness: 10 });
    expect(readServiceConfig({ ...ok, METRICS_PORT: 'off' }, '/').metricsPort).toBeNull();
    expect(c).toMatchObject({
      workerQueues: ['render'],
      diffusionModelsDir: '/srv/cw/models/diffusion',
      diffusionProvider: 'auto',
    });
    expect(readServiceConfig({ ...ok, WORKER_QUEUES: 'render, generate' }, '/').workerQueues).toEqual([
      'render',
      'generate',
    ]);
  });

  it.each([
    [{ ...ok, DATABASE_URL: undefined }, 'DATABASE_URL is required'],
    [{ ...ok, DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be'],
    [{ ...ok, REDIS_URL: 'http://x' }, 'REDIS_URL must be'],
    [{ ...ok, PORT: 'eighty' }, 'PORT must be a whole number'],
    [{ ...ok, WORKER_QUEUES: 'render,gpu' }, 'WORKER_QUEUES must list render and/or generate, not "gpu"'],
    [{ ...ok, CLIPWRIGHT_DIFFUSION_PROVIDER: 'rocm' }, 'CLIPWRIGHT_DIFFUSION_PROVIDER must be one of'],
    [{ ...ok, PORT: '70000' }, 'PORT must be between'],
    [{ ...ok, WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY must be between'],
    [{ ...ok, LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ ...ok, WEBHOOKS_ALLOW_LOOPBACK: 'yes' }, 'WEBHOOKS_ALLOW_LOOPBACK must be true or false'],
    [{ ...ok, WEBHOOK_ATTEMPTS: '0' }, 'WEBHOOK_ATTEMPTS must be between'],
    [{ ...ok, PUBLIC_BASE_URL: 'clips.example.com' }, 'PUBLIC_BASE_URL is not a valid URL'],
    [{ ...ok, PUBLIC_BASE_URL: 'ftp://clips.example.com' }, 'PUBLIC_BASE_URL must be an http'],
    [{ ...ok, PUBLIC_BASE_URL: 'https://clips.example.com/?a=1' }, 'PUBLIC_BASE_URL must not have a query'],
    [{ ...ok, PUBLIC_BASE_URL: 'https://clips.example.com/#top' }, 'PUBLIC_BASE_URL must not have a query'],
    [{ ...ok, PUBLIC_BASE_URL: 'https://clips.example.com?' }, 'PUBLIC_BASE_URL must not have a query'],
    [{ ...ok, PUBLIC_BASE_URL: 'https://u:p@clips.example.com' }, 'PUBLIC_BASE_URL must not contain'],
    [{ ...ok, DOWNLOADS: 'ftp' }, 'DOWNLOADS must be one of stream, redirect'],
    [{ ...ok, METRICS_PORT: 'x' }, 'METRICS_PORT must be a whole number'],
    [{ ...ok, METRICS_TOKEN: 'short' }, 'METRICS_TOKEN must be 16 to 200'],
    [{ ...ok, SHUTDOWN_GRACE_MS: '10' }, 'SHUTDOWN_GRACE_MS must be between'],
    [{ ...ok, MAX_JSON_DEPTH: '2' }, 'MAX_JSON_DEPTH must be between'],
    [{ ...ok, WORKER_NICENESS: '20' }, 'WORKER_NICENESS must be between'],
  ])('refuses a bad value, naming the variable (%#)', (env, message) => {
    expect(() => readServiceConfig(env, '/srv')).toThrow(ConfigError);
    expect(() => readServiceConfig(env, '/srv')).toThrow(message);
  });

  it('reads PUBLIC_BASE_URL without its trailing slash, and leaves it null when unset', () => {
    expect(readServiceConfig(ok, '/').publicBaseUrl).toBeNull();
    expect(readServiceConfig({ ...ok, PUBLIC_BASE_URL: '' }, '/').publicBaseUrl).toBeNull();
    const base = (v: string) => readServiceConfig({ ...ok, PUBLIC_BASE_URL: v }, '/').publicBaseUrl;
    expect(base('https://clips.example.com')).toBe('https://clips.example.com');
    expect(base('https://clips.example.com/')).toBe('https://clips.example.com');
    expect(base('http://127.0.0.1:8080/clipwright/')).toBe('http://127.0.0.1:8080/clipwright');
    expect(base('HTTPS://Clips.Example.com:443/api')).toBe('https://clips.example.com/api');
  });

  it('accepts SQLite for a single-machine service', () => {
    expect(readServiceConfig({ ...ok, DATABASE_URL: 'sqlite:/var/cw.db' }, '/').databaseUrl).toBe(
      'sqlite:/var/cw.db',
    );
  });
});
