import { Command } from 'commander';
import { ClipwrightError } from '@app/core';
import {
  createSpeechProviders,
  type SpeechCatalogue,
  speechCatalogue,
  speechConfigFromEnv,
  type SpeechProvider,
} from '@app/speech';

export interface VoicesIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The providers from the environment (ESPEAK_PATH, PIPER_VOICES_DIR, AZURE_SPEECH_*, POLLY_REGION, AWS_*). */
export type ProviderSource = () => SpeechProvider[];

const fromEnvironment: ProviderSource = () => createSpeechProviders(speechConfigFromEnv(process.env));

/** One line a voice: provider, id (what a template's voice.voice takes), languages, gender, kind, name. */
export function formatVoices(catalogue: SpeechCatalogue): string {
  const rows = catalogue.voices.map((v) => [
    v.provider,
    v.id,
    v.languages.join(','),
    v.gender ?? '-',
    v.kind,
    v.name,
  ]);
  return [VOICE_COLUMNS, ...rows].map((cells) => `${cells.join('\t')}\n`).join('');
}

/** The header line of `clipwright voices`: what each tab-separated column holds. */
export const VOICE_COLUMNS = ['PROVIDER', 'VOICE', 'LANGUAGES', 'GENDER', 'KIND', 'NAME'] as const;

/** One line a provider: whether it runs here, and if not, why. */
export function formatProviders(catalogue: SpeechCatalogue): string {
  return catalogue.providers
    .map((p) =>
      p.health.ok
        ? `${p.id}: ok (${p.health.detail})\n`
        : `${p.id}: cannot run: ${p.health.code}: ${p.health.reason}\n`,
    )
    .join('');
}

/**
 * `clipwright voices [--provider <id>] [--json]`: the voice catalogue of every provider (or one),
 * tab-separated under a header line on stdout (`--json` for machines), and each provider's health on stderr. Asking for one provider that
 * cannot run is an error with its code (SPEECH_NOT_CONFIGURED exits 2, TOOL_MISSING 1).
 */
export function registerVoicesCommand(
  program: Command,
  io: VoicesIo,
  providers: ProviderSource = fromEnvironment,
): Command {
  return program
    .command('voices')
    .description(
      'List the voices of each voice provider (espeak, piper, azure, polly) and say which can run here',
    )
    .option('-p, --provider <id>', 'only this provider')
    .option('--json', 'print {providers: [{id, capabilities, health}], voices: [...]} on stdout')
    .action(async (opts: { provider?: string; json?: boolean }) => {
      const catalogue = await speechCatalogue(providers(), opts.provider);
      if (opts.json) {
        io.stdout(`${JSON.stringify(catalogue, null, 2)}\n`);
      } else {
        io.stdout(formatVoices(catalogue));
        io.stderr(formatProviders(catalogue));
      }
      const health = catalogue.providers[0]?.health;
      if (opts.provider !== undefined && health && !health.ok) {
        throw new ClipwrightError(health.code, `${opts.provider} cannot run here: ${health.reason}`, {
          path: '--provider',
        });
      }
    });
}
