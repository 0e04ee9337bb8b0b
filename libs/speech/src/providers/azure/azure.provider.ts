import type { SpeechResult } from '@app/core';
import { ClipwrightError, ErrorCode } from '@app/core';
import { splitClauses } from '../../clauses';
import { cancelled } from '../../espeak.process';
import { escapeXml } from '../../ssml';
import { validateSpeechRequest } from '../../speech.request';
import type {
  SpeechCapabilities,
  SpeechHealth,
  SpeechProvider,
  SpeechRequest,
  VoiceInfo,
} from '../../speech.types';
import { AZURE_VISEMES, visemesFromEvents } from '../../visemes';
import { parseWav } from '../../wav';
import { wordsFromBoundaries } from '../boundary.words';
import {
  type CloudFailure,
  DEFAULT_RETRY,
  type RetryHooks,
  type RetryPolicy,
  withRetries,
} from '../cloud.retry';
import { relativeRate, ssmlBody } from '../cloud.ssml';
import { espeakVoiceFor } from '../espeak-language';
import { visemesFromEspeak, writeSpeechResult } from '../speech-result';
import {
  AzureCallError,
  type AzureSettings,
  type AzureSpeechClient,
  type AzureSynthesisEvent,
  SdkAzureSpeechClient,
  TICKS_PER_SECOND,
} from './azure.client';

export interface AzureOptions {
  /** Key and region; undefined: the provider reports itself not configured. */
  settings?: AzureSettings;
  /** The seam to the SDK; default the real SDK with `settings`. Tests pass recorded sessions. */
  client?: AzureSpeechClient;
  retry?: RetryPolicy;
  retryHooks?: RetryHooks;
  /** espeak-ng, for mouth shapes in languages Azure sends no visemes for. */
  espeakBinary: string;
}

/** Voice short names: `en-US-JennyNeural`, `zh-CN-XiaoxiaoNeural` (checked before going into SSML). */
const VOICE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]+){1,3}$/u;

/**
 * How a failure is treated (Azure Speech SDK CancellationErrorCode): a refused key is never retried,
 * a request the service cannot read fails at once, and throttling, time-outs, network and service
 * errors are tried again.
 */
