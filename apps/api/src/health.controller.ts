import { execFile } from 'node:child_process';
import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '@app/queue';
import { OBJECT_STORAGE, ObjectStorage } from '@app/storage';
import { Public } from './api-key.guard';
import { MetricsService } from './metrics.service';

type Check = { ok: boolean; ms: number; error?: string };

async function timed(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<Check> {
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), timeoutMs))),
    ]);
    return { ok: true, ms: Date.now() - t0 };
  } catch (e) {
    return { ok: false, ms: Date.now() - t0, error: (e as Error).message.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

/** The ffmpeg answer changes only when someone installs or removes it: asked once a minute. */
let ffmpegCache: { at: number; check: Check } | undefined;

function ffmpegVersion(): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(process.env.FFMPEG_PATH ?? 'ffmpeg', ['-hide_banner', '-version'], { timeout: 2000 }, (err) =>
      err ? reject(new Error('ffmpeg did not run')) : resolve(),
    ),
  );
}

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {}

  /**
   * 200 when every dependency answers, 503 naming the ones that do not. /health is public, so one
   * check is shared by every caller within a second: pollers cannot turn it into load on the
   * database, Redis and S3.
   */
  @Public()
  @Get('health')
  async health(@Res() res: Response) {
    if (!this.last || Date.now() - this.last.at > 1000) this.last = { at: Date.now(), checks: this.check() };
    const checks = await this.last.checks;
    const ok = Object.values(checks).every((c) => c.ok);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', checks });
  }

  private last: { at: number; checks: Promise<Record<string, Check>> } | undefined;

  private async check(): Promise<Record<string, Check>> {
    if (!ffmpegCache || Date.now() - ffmpegCache.at > 60_000) {
      ffmpegCache = { at: Date.now(), check: await timed(ffmpegVersion) };
    }
    const [db, redis, storage] = await Promise.all([
      timed(() => this.ds.query('SELECT 1')),
      timed(() => this.redis.ping()),
      timed(() => this.storage.exists('health/probe')),
    ]);
    return { db, redis, storage, ffmpeg: ffmpegCache.check };
  }

  @Public()
  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText() {
    return this.metrics.render();
  }
}
