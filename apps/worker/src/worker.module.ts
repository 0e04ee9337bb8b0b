import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { createRenderEngine, RenderEngine } from '@app/engine';
import { toolPathsFromEnv } from '@app/media';
import {
  AssetRepository,
  JobRepository,
  WebhookDeliveryRepository,
  WorkspaceRepository,
} from '@app/persistence';
import { CancelChannel, HandlerRegistry, JobQueue, SERVICE_CONFIG, ServiceConfig } from '@app/queue';
import { OBJECT_STORAGE, ObjectStorage, StorageConfig } from '@app/storage';
import { WebhookSender } from '@app/webhooks';
import { ServiceModule } from '../../../libs/queue/src/service.module';
import { CancelRegistry } from './cancel.registry';
import { JobFollowUps } from './job-follow-ups';
import { JobRunner } from './job.runner';
import { QueueWorkers } from './queue.workers';
import { RenderClipHandler } from './render-clip.handler';
import { WebhookHandler } from './webhook.handler';

/**
 * The shared service providers plus the consumers. The HandlerRegistry factory is where boot fails
 * when a job name has no handler or two. The engine is the CLI's: same stages, same executor.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: ServiceConfig, storage: StorageConfig, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ServiceModule.forRoot(config, storage, 'worker', logger)],
      providers: [
        CancelRegistry,
        {
          provide: RenderEngine,
          useFactory: () =>
            createRenderEngine({
              templatesDir: config.templatesDir,
              presentersDir: config.presentersDir,
              tools: toolPathsFromEnv(process.env),
            }),
        },
        {
          provide: RenderClipHandler,
          useFactory: (
            jobs: JobRepository,
            assets: AssetRepository,
            engine: RenderEngine,
            storage: ObjectStorage,
            cancels: CancelRegistry,
          ) => new RenderClipHandler({ jobs, assets, engine, storage, cancels, logger }),
          inject: [JobRepository, AssetRepository, RenderEngine, OBJECT_STORAGE, CancelRegistry],
        },
        {
          provide: WebhookHandler,
          useFactory: (
            jobs: JobRepository,
            workspaces: WorkspaceRepository,
            deliveries: WebhookDeliveryRepository,
          ) =>
            new WebhookHandler({
              jobs,
              workspaces,
              deliveries,
              sender: new WebhookSender(),
              logger,
              allowLoopback: config.webhooksAllowLoopback,
              publicBaseUrl: config.publicBaseUrl,
            }),
          inject: [JobRepository, WorkspaceRepository, WebhookDeliveryRepository],
        },
        {
          provide: HandlerRegistry,
          useFactory: (render: RenderClipHandler, webhook: WebhookHandler) =>
            new HandlerRegistry([render, webhook]),
          inject: [RenderClipHandler, WebhookHandler],
        },
        {
          provide: JobFollowUps,
          useFactory: (jobs: JobRepository, queue: JobQueue) => new JobFollowUps(jobs, queue, logger),
          inject: [JobRepository, JobQueue],
        },
        {
          provide: JobRunner,
          useFactory: (registry: HandlerRegistry, followUps: JobFollowUps) =>
            new JobRunner(registry, logger, followUps),
          inject: [HandlerRegistry, JobFollowUps],
        },
        {
          provide: QueueWorkers,
          useFactory: (
            cfg: ServiceConfig,
            registry: HandlerRegistry,
            runner: JobRunner,
            channel: CancelChannel,
            cancels: CancelRegistry,
            jobs: JobRepository,
            followUps: JobFollowUps,
          ) => new QueueWorkers(cfg, registry, runner, channel, cancels, jobs, logger, followUps),
          inject: [
            SERVICE_CONFIG,
            HandlerRegistry,
            JobRunner,
            CancelChannel,
            CancelRegistry,
            JobRepository,
            JobFollowUps,
          ],
        },
      ],
    };
  }
}
