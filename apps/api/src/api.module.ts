import { getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { AssetRepository, BrandKitRepository, JobRepository, WorkspaceRepository } from '@app/persistence';
import { CancelChannel, GenerateAdvertisements, JobQueue, QueueName, REDIS, ServiceConfig } from '@app/queue';
import { OBJECT_STORAGE, ObjectStorage, StorageConfig } from '@app/storage';
import { TemplateLoader } from '@app/templates';
import { ServiceModule } from '../../../libs/queue/src/service.module';
import { ApiErrorFilter } from './api-error.filter';
import { AssetsController } from './assets.controller';
import { ApiKeyGuard } from './api-key.guard';
import { HealthController } from './health.controller';
import { ImagesController } from './images.controller';
import { ImagesService } from './images.service';
import { HealthService } from './health.service';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';
import { MetricsService } from './metrics.service';
import { TemplateCatalog } from './template.catalog';
import { TemplatesController } from './templates.controller';
import { WebhookSecretsService } from './webhook-secrets.service';
import { WebhooksController } from './webhooks.controller';
import { VoicesModule } from './voices.controller';
import { RightsController } from './rights.controller';
import { RightsService, rightsOptionsFromEnv } from './rights.service';
import { TypeOrmRightsStore } from '@app/provenance';
import { BrandController } from './brand.controller';
import { RerunController } from './rerun.controller';
import { BrandService } from './brand.service';
import { FontCatalog } from './font.catalog';

/** The shared service providers plus HTTP: controllers, the key guard, the error filter. No renders here. */
@Module({})
export class ApiModule {
  static forRoot(config: ServiceConfig, storage: StorageConfig, logger: Logger): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ServiceModule.forRoot(config, storage, 'api', logger),
        // No `dest`: multer keeps the upload in memory, bounded by the size limit.
        MulterModule.register({ limits: { fileSize: config.maxAssetBytes, files: 1 } }),
        VoicesModule.forRoot(process.env),
      ],
      controllers: [
        HealthController,
        TemplatesController,
        JobsController,
        AssetsController,
        WebhooksController,
        RightsController,
        ImagesController,
        BrandController,
        RerunController,
      ],
      providers: [
        {
          provide: TemplateCatalog,
          useFactory: () => new TemplateCatalog(new TemplateLoader(config.templatesDir)),
        },
        {
          provide: JobsService,
          useFactory: (
            jobs: JobRepository,
            queue: JobQueue,
            templates: TemplateCatalog,
            assets: AssetRepository,
            cancel: CancelChannel,
            brand: BrandService,
          ) =>
            new JobsService(jobs, queue, templates, assets, cancel, {
              allowLoopbackCallbacks: config.webhooksAllowLoopback,
              publicBaseUrl: config.publicBaseUrl,
              dependencyTimeoutMs: config.dependencyTimeoutMs,
              logger,
              brandOf: (workspaceId) => brand.forJob(workspaceId),
            }),
          inject: [JobRepository, JobQueue, TemplateCatalog, AssetRepository, CancelChannel, BrandService],
        },
        { provide: FontCatalog, useFactory: () => new FontCatalog() },
        {
          provide: BrandService,
          useFactory: (kits: BrandKitRepository, assets: AssetRepository, fonts: FontCatalog) =>
            new BrandService(kits, assets, fonts),
          inject: [BrandKitRepository, AssetRepository, FontCatalog],
        },
        {
          provide: ImagesService,
          useFactory: (jobs: JobsService, assets: AssetRepository, ads: GenerateAdvertisements) =>
            new ImagesService(jobs, assets, ads, config.dependencyTimeoutMs),
          inject: [JobsService, AssetRepository, GenerateAdvertisements],
        },
        {
          provide: WebhookSecretsService,
          useFactory: (workspaces: WorkspaceRepository) => new WebhookSecretsService(workspaces, logger),
          inject: [WorkspaceRepository],
        },
        {
          provide: MetricsService,
          useFactory: (jobs: JobRepository, render: Queue, generate: Queue, webhook: Queue) =>
            new MetricsService(
              jobs,
              {
                [QueueName.Render]: render,
                [QueueName.Generate]: generate,
                [QueueName.Webhook]: webhook,
              },
              config.dependencyTimeoutMs,
            ),
          inject: [
            JobRepository,
            getQueueToken(QueueName.Render),
            getQueueToken(QueueName.Generate),
            getQueueToken(QueueName.Webhook),
          ],
        },
        {
          provide: HealthService,
          useFactory: (ds: DataSource, redis: Redis, storage: ObjectStorage) =>
            new HealthService(ds, redis, storage, config.dependencyTimeoutMs),
          inject: [DataSource, REDIS, OBJECT_STORAGE],
        },
        {
          provide: RightsService,
          useFactory: async (
            ds: DataSource,
            templates: TemplateCatalog,
            jobs: JobsService,
            storage: ObjectStorage,
          ) =>
            new RightsService(
              new TypeOrmRightsStore(ds),
              templates,
              jobs,
              storage,
              await rightsOptionsFromEnv(process.env, config),
            ),
          inject: [DataSource, TemplateCatalog, JobsService, OBJECT_STORAGE],
        },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ApiErrorFilter },
      ],
    };
  }
}
