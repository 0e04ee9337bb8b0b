import { ClipwrightError, ErrorCode, isClipwrightError } from '@app/core';
import { espeakVoiceFor, primaryLanguage, type SpeechProvider } from '@app/speech';
import type { AfterBind } from '../job.types';

/** The provider and voice a job reads its narration with. */
export interface VoiceChoice {
  provider: SpeechProvider;
  voice: string;
  /** The language the voice reads, from the provider's catalogue where it was asked; else undefined. */
  language?: string;
}

function field(templateId: string, pointer: string): string {
  return `templates/${templateId}/template.json#$.voice.${pointer}`;
}

/**
 * The job's voice: its recorded voice-over when it has one (the template's voice then names the
 * language the recording is aligned in), else the template's `voice.provider` from the configured
 * providers. A provider that is not in the list, or that cannot run here, is SPEECH_NOT_CONFIGURED
 * on `$.voice.provider`; a voice an offline provider's catalogue lacks is SPEECH_VOICE_UNKNOWN on
 * `$.voice.voice` (cloud voices are checked by the service itself when it is called, see
 * `onTemplate`). A voice-over for a template with several narrated scenes is VOICE_OVER_INVALID:
 * one recording is one reading.
 */
export async function chooseVoice(job: AfterBind, narrated: number): Promise<VoiceChoice> {
  const { manifest } = job.template;
  const { provider: id, voice } = manifest.voice;
  if (job.voiceOver) {
    if (narrated !== 1) {
      throw new ClipwrightError(
        ErrorCode.VoiceOverInvalid,
        `A voice-over recording is the reading of one narration; template ${manifest.id} has ${narrated} narrated scenes`,
        { path: job.voiceOver.field },
      );
    }
    // The recording is aligned against an espeak-ng reading in the template voice's language.
    const reference = id === 'espeak' ? voice : (espeakVoiceFor(voice) ?? primaryLanguage(voice));
    return { provider: job.voiceOver.provider, voice: reference };
  }
  const provider = job.services.speech.find((p) => p.id === id);
  if (!provider) {
    const at = field(manifest.id, 'provider');
    const known = job.services.speech.map((p) => p.id).join(', ') || 'none';
    throw new ClipwrightError(
      ErrorCode.SpeechNotConfigured,
      `${at}: no voice provider "${id}" is configured here (configured: ${known})`,
      { path: at },
    );
  }
  if (narrated === 0 || provider.capabilities.cloud) return { provider, voice };
  let voices;
  try {
    voices = await provider.voices(job.signal);
  } catch (e) {
    throw onTemplate(e, manifest.id, true);
  }
  // espeak-ng takes a variant after "+" (en-us+f3); the catalogue lists the language.
  const wanted = (provider.id === 'espeak' ? voice.split('+')[0] : voice).toLowerCase();
  const found = voices.find((v) => v.id.toLowerCase() === wanted || v.languages.includes(wanted));
  if (!found) {
    const at = field(manifest.id, 'voice');
    throw new ClipwrightError(
      ErrorCode.SpeechVoiceUnknown,
      `${at}: provider ${provider.id} has no voice "${voice}" (see \`clipwright voices --provider ${provider.id}\`)`,
      { path: at },
    );
  }
  return { provider, voice, language: found.languages[0] };
}

/**
 * A provider's configuration or voice error put on the template field that chose it; any other
 * error as it was. With `cannotRun` (the error of asking the provider for its voices) every
 * error, a missing program or model too, is put on `$.voice.provider` with its own code. A
 * recording that is not the reading of the script is put on the field that gave it (`voiceOver`).
 */
export function onTemplate(e: unknown, templateId: string, cannotRun = false, voiceOver?: string): unknown {
  if (!isClipwrightError(e)) return e;
  if (e.code === ErrorCode.VoiceOverInvalid && voiceOver !== undefined) {
    return new ClipwrightError(e.code, `${voiceOver}: ${e.message}`, {
      path: voiceOver,
      cause: e,
      detail: e.detail,
    });
  }
  const pointer =
    e.code === ErrorCode.SpeechVoiceUnknown
      ? 'voice'
      : e.code === ErrorCode.SpeechNotConfigured || cannotRun
        ? 'provider'
        : undefined;
  if (pointer === undefined || e.code === ErrorCode.Cancelled) return e;
  const at = field(templateId, pointer);
  return new ClipwrightError(e.code, `${at}: ${e.message}`, { path: at, cause: e, detail: e.detail });
}
