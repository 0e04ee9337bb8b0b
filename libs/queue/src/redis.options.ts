import type { ConnectionOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';

/** `redis://[:password@]host:port[/db]` as ioredis options; BullMQ workers need maxRetriesPerRequest null. */
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** The same, typed for BullMQ (whose own RedisOptions type is a looser copy of ioredis's). */
export function bullConnection(url: string): ConnectionOptions {
  return redisOptions(url) as ConnectionOptions;
}
