import { Controller, Get, Header, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { ServiceErrorCode } from '@app/core';
import { SERVICE_CONFIG, ServiceConfig } from '@app/queue';
import { ApiError } from './api.error';
import { Public } from './api-key.guard';
import { HealthService } from './health.service';
import { MetricsService } from './metrics.service';

/** Constant-time comparison of a presented bearer token with the configured one. */
export function tokenMatches(header: string | undefined, token: string | null): boolean {
  if (!token || !header?.startsWith('Bearer ')) return false;
  const a = Buffer.from(header.slice('Bearer '.length));
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    @Inject(HealthService) private readonly health: HealthService,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /**
   * Public readiness for load balancers: 200 `{"status":"ok"}` when every dependency answers, 503
   * `{"status":"unavailable"}` otherwise, and nothing else: which dependency, its address or its
   * error are on the metrics listener (`/health/details`), not here.
   */
  @Public()
  @Get('health')
  async ready(@Res() res: Response) {
    const ok = await this.health.ready();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable' });
  }

  /** Liveness: the process answers. Never touches a dependency, so an outage does not get it restarted. */
  @Public()
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Prometheus text on the API port only with METRICS_TOKEN (the metrics listener needs none). */
  @Public()
  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText(@Headers('authorization') auth: string | undefined) {
    if (!this.config.metricsToken) throw ApiError.notFound('route here: metrics are on the metrics port');
    if (!tokenMatches(auth, this.config.metricsToken))
      throw new ApiError(
        401,
        ServiceErrorCode.Unauthenticated,
        'Send the metrics token as "Authorization: Bearer <token>"',
        'header:Authorization',
      );
    return this.metrics.render();
  }
}
