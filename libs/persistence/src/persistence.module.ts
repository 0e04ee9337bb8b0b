import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiKeyRepository } from './api-key.repository';
import { AssetRepository } from './asset.repository';
import { BrandKitRepository } from './brand-kit.repository';
import { createDataSource, parseDatabaseUrl } from './data-source.factory';
import { JobRepository } from './job.repository';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WorkspaceRepository } from './workspace.repository';

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

const repositories = [
  WorkspaceRepository,
  ApiKeyRepository,
  JobRepository,
  AssetRepository,
  WebhookDeliveryRepository,
  BrandKitRepository,
];

/**
 * Nest wiring for the repositories (kept out of index.ts so plain code and unit specs never load
 * Nest). `migrate`: the API migrates at boot; workers do not, so two processes never race on it.
 */
@Module({})
export class PersistenceModule {
  static forRoot(databaseUrl: string, options: { migrate: boolean; timeoutMs?: number }): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        {
          provide: DataSource,
          useFactory: () =>
            createDataSource(parseDatabaseUrl(databaseUrl), {
              migrate: options.migrate,
              ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
            }),
        },
        ...repositories.map((R) => ({
          provide: R,
          useFactory: (ds: DataSource) => new R(ds),
          inject: [DataSource],
        })),
        DataSourceCloser,
      ],
      exports: [DataSource, ...repositories],
    };
  }
}
