import { ClipwrightError, ErrorCode, toClipwrightError } from '@app/core';
import { EspeakSpeechProvider } from '../espeak.provider';
import type { SpeechCapabilities, SpeechHealth, SpeechProvider, VoiceInfo } from '../speech.types';
import { AzureSpeechProvider } from './azure/azure.provider';
import { PiperSpeechProvider } from './piper/piper.provider';
import { PollySpeechProvider } from './polly/polly.provider';
import type { SpeechConfig } from './speech.config';

/**
 * The text-to-speech providers, one per voice engine, built from one config: espeak-ng, Piper,
 * Azure, Polly (in that order). Each is always there; one without its settings says so in health().
 * The recorded voice-over is not in this list: it is made per job with its recording.
 */
export function createSpeechProviders(config: SpeechConfig): SpeechProvider[] {
  return [
    new EspeakSpeechProvider({ binary: config.espeakBinary }),
    new PiperSpeechProvider({ voicesDir: config.piperVoicesDir, espeakBinary: config.espeakBinary }),
    new AzureSpeechProvider({
      settings: config.azure,
      retry: config.retry,
      espeakBinary: config.espeakBinary,
    }),
    new PollySpeechProvider({ settings: config.polly, retry: config.retry }),
  ];
}

export interface ProviderStatus {
  id: string;
  capabilities: SpeechCapabilities;
  health: SpeechHealth;
}

/** What `clipwright voices` and `GET /v1/voices` show: each provider's state, and the voices of those that run. */
export interface SpeechCatalogue {
  providers: ProviderStatus[];
  voices: VoiceInfo[];
}

/**
 * Asks each provider (or the one named) whether it can run and, if it can, for its voices. Never
 * fails for a provider that cannot run (its health says why); an unknown provider id is
 * INVALID_ARGUMENT on `provider`.
 */
export async function speechCatalogue(
  providers: readonly SpeechProvider[],
  only?: string,
  signal?: AbortSignal,
): Promise<SpeechCatalogue> {
  const chosen = only === undefined ? providers : providers.filter((p) => p.id === only);
  if (chosen.length === 0) {
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `No voice provider "${only}"; there are: ${providers.map((p) => p.id).join(', ')}`,
      { path: 'provider' },
    );
  }
  const entries = await Promise.all(
    chosen.map(async (p): Promise<{ status: ProviderStatus; voices: VoiceInfo[] }> => {
      let health = await p.health(signal);
      let voices: VoiceInfo[] = [];
      if (health.ok) {
        try {
          voices = await p.voices(signal);
        } catch (e) {
          const err = toClipwrightError(e);
          health = { provider: p.id, ok: false, code: err.code, reason: err.message };
        }
      }
      return { status: { id: p.id, capabilities: p.capabilities, health }, voices };
    }),
  );
  return { providers: entries.map((e) => e.status), voices: entries.flatMap((e) => e.voices) };
}
