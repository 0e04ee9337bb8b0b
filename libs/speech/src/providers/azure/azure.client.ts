import type * as SpeechSdk from 'microsoft-cognitiveservices-speech-sdk';
import { ClipwrightError, ErrorCode } from '@app/core';
import { cancelled } from '../../espeak.process';

/** 100-nanosecond ticks per second: the unit of every Azure Speech audio offset and duration. */
export const TICKS_PER_SECOND = 10_000_000;

/** An event of one synthesis, as the SDK raised it (SpeechSynthesisWordBoundaryEventArgs, ...VisemeEventArgs). */
export type AzureSynthesisEvent =
  | {
      type: 'WordBoundary';
      boundaryType: 'WordBoundary' | 'PunctuationBoundary' | 'SentenceBoundary';
      /** Ticks from the start of the audio. */
      audioOffset: number;
      /** Ticks. */
      duration: number;
      text: string;
      /** Characters into the SSML sent. */
      textOffset: number;
      wordLength: number;
    }
  | { type: 'VisemeReceived'; audioOffset: number; visemeId: number };

export interface AzureSynthesis {
  /** The audio as requested: RIFF WAV, 24 kHz 16-bit mono PCM (Riff24Khz16BitMonoPcm). */
  audio: Buffer;
  events: AzureSynthesisEvent[];
}

/** A voice of the `voices/list` answer (the SDK's VoiceInfo, as plain fields). */
export interface AzureVoice {
  shortName: string;
  locale: string;
  localName: string;
  gender: string;
  voiceType: string;
  secondaryLocales: string[];
}

/**
 * A failed call as the SDK reports it: the CancellationErrorCode name (`AuthenticationFailure`,
 * `TooManyRequests`, `ConnectionFailure`, `ServiceTimeout`, `ServiceError`, `BadRequestParameters`,
 * `Forbidden`, `RuntimeError`) and the service's details.
 */
export class AzureCallError extends Error {
  constructor(
    readonly errorCode: string,
    readonly details: string,
  ) {
    super(`${errorCode}: ${details}`);
    this.name = 'AzureCallError';
  }
}

/**
 * The seam to Azure Speech (docs/conventions.md §4): one synthesis with its events, and the voice list.
 * The provider talks only to this, so tests feed it recorded event sequences and audio.
 */
export interface AzureSpeechClient {
  synthesize(ssml: string, signal?: AbortSignal): Promise<AzureSynthesis>;
  voices(signal?: AbortSignal): Promise<AzureVoice[]>;
}

export interface AzureSettings {
  /** A Speech resource key. */
  key: string;
  /** Its region (`westeurope`, `eastus`). */
  region: string;
  /**
   * A WebSocket endpoint instead of the region's (an on-premises Speech container,
   * `ws://speech-host:5000/`, or a sovereign cloud); the region is then only named in messages.
   */
  endpoint?: string;
}

type Sdk = typeof SpeechSdk;
/** What runSynthesis needs of a SpeechSynthesizer. */
export type SynthesizerLike = Pick<
  SpeechSdk.SpeechSynthesizer,
  'wordBoundary' | 'visemeReceived' | 'speakSsmlAsync' | 'close'
>;

/** The SDK, loaded on first use so that importing @app/speech never needs it. */
export async function loadAzureSdk(): Promise<Sdk> {
  try {
    return await import('microsoft-cognitiveservices-speech-sdk');
  } catch (e) {
    throw new ClipwrightError(
      ErrorCode.SpeechNotConfigured,
      'The Azure Speech SDK (npm microsoft-cognitiveservices-speech-sdk) is not installed',
      { cause: e },
    );
  }
}

/**
 * Drives one SpeechSynthesizer through `speakSsmlAsync`, collecting WordBoundary and VisemeReceived
 * events as they arrive. A cancelled result becomes an AzureCallError with the SDK's
 * CancellationErrorCode; an abort closes the synthesizer and rejects with CANCELLED.
 */
