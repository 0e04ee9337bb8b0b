import { Controller, DynamicModule, Get, Inject, Module, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  createSpeechProviders,
  type SpeechCatalogue,
  speechCatalogue,
  speechConfigFromEnv,
  type SpeechProvider,
} from '@app/speech';
import { ApiError } from './api.error';

export const SPEECH_PROVIDERS = Symbol('SPEECH_PROVIDERS');

/** How long a catalogue is reused: a cloud voice list is a network call, and voices change rarely. */
export const VOICES_CACHE_MS = 60_000;

/**
 * `GET /v1/voices[?provider=espeak|piper|azure|polly]`: every provider's voices and whether it can
 * run here (and if not, why: no key, bad region, missing model or program). Authenticated by the
 * API-key guard like every route; the catalogue is the same for every workspace. Listing runs
 * `espeak-ng --voices` and reads Piper configs; it never opens a model.
 */
@ApiTags('voices')
@ApiBearerAuth()
@Controller('voices')
export class VoicesController {
  private readonly cache = new Map<string, { at: number; catalogue: Promise<SpeechCatalogue> }>();

  constructor(@Inject(SPEECH_PROVIDERS) private readonly providers: SpeechProvider[]) {}

  @Get()
  @ApiOperation({ summary: 'The voices of each voice provider, and which providers can run' })
  @ApiQuery({
    name: 'provider',
    required: false,
    description: 'only this provider (espeak, piper, azure, polly)',
  })
  list(@Query('provider') provider?: unknown): Promise<SpeechCatalogue> {
    if (provider !== undefined && (typeof provider !== 'string' || !/^[a-z]{1,20}$/u.test(provider))) {
      throw ApiError.invalid('query:provider', 'must be a provider id such as espeak or azure');
    }
    const key = provider ?? '*';
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < VOICES_CACHE_MS) return hit.catalogue;
    const catalogue = speechCatalogue(this.providers, provider).catch((e: unknown) => {
      this.cache.delete(key);
      throw e;
    });
    this.cache.set(key, { at: Date.now(), catalogue });
    return catalogue;
  }
}

/** The voices route and its providers, built from the speech settings of the environment at boot. */
@Module({})
export class VoicesModule {
  static forRoot(env: Record<string, string | undefined>): DynamicModule {
    const config = speechConfigFromEnv(env);
    return {
      module: VoicesModule,
      controllers: [VoicesController],
      providers: [{ provide: SPEECH_PROVIDERS, useFactory: () => createSpeechProviders(config) }],
    };
  }
}
