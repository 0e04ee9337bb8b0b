import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, NextFunction, Request, Response } from 'express';
import { createLogger, installShutdown, NestPinoLogger, readBootConfig, within } from '@app/queue';
import { setRetryAfterSeconds } from './api.error';
import { sendError } from './api-error.filter';
import { ApiModule } from './api.module';
import { jsonBodyVerifier, jsonMediaTypeGuard } from './body.guard';
import { HealthService } from './health.service';
import { MetricsService } from './metrics.service';
import { startMetricsServer } from './metrics.server';
import { setupOpenApi } from './openapi';
import { mountStudio } from './studio.static';
import { quietFutureNodeNotice } from '@app/core';

/**
 * `node dist/apps/api/src/main.js`: the HTTP API on HOST:PORT (127.0.0.1:3000 by default), the
 * metrics listener on METRICS_HOST:METRICS_PORT. On SIGTERM it stops accepting, lets requests in
 * flight finish, and exits within SHUTDOWN_GRACE_MS whether or not its dependencies answer.
 */
export async function main(): Promise<NestExpressApplication> {
  quietFutureNodeNotice();
  const { config, storage } = readBootConfig();
  const logger = createLogger(config.logLevel, 'api');
  setRetryAfterSeconds(config.retryAfterSeconds);
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, storage, logger), {
    logger: new NestPinoLogger(logger),
    bodyParser: false,
  });
  app.use(jsonMediaTypeGuard);
  app.use(json({ limit: config.maxBodyBytes, verify: jsonBodyVerifier(config.maxJsonDepth) }));
  // Body-parser failures (too large, not JSON, too deep) happen before Nest's filters: answer them here.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    sendError(res, err, logger, req);
  });
  app.setGlobalPrefix('v1', { exclude: ['health', 'health/live', 'metrics'] });
  mountStudio(app, logger);
  setupOpenApi(app);
  await app.listen(config.port, config.host);
  const server = app.getHttpServer() as Server;
  // Longer than the idle timeout of the proxies and clients in front (60 s on AWS ALB, undici's
  // 4 s keep-alive): the server never closes a kept-alive socket a client is about to reuse.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const address = server.address() as { port: number };
  const metricsServer =
    config.metricsPort === null
      ? null
      : await startMetricsServer(
          config.metricsHost,
          config.metricsPort,
          app.get(MetricsService),
          app.get(HealthService),
          logger,
        );
  installShutdown(
    async () => {
      // Stop accepting; requests in flight finish. Server-sent event streams and keep-alive
      // connections that outlast most of the grace period are cut.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      metricsServer?.close();
      if ((await within(closed, config.shutdownGraceMs * 0.6)) === 'timeout') server.closeAllConnections();
      await within(app.close(), config.shutdownGraceMs * 0.3);
    },
    { graceMs: config.shutdownGraceMs, logger },
  );
  logger.info({ host: config.host, port: address.port, storage: storage.driver }, 'api listening');
  return app;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', msg: 'api failed to start', err: String(e) })}\n`,
    );
    process.exit(1);
  });
}