export function runSynthesis(
  sdk: Sdk,
  synthesizer: SynthesizerLike,
  ssml: string,
  signal?: AbortSignal,
): Promise<AzureSynthesis> {
  return new Promise<AzureSynthesis>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled(signal.reason));
    const events: AzureSynthesisEvent[] = [];
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      synthesizer.close();
      fn();
    };
    const onAbort = (): void => finish(() => reject(cancelled(signal?.reason)));
    signal?.addEventListener('abort', onAbort, { once: true });
    synthesizer.wordBoundary = (_s, e) => {
      events.push({
        type: 'WordBoundary',
        boundaryType: e.boundaryType as 'WordBoundary' | 'PunctuationBoundary' | 'SentenceBoundary',
        audioOffset: e.audioOffset,
        duration: e.duration,
        text: e.text,
        textOffset: e.textOffset,
        wordLength: e.wordLength,
      });
    };
    synthesizer.visemeReceived = (_s, e) => {
      events.push({ type: 'VisemeReceived', audioOffset: e.audioOffset, visemeId: e.visemeId });
    };
    synthesizer.speakSsmlAsync(
      ssml,
      (result) => {
        if (result.reason === sdk.ResultReason.SynthesizingAudioCompleted) {
          finish(() => resolve({ audio: Buffer.from(result.audioData), events }));
          return;
        }
        const details = sdk.CancellationDetails.fromResult(result);
        const code = sdk.CancellationErrorCode[details.ErrorCode] ?? 'RuntimeError';
        finish(() => reject(new AzureCallError(code, details.errorDetails ?? 'synthesis was cancelled')));
      },
      (error) => finish(() => reject(new AzureCallError('RuntimeError', String(error)))),
    );
  });
}

/** `Error: 401: Unauthorized` (getVoicesAsync's errorDetails) as the matching CancellationErrorCode. */
export function voicesErrorCode(details: string): string {
  const status = Number(/(\d{3})/u.exec(details)?.[1] ?? 0);
  if (status === 401) return 'AuthenticationFailure';
  if (status === 403) return 'Forbidden';
  if (status === 429) return 'TooManyRequests';
  if (status === 400) return 'BadRequestParameters';
  if (status >= 500) return 'ServiceError';
  return 'ConnectionFailure';
}

/** The real client: microsoft-cognitiveservices-speech-sdk, 24 kHz RIFF output, key and region from config. */
export class SdkAzureSpeechClient implements AzureSpeechClient {
  constructor(
    private readonly settings: AzureSettings,
    private readonly sdk: () => Promise<Sdk> = loadAzureSdk,
  ) {}

  async synthesize(ssml: string, signal?: AbortSignal): Promise<AzureSynthesis> {
    const sdk = await this.sdk();
    return runSynthesis(sdk, new sdk.SpeechSynthesizer(this.config(sdk), null), ssml, signal);
  }

  async voices(): Promise<AzureVoice[]> {
    const sdk = await this.sdk();
    const synthesizer = new sdk.SpeechSynthesizer(this.config(sdk), null);
    try {
      const result = await synthesizer.getVoicesAsync().catch((e: NodeJS.ErrnoException) => {
        throw new AzureCallError('ConnectionFailure', `${e.code ?? ''} ${e.message}`.trim());
      });
      if (result.errorDetails)
        throw new AzureCallError(voicesErrorCode(result.errorDetails), result.errorDetails);
      return result.voices.map((v) => ({
        shortName: v.shortName,
        locale: v.locale,
        localName: v.localName,
        gender: sdk.SynthesisVoiceGender[v.gender] ?? 'Unknown',
        voiceType: sdk.SynthesisVoiceType[v.voiceType] ?? 'Unknown',
        secondaryLocales: v.secondaryLocaleList ?? [],
      }));
    } finally {
      synthesizer.close();
    }
  }

  private config(sdk: Sdk): SpeechSdk.SpeechConfig {
    const config = this.settings.endpoint
      ? sdk.SpeechConfig.fromEndpoint(new URL(this.settings.endpoint), this.settings.key)
      : sdk.SpeechConfig.fromSubscription(this.settings.key, this.settings.region);
    config.speechSynthesisOutputFormat = sdk.SpeechSynthesisOutputFormat.Riff24Khz16BitMonoPcm;
    return config;
  }
}
