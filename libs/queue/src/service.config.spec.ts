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
  });

  it.each([
    [{ ...ok, DATABASE_URL: undefined }, 'DATABASE_URL is required'],
    [{ ...ok, DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be'],
    [{ ...ok, REDIS_URL: 'http://x' }, 'REDIS_URL must be'],
    [{ ...ok, PORT: 'eighty' }, 'PORT must be a whole number'],
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
