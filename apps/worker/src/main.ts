import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger, NestPinoLogger, readBootConfig } from '@app/queue';
import { WorkerModule } from './worker.module';

/** `node dist/apps/worker/src/main.js`: consumes the render queue until SIGTERM/SIGINT. */
export async function main(): Promise<void> {
  const { config, storage } = readBootConfig();
  const logger = createLogger(config.logLevel, 'worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, storage, logger), {
    logger: new NestPinoLogger(logger),
  });
  app.enableShutdownHooks();
  logger.info({ concurrency: config.workerConcurrency, storage: storage.driver }, 'worker ready');
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', msg: 'worker failed to start', err: String(e) })}\n`,
    );
    process.exit(1);
  });
}
