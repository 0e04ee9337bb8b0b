import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { clipwrightPackage } from '@app/core';
import { createLogger, NestPinoLogger, readBootConfig } from '@app/queue';
import { toErrorResponse } from './api.error';
import { ApiModule } from './api.module';

/** `node dist/apps/api/src/main.js`: the HTTP API on HOST:PORT (127.0.0.1:3000 by default). */
export async function main(): Promise<NestExpressApplication> {
  const { config, storage } = readBootConfig();
  const logger = createLogger(config.logLevel, 'api');
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, storage, logger), {
    logger: new NestPinoLogger(logger),
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: config.maxBodyBytes });
  // Body-parser failures (too large, not JSON) happen before Nest's filters: answer them here.
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const { status, body } = toErrorResponse(err);
    res.status(status).json(body);
  });
  app.setGlobalPrefix('v1', { exclude: ['health', 'metrics'] });
  app.enableShutdownHooks();
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Clipwright')
      .setDescription('Data + template -> finished video clips')
      .setVersion(clipwrightPackage().version)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, doc);
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
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
