import { execFile } from 'node:child_process';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { withTimeout } from '@app/core';
import type { ObjectStorage } from '@app/storage';

/** One dependency's answer: whether it worked and how long it took. No error text: that is for the log. */
export interface Check {
  ok: boolean;
  ms: number;
}

async function timed(fn: () => Promise<unknown>, timeoutMs: number, what: string): Promise<Check> {
  const t0 = Date.now();
  try {
    await withTimeout(fn(), timeoutMs, what);
    return { ok: true, ms: Date.now() - t0 };
  } catch {
    return { ok: false, ms: Date.now() - t0 };
  }
}

function ffmpegVersion(): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(process.env.FFMPEG_PATH ?? 'ffmpeg', ['-hide_banner', '-version'], { timeout: 10_000 }, (err) =>
      err ? reject(err) : resolve(),
    ),
  );
}

/**
 * Readiness of the API's dependencies, each bounded by `timeoutMs`. One check is shared by every
 * caller within a second, so pollers cannot turn it into load on the database, Redis and S3; the
 * ffmpeg answer changes only when someone installs or removes it, so it is asked once a minute.
 */
export class HealthService {
  private last: { at: number; checks: Promise<Record<string, Check>> } | undefined;
  private ffmpeg: { at: number; check: Check } | undefined;

  constructor(
    private readonly ds: Pick<DataSource, 'query'>,
    private readonly redis: Pick<Redis, 'ping'>,
    private readonly storage: Pick<ObjectStorage, 'exists'>,
    private readonly timeoutMs: number,
  ) {}

  checks(): Promise<Record<string, Check>> {
    if (!this.last || Date.now() - this.last.at > 1000) this.last = { at: Date.now(), checks: this.run() };
    return this.last.checks;
  }

  async ready(): Promise<boolean> {
    return Object.values(await this.checks()).every((c) => c.ok);
  }

  private async run(): Promise<Record<string, Check>> {
    if (!this.ffmpeg || Date.now() - this.ffmpeg.at > 60_000)
      // Asked once a minute, so it may take longer than a dependency's bound on a busy machine.
      this.ffmpeg = {
        at: Date.now(),
        check: await timed(ffmpegVersion, Math.max(this.timeoutMs, 10_000), 'ffmpeg'),
      };
    const [db, redis, storage] = await Promise.all([
      timed(() => this.ds.query('SELECT 1'), this.timeoutMs, 'database'),
      timed(() => this.redis.ping(), this.timeoutMs, 'redis'),
      timed(() => this.storage.exists('health/probe'), this.timeoutMs, 'storage'),
    ]);
    return { db, redis, storage, ffmpeg: this.ffmpeg.check };
  }
}