export function classifyAzureFailure(error: unknown): CloudFailure {
  if (error instanceof AzureCallError) {
    const message = `${error.errorCode}: ${error.details}`;
    switch (error.errorCode) {
      case 'AuthenticationFailure':
      case 'Forbidden':
        return { kind: 'auth', message: `the key or region was refused (${message})` };
      case 'BadRequestParameters':
        return { kind: /voice/iu.test(error.details) ? 'voice' : 'rejected', message };
      default:
        return { kind: 'transient', message };
    }
  }
  return { kind: 'transient', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The SSML sent to Azure (learn.microsoft.com, "Speech Synthesis Markup Language"): the voice by
 * name, the language from its name, the rate as prosody relative to NEUTRAL_RATE_WPM, and the
 * caller's SSML body (lexicon `phoneme`/`sub`, breaks) or the escaped text.
 */
export function azureSsml(req: Pick<SpeechRequest, 'text' | 'ssml' | 'voice' | 'rate'>): string {
  const lang = /^([a-z]{2,3}-[A-Za-z]{2,4})-/u.exec(req.voice)?.[1] ?? 'en-US';
  return (
    `<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="${lang}">` +
    `<voice name="${escapeXml(req.voice)}"><prosody rate="${relativeRate(req.rate)}">${ssmlBody(req)}</prosody></voice></speak>`
  );
}

/**
 * Azure Speech neural voices (microsoft-cognitiveservices-speech-sdk): SSML in, 24 kHz audio out,
 * word times from WordBoundary events and mouth shapes from VisemeReceived events (offsets in
 * 100-ns ticks; viseme ids 0–21 mapped by AZURE_VISEMES). Key and region come from config.
 */
export class AzureSpeechProvider implements SpeechProvider {
  readonly id = 'azure';
  readonly capabilities: SpeechCapabilities = {
    ssml: true,
    visemes: true,
    wordTimings: 'engine',
    cloud: true,
  };
  private readonly client?: AzureSpeechClient;

  constructor(private readonly options: AzureOptions) {
    this.client =
      options.client ?? (options.settings ? new SdkAzureSpeechClient(options.settings) : undefined);
  }

  async synthesize(req: SpeechRequest): Promise<SpeechResult> {
    validateSpeechRequest(req);
    const client = this.configured();
    if (!VOICE.test(req.voice)) {
      throw new ClipwrightError(
        ErrorCode.SpeechVoiceUnknown,
        `"${req.voice}" is not an Azure voice name such as en-US-JennyNeural`,
        {
          path: 'voice',
        },
      );
    }
    if (req.signal?.aborted) throw cancelled(req.signal.reason);
    const ssml = azureSsml(req);
    const synthesis = await withRetries(
      'Azure Speech',
      () => client.synthesize(ssml, req.signal),
      classifyAzureFailure,
      this.options.retry ?? DEFAULT_RETRY,
      req.signal,
      this.options.retryHooks,
    );
    const audio = parseWav(synthesis.audio);
    const duration = audio.samples.length / audio.sampleRate;
    const clauses = splitClauses(req.text);
    const seconds = (ticks: number): number => ticks / TICKS_PER_SECOND;
    const boundaries = synthesis.events.filter(
      (e): e is Extract<AzureSynthesisEvent, { type: 'WordBoundary' }> =>
        e.type === 'WordBoundary' && e.boundaryType === 'WordBoundary',
    );
    const words = wordsFromBoundaries(
      clauses.flatMap((c) => c.tokens),
      boundaries.map((b) => ({
        text: b.text,
        start: seconds(b.audioOffset),
        end: seconds(b.audioOffset + b.duration),
      })),
      duration,
    );
    const visemeEvents = synthesis.events.flatMap((e) =>
      e.type === 'VisemeReceived' && AZURE_VISEMES[e.visemeId] !== undefined
        ? [{ viseme: AZURE_VISEMES[e.visemeId], at: seconds(e.audioOffset) }]
        : [],
    );
    const visemes = visemeEvents.length
      ? visemesFromEvents(visemeEvents, duration)
      : await visemesFromEspeak(
          this.options.espeakBinary,
          espeakVoiceFor(req.voice),
          clauses,
          words,
          duration,
          req.signal,
        );
    return writeSpeechResult({
      audio,
      words,
      clauses,
      visemes,
      provider: this.id,
      voice: req.voice,
      workDir: req.workDir,
    });
  }

  async voices(signal?: AbortSignal): Promise<VoiceInfo[]> {
    const client = this.configured();
    const voices = await withRetries(
      'Azure Speech voice list',
      () => client.voices(signal),
      classifyAzureFailure,
      this.options.retry ?? DEFAULT_RETRY,
      signal,
      this.options.retryHooks,
    );
    return voices.map((v) => ({
      id: v.shortName,
      provider: this.id,
      name: v.localName || v.shortName,
      languages: [v.locale, ...v.secondaryLocales.filter((l) => l !== v.locale)],
      ...(v.gender === 'Female'
        ? { gender: 'female' as const }
        : v.gender === 'Male'
          ? { gender: 'male' as const }
          : {}),
      kind: /Neural/u.test(v.voiceType) ? ('neural' as const) : ('standard' as const),
    }));
  }

  /** Asks for the voice list once (no retries): that checks the key, the region and the network. */
  async health(signal?: AbortSignal): Promise<SpeechHealth> {
    if (!this.client)
      return { provider: this.id, ok: false, code: ErrorCode.SpeechNotConfigured, reason: NOT_CONFIGURED };
    try {
      const voices = await this.client.voices(signal);
      return {
        provider: this.id,
        ok: true,
        detail: `${voices.length} voices in ${this.options.settings?.region ?? 'the configured region'}`,
      };
    } catch (e) {
      const failure = classifyAzureFailure(e);
      const region = this.options.settings?.region;
      const unreachable =
        e instanceof AzureCallError && e.errorCode === 'ConnectionFailure' && region
          ? `cannot reach ${region}.tts.speech.microsoft.com: check AZURE_SPEECH_REGION and the network (${e.details})`
          : failure.message;
      const code = failure.kind === 'auth' ? ErrorCode.SpeechAuthFailed : ErrorCode.SpeechUnavailable;
      return { provider: this.id, ok: false, code, reason: unreachable };
    }
  }

  private configured(): AzureSpeechClient {
    if (!this.client) {
      throw new ClipwrightError(ErrorCode.SpeechNotConfigured, NOT_CONFIGURED, { path: 'AZURE_SPEECH_KEY' });
    }
    return this.client;
  }
}

const NOT_CONFIGURED = 'Azure Speech is not configured: set AZURE_SPEECH_KEY and AZURE_SPEECH_REGION';
