import type { ConnectionOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';

/**
 * `redis://[:password@]host:port[/db]` as ioredis options. `worker`: BullMQ workers need
 * maxRetriesPerRequest null (they wait out an outage). `producer` (the API): fail fast instead, as
 * BullMQ advises for queue producers, so a request never waits on a Redis that is down: commands
 * are refused while disconnected rather than queued.
 */
export function redisOptions(url: string, role: 'worker' | 'producer' = 'worker'): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    ...(role === 'worker'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 }),
    // Reconnect for ever, at most every 2 s: Redis coming back is picked up without a restart.
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
}

/** The same, typed for BullMQ (whose own RedisOptions type is a looser copy of ioredis's). */
export function bullConnection(url: string, role: 'worker' | 'producer' = 'worker'): ConnectionOptions {
  return redisOptions(url, role) as ConnectionOptions;
}
