import { getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { DiffusionEngine } from '@app/diffusion';
import { createRenderEngine, engineSpeech, RenderEngine } from '@app/engine';
import { toolPathsFromEnv, encodeSettingsFromEnv } from '@app/media';
import { provenanceConfigFromEnv, TypeOrmRightsStore } from '@app/provenance';
import { speechConfigFromEnv } from '@app/speech';
import { DataSource } from 'typeorm';
import {
  AssetRepository,
  JobRepository,
  WebhookDeliveryRepository,
  WorkspaceRepository,
} from '@app/persistence';
import {
  CancelChannel,
  GenerateAdvertisements,
  HandlerRegistry,
  JobName,
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
import { GenerateAdvertiser } from './generate.advertiser';
import { ImageJobHandler } from './image-job.handler';
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
          // The signing key and the voice settings are checked at boot: a worker with a bad key,
          // chain or voice setting does not start.
          useFactory: async (diffusion: DiffusionEngine) => {
            const provenance = await provenanceConfigFromEnv(process.env);
            if (!provenance.signer)
              logger.warn(
                'no C2PA signing key (CLIPWRIGHT_C2PA_KEY, CLIPWRIGHT_C2PA_CERTS): outputs are labelled but unsigned',
              );
            return createRenderEngine(
              {
                templatesDir: config.templatesDir,
                presentersDir: config.presentersDir,
                tools: toolPathsFromEnv(process.env),
                encode: encodeSettingsFromEnv(process.env),
                provenance: { signer: provenance.signer, defaultLabels: provenance.defaultLabels },
                diffusion,
                cacheDir: config.imageCacheDir,
              },
              engineSpeech(speechConfigFromEnv(process.env)),
            );
          },
          inject: [DiffusionEngine],
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
            ds: DataSource,
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
              rights: new TypeOrmRightsStore(ds),
            }),
          inject: [
            JobRepository,
            AssetRepository,
            RenderEngine,
            OBJECT_STORAGE,
            CancelRegistry,
            StagingArea,
            DataSource,
          ],
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
          // Sessions open on first use, so a render-only worker never loads ONNX Runtime sessions.
          provide: DiffusionEngine,
          useFactory: () =>
            new DiffusionEngine({
              modelsDir: config.diffusionModelsDir,
              upscaleDir: config.upscaleModelsDir,
              executionProvider: config.diffusionProvider,
              logger: logger.child({ component: 'diffusion' }),
            }),
        },
        {
          provide: GenerateAdvertiser,
          useFactory: (engine: DiffusionEngine, ads: GenerateAdvertisements) =>
            new GenerateAdvertiser(engine, ads, logger, config.reconcileIntervalMs),
          inject: [DiffusionEngine, GenerateAdvertisements],
        },
        {
          provide: HandlerRegistry,
          useFactory: (
            render: RenderClipHandler,
            webhook: WebhookHandler,
            jobs: JobRepository,
            assets: AssetRepository,
            engine: DiffusionEngine,
            storage: ObjectStorage,
            cancels: CancelRegistry,
          ) => {
            const deps = {
              jobs,
              assets,
              engine,
              storage,
              cancels,
              logger,
              retryWindowMs: config.uploadRetryWindowMs,
            };
            return new HandlerRegistry([
              render,
              webhook,
              new ImageJobHandler(JobName.GenerateImage, deps),
              new ImageJobHandler(JobName.UpscaleImage, deps),
            ]);
          },
          inject: [
            RenderClipHandler,
            WebhookHandler,
            JobRepository,
            AssetRepository,
            DiffusionEngine,
            OBJECT_STORAGE,
            CancelRegistry,
          ],
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
            generate: Queue,
          ) =>
            new JobReconciler(jobs, deliveries, render, webhook, producer, logger, {
              intervalMs: config.reconcileIntervalMs,
              lockDurationMs: config.lockDurationMs,
              generate,
            }),
          inject: [
            JobRepository,
            WebhookDeliveryRepository,
            getQueueToken(QueueName.Render),
            getQueueToken(QueueName.Webhook),
            JobQueue,
            getQueueToken(QueueName.Generate),
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
            advertiser: GenerateAdvertiser,
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
              config.workerQueues.includes('generate') ? advertiser : undefined,
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
            GenerateAdvertiser,
          ],
        },
      ],
    };
  }
}
