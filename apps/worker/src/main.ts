import 'reflect-metadata';
import * as os from 'node:os';
import { NestFactory } from '@nestjs/core';
import { createLogger, installShutdown, NestPinoLogger, readBootConfig } from '@app/queue';
import { QueueWorkers } from './queue.workers';
import { WorkerModule } from './worker.module';
import { quietFutureNodeNotice } from '@app/core';

/**
 * `node dist/apps/worker/src/main.js`: consumes the render and webhook queues until SIGTERM/SIGINT,
 * then stops taking jobs and exits within SHUTDOWN_GRACE_MS (renders still running by half of it
 * give their jobs back to the queue).
 */
export async function main(): Promise<void> {
  quietFutureNodeNotice();
  const { config, storage } = readBootConfig();
  const logger = createLogger(config.logLevel, 'worker');
  // Renders yield the CPU to an API on the same machine (espeak-ng inherits this; the engine's
  // ffmpeg executor sets its own niceness, 5).
  try {
    os.setPriority(config.workerNiceness);
  } catch (e) {
    logger.warn({ err: String(e) }, 'could not lower the worker CPU priority');
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, storage, logger), {
    logger: new NestPinoLogger(logger),
  });
  installShutdown(
    async () => {
      await app.get(QueueWorkers).drain(config.shutdownGraceMs - 500);
      await app.close();
    },
    { graceMs: config.shutdownGraceMs, logger },
  );
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
