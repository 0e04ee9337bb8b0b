import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { RenderEngine } from '@app/engine';
import { FfmpegExecutor } from '@app/media';
import { JobRepository } from '@app/persistence';
import { PresenterLibrary } from '@app/presenter';
import { CancelChannel, HandlerRegistry, SERVICE_CONFIG, ServiceConfig } from '@app/queue';
import { EspeakSpeechProvider } from '@app/speech';
import { OBJECT_STORAGE, ObjectStorage, StorageConfig } from '@app/storage';
import { TemplateLoader } from '@app/templates';
import { ServiceModule } from '../../../libs/queue/src/service.module';
import { CancelRegistry } from './cancel.registry';
import { JobRunner } from './job.runner';
import { QueueWorkers } from './queue.workers';
import { RenderClipHandler } from './render-clip.handler';

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
            new RenderEngine({
              templates: new TemplateLoader(config.templatesDir),
              speech: [new EspeakSpeechProvider()],
              ffmpeg: new FfmpegExecutor({ niceness: 5 }),
              presenters: new PresenterLibrary(config.presentersDir),
            }),
        },
        {
          provide: RenderClipHandler,
          useFactory: (
            jobs: JobRepository,
            engine: RenderEngine,
            storage: ObjectStorage,
            cancels: CancelRegistry,
          ) => new RenderClipHandler({ jobs, engine, storage, cancels, logger }),
          inject: [JobRepository, RenderEngine, OBJECT_STORAGE, CancelRegistry],
        },
        {
          provide: HandlerRegistry,
          useFactory: (render: RenderClipHandler) => new HandlerRegistry([render]),
          inject: [RenderClipHandler],
        },
        {
          provide: JobRunner,
          useFactory: (registry: HandlerRegistry) => new JobRunner(registry, logger),
          inject: [HandlerRegistry],
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
          ) => new QueueWorkers(cfg, registry, runner, channel, cancels, jobs, logger),
          inject: [SERVICE_CONFIG, HandlerRegistry, JobRunner, CancelChannel, CancelRegistry, JobRepository],
        },
      ],
    };
  }
}
