import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import { createStorage, OBJECT_STORAGE, StorageConfig } from '@app/storage';
import { PersistenceModule } from '../../persistence/src/persistence.module';
import { CancelChannel } from './cancel.channel';
import { GenerateAdvertisements } from './generate.advertisement';
import { JobName, QUEUE_NAMES, QueueName } from './job.contract';
import { DEFAULT_JOB_OPTIONS, JobQueue } from './job.queue';
import { bullConnection, redisOptions } from './redis.options';
import { ServiceConfig } from './service.config';
import { LOGGER, REDIS, SERVICE_CONFIG } from './service.tokens';

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CancelChannel) private readonly cancel: CancelChannel,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.cancel.close();
    this.redis.disconnect();
  }
}

/**
 * The providers the API and the worker share (docs/conventions.md §1, immich's app.module): config,
 * database, queues and the producer, Redis, object storage, the logger. Only the worker adds queue
 * consumers on top of this.
 */
@Module({})
export class ServiceModule {
  static forRoot(
    config: ServiceConfig,
    storage: StorageConfig,
    role: 'api' | 'worker',
    logger: Logger,
  ): DynamicModule {
    return {
      module: ServiceModule,
      global: true,
      imports: [
        PersistenceModule.forRoot(config.databaseUrl, {
          migrate: role === 'api',
          timeoutMs: config.dbTimeoutMs,
        }),
        BullModule.forRoot({
          connection: bullConnection(config.redisUrl, role === 'api' ? 'producer' : 'worker'),
          prefix: config.queuePrefix,
        }),
        BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name }))),
      ],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        {
          provide: REDIS,
          useFactory: () => new Redis(redisOptions(config.redisUrl, role === 'api' ? 'producer' : 'worker')),
        },
        {
          provide: JobQueue,
          useFactory: (render: Queue, generate: Queue, webhook: Queue) =>
            new JobQueue(
              { [QueueName.Render]: render, [QueueName.Generate]: generate, [QueueName.Webhook]: webhook },
              {
                ...DEFAULT_JOB_OPTIONS,
                attempts: config.maxAttempts,
                backoff: { type: 'exponential', delay: config.backoffMs },
              },
              {
                // Kept a week once done, so the same job id (one per job and event) is refused that long.
                [JobName.Webhook]: {
                  ...DEFAULT_JOB_OPTIONS,
                  attempts: config.webhookAttempts,
                  backoff: { type: 'exponential', delay: config.webhookBackoffMs },
                  removeOnComplete: { age: 7 * 24 * 3600 },
                },
              },
            ),
          inject: [
            getQueueToken(QueueName.Render),
            getQueueToken(QueueName.Generate),
            getQueueToken(QueueName.Webhook),
          ],
        },
        {
          provide: CancelChannel,
          useFactory: (redis: Redis) =>
            new CancelChannel(
              redis,
              new Redis({ ...redisOptions(config.redisUrl), lazyConnect: true }),
              config.queuePrefix,
            ),
          inject: [REDIS],
        },
        { provide: OBJECT_STORAGE, useFactory: () => createStorage(storage) },
        {
          provide: GenerateAdvertisements,
          useFactory: (redis: Redis) => new GenerateAdvertisements(redis, config.queuePrefix),
          inject: [REDIS],
        },
        RedisCloser,
      ],
      exports: [
        SERVICE_CONFIG,
        LOGGER,
        REDIS,
        JobQueue,
        CancelChannel,
        OBJECT_STORAGE,
        BullModule,
        GenerateAdvertisements,
      ],
    };
  }
}
