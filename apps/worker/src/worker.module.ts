import { getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { createRenderEngine, engineSpeech, RenderEngine } from '@app/engine';
import { toolPathsFromEnv } from '@app/media';
import { speechConfigFromEnv } from '@app/speech';
import {
  AssetRepository,
  JobRepository,
  WebhookDeliveryRepository,
  WorkspaceRepository,
} from '@app/persistence';
import {
  CancelChannel,
  HandlerRegistry,
  JobQueue,
  JobReconciler,
  QueueName,
  SERVICE_CONFIG,
  ServiceConfig,
} from '@app/queue';
import { OBJECT_STORAGE, ObjectStorage, StorageConfig } from '@app/storage';
import { WebhookSender } from '@app/webhooks';
import { ServiceModule } from '../../../libs/queue/src/service.module';
import { CancelRegistry } from './cancel.registry';
import { JobFollowUps } from './job-follow-ups';
import { JobRunner } from './job.runner';
import { QueueWorkers } from './queue.workers';
import { RenderClipHandler } from './render-clip.handler';
import { StagingArea } from './staging.area';
import { WebhookHandler } from './webhook.handler';

/** The worker's shutdown signal: aborted when renders in flight must give their jobs back. */
const SHUTDOWN = 'WORKER_SHUTDOWN';

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
        { provide: SHUTDOWN, useValue: new AbortController() },
        { provide: StagingArea, useValue: new StagingArea(config.stagingDir, logger) },
        {
          provide: RenderEngine,
          // Voice settings are read at boot: a bad one stops the worker before it takes a job.
          useFactory: () =>
            createRenderEngine(
              {
                templatesDir: config.templatesDir,
                presentersDir: config.presentersDir,
                tools: toolPathsFromEnv(process.env),
              },
              engineSpeech(speechConfigFromEnv(process.env)),
            ),
        },
        {
          provide: RenderClipHandler,
          useFactory: (
            jobs: JobRepository,
            assets: AssetRepository,
            engine: RenderEngine,
            storage: ObjectStorage,
            cancels: CancelRegistry,
            staging: StagingArea,
          ) =>
            new RenderClipHandler({
              jobs,
              assets,
              engine,
              storage,
              cancels,
              staging,
              logger,
              retryWindowMs: config.uploadRetryWindowMs,
            }),
          inject: [JobRepository, AssetRepository, RenderEngine, OBJECT_STORAGE, CancelRegistry, StagingArea],
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
          useFactory: (registry: HandlerRegistry, followUps: JobFollowUps, shutdown: AbortController) =>
            new JobRunner(registry, logger, followUps, {
              deferMs: config.retryAfterSeconds * 1000,
              shutdown: shutdown.signal,
            }),
          inject: [HandlerRegistry, JobFollowUps, SHUTDOWN],
        },
        {
          provide: JobReconciler,
          useFactory: (
            jobs: JobRepository,
            deliveries: WebhookDeliveryRepository,
            render: Queue,
            webhook: Queue,
            producer: JobQueue,
          ) =>
            new JobReconciler(jobs, deliveries, render, webhook, producer, logger, {
              intervalMs: config.reconcileIntervalMs,
              lockDurationMs: config.lockDurationMs,
            }),
          inject: [
            JobRepository,
            WebhookDeliveryRepository,
            getQueueToken(QueueName.Render),
            getQueueToken(QueueName.Webhook),
            JobQueue,
          ],
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
            reconciler: JobReconciler,
            staging: StagingArea,
            shutdown: AbortController,
          ) =>
            new QueueWorkers(
              cfg,
              registry,
              runner,
              channel,
              cancels,
              jobs,
              logger,
              followUps,
              reconciler,
              staging,
              shutdown,
            ),
          inject: [
            SERVICE_CONFIG,
            HandlerRegistry,
            JobRunner,
            CancelChannel,
            CancelRegistry,
            JobRepository,
            JobFollowUps,
            JobReconciler,
            StagingArea,
            SHUTDOWN,
          ],
        },
      ],
    };
  }
}
