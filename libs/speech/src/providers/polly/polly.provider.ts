import type { PollyClient, PollyClientConfig } from '@aws-sdk/client-polly';
import type { SpeechResult } from '@app/core';
import { ClipwrightError, ErrorCode } from '@app/core';
import { splitClauses } from '../../clauses';
import { cancelled } from '../../espeak.process';
import { validateSpeechRequest } from '../../speech.request';
import type {
  SpeechCapabilities,
  SpeechHealth,
  SpeechProvider,
  SpeechRequest,
  VoiceInfo,
} from '../../speech.types';
import { wordsFromBoundaries } from '../boundary.words';
import {
  type CloudFailure,
  DEFAULT_RETRY,
  type RetryHooks,
  type RetryPolicy,
  withRetries,
} from '../cloud.retry';
import { percentRate, ssmlBody } from '../cloud.ssml';
import { writeSpeechResult } from '../speech-result';
import { parseSpeechMarks, pollyVisemes, wordBoundaries } from './polly.marks';

export interface PollySettings {
  region: string;
  /** Static credentials; when left out the AWS SDK's default chain finds them (instance role, ~/.aws). */
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

export interface PollyOptions {
  settings?: PollySettings;
  retry?: RetryPolicy;
  retryHooks?: RetryHooks;
  /** Extra PollyClient settings: a VPC endpoint, or (tests) a request handler that answers as Polly would. */
  clientConfig?: Partial<PollyClientConfig>;
}

/** PCM from Polly: signed 16-bit little-endian mono; 16 kHz is the highest rate Polly offers for pcm. */
export const POLLY_SAMPLE_RATE = 16000;

/** Polly voice ids: `Joanna`, `Matthew`, `Zhiyu`, `Hala`. */
const VOICE = /^[A-Z][A-Za-z]{1,31}$/u;

const AUTH = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'AccessDeniedException',
  'ExpiredTokenException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'InvalidClientTokenId',
  'CredentialsProviderError',
]);
const VOICE_ERRORS = new Set(['EngineNotSupportedException', 'LanguageNotSupportedException']);
const TRANSIENT = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ServiceFailureException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

/**
 * How a failed Polly call is treated (error names from the SynthesizeSpeech and DescribeVoices API
 * references and the AWS common errors): refused credentials fail at once, an unknown voice or a
 * voice without the neural engine is SPEECH_VOICE_UNKNOWN, throttling, 5xx and network errors are
 * retried, any other 4xx (bad SSML, text too long) is rejected.
 */
export function classifyPollyFailure(error: unknown): CloudFailure {
  const e = error as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    code?: string;
  };
  const name = e?.name ?? 'Error';
  const status = e?.$metadata?.httpStatusCode;
  const message = `${name}${status ? ` (HTTP ${status})` : ''}: ${e?.message ?? String(error)}`;
  if (AUTH.has(name) || status === 401 || status === 403) return { kind: 'auth', message };
  if (VOICE_ERRORS.has(name) || (name === 'ValidationException' && /voice/iu.test(e?.message ?? ''))) {
    return { kind: 'voice', message };
  }
  if (TRANSIENT.has(name) || status === 429 || (status !== undefined && status >= 500))
    return { kind: 'transient', message };
  if (status !== undefined && status >= 400) return { kind: 'rejected', message };
  // No HTTP answer at all: a network failure (ECONNREFUSED, ENOTFOUND, a reset socket).
  return { kind: 'transient', message };
}

/** The SSML sent to Polly: the rate as a percentage of the voice's normal speed, then the caller's body. */
export function pollySsml(req: Pick<SpeechRequest, 'text' | 'ssml' | 'rate'>): string {
  return `<speak><prosody rate="${percentRate(req.rate)}">${ssmlBody(req)}</prosody></speak>`;
}

/**
 * Amazon Polly neural voices (@aws-sdk/client-polly): two SynthesizeSpeech calls per reading, the
 * audio (pcm, 16 kHz) and its speech marks (`word` and `viseme`, JSON lines, times in ms). The SDK
 * is loaded on first use and its own retries are off: one policy (withRetries) covers every cloud.
 */
export class PollySpeechProvider implements SpeechProvider {
  readonly id = 'polly';
  readonly capabilities: SpeechCapabilities = {
    ssml: true,
    visemes: true,
    wordTimings: 'engine',
    cloud: true,
  };
  private client?: Promise<PollyClient>;

  constructor(private readonly options: PollyOptions) {}

  async synthesize(req: SpeechRequest): Promise<SpeechResult> {
    validateSpeechRequest(req);
    const client = await this.connect();
    if (!VOICE.test(req.voice)) {
      throw new ClipwrightError(
        ErrorCode.SpeechVoiceUnknown,
        `"${req.voice}" is not an Amazon Polly voice id such as Joanna`,
        {
          path: 'voice',
        },
      );
    }
    if (req.signal?.aborted) throw cancelled(req.signal.reason);
    const { SynthesizeSpeechCommand } = await import('@aws-sdk/client-polly');
    const base = {
      Engine: 'neural' as const,
      Text: pollySsml(req),
      TextType: 'ssml' as const,
      VoiceId: req.voice as never,
    };
    const call = (input: ConstructorParameters<typeof SynthesizeSpeechCommand>[0]): Promise<Uint8Array> =>
      withRetries(
        'Amazon Polly',
        async () => {
          const out = await client.send(new SynthesizeSpeechCommand(input), { abortSignal: req.signal });
          if (!out.AudioStream)
            throw new ClipwrightError(ErrorCode.SpeechFailed, 'Amazon Polly answered without a body');
          return out.AudioStream.transformToByteArray();
        },
        classifyPollyFailure,
        this.options.retry ?? DEFAULT_RETRY,
        req.signal,
        this.options.retryHooks,
      );
    const markBytes = await call({ ...base, OutputFormat: 'json', SpeechMarkTypes: ['word', 'viseme'] });
    const pcm = await call({ ...base, OutputFormat: 'pcm', SampleRate: String(POLLY_SAMPLE_RATE) });
    const samples = new Int16Array(Math.floor(pcm.length / 2));
    const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(2 * i, true);
    const audio = { sampleRate: POLLY_SAMPLE_RATE, samples };
    const duration = samples.length / POLLY_SAMPLE_RATE;
    const marks = parseSpeechMarks(Buffer.from(markBytes).toString('utf8'));
    const clauses = splitClauses(req.text);
    const words = wordsFromBoundaries(
      clauses.flatMap((c) => c.tokens),
      wordBoundaries(marks, duration),
      duration,
    );
    return writeSpeechResult({
      audio,
      words,
      clauses,
      visemes: pollyVisemes(marks, duration),
      provider: this.id,
      voice: req.voice,
      workDir: req.workDir,
    });
  }

  /** The neural voices (DescribeVoices, every page), with their additional languages. */
  async voices(signal?: AbortSignal, retry = this.options.retry ?? DEFAULT_RETRY): Promise<VoiceInfo[]> {
    const client = await this.connect();
    const { DescribeVoicesCommand } = await import('@aws-sdk/client-polly');
    const voices: VoiceInfo[] = [];
    let token: string | undefined;
    do {
      const page = await withRetries(
        'Amazon Polly voice list',
        () =>
          client.send(
            new DescribeVoicesCommand({
              Engine: 'neural',
              IncludeAdditionalLanguageCodes: true,
              NextToken: token,
            }),
            { abortSignal: signal },
          ),
        classifyPollyFailure,
        retry,
        signal,
        this.options.retryHooks,
      );
      for (const v of page.Voices ?? []) {
        if (!v.Id) continue;
        voices.push({
          id: v.Id,
          provider: this.id,
          name: v.Name ?? v.Id,
          languages: [v.LanguageCode, ...(v.AdditionalLanguageCodes ?? [])].flatMap((l) =>
            l ? [String(l)] : [],
          ),
          ...(v.Gender === 'Female'
            ? { gender: 'female' as const }
            : v.Gender === 'Male'
              ? { gender: 'male' as const }
              : {}),
          kind: 'neural',
        });
      }
      token = page.NextToken;
    } while (token);
    return voices;
  }

  /** One DescribeVoices call, no retries: checks the credentials, the region and the network. */
  async health(signal?: AbortSignal): Promise<SpeechHealth> {
    if (!this.options.settings) {
      return { provider: this.id, ok: false, code: ErrorCode.SpeechNotConfigured, reason: NOT_CONFIGURED };
    }
    try {
      const voices = await this.voices(signal, { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 });
      return {
        provider: this.id,
        ok: true,
        detail: `${voices.length} neural voices in ${this.options.settings.region}`,
      };
    } catch (e) {
      const err = e as ClipwrightError;
      return {
        provider: this.id,
        ok: false,
        code: err.code ?? ErrorCode.SpeechUnavailable,
        reason: err.message,
      };
    }
  }

  private async connect(): Promise<PollyClient> {
    const settings = this.options.settings;
    if (!settings)
      throw new ClipwrightError(ErrorCode.SpeechNotConfigured, NOT_CONFIGURED, { path: 'POLLY_REGION' });
    this.client ??= import('@aws-sdk/client-polly').then(
      ({ PollyClient }) =>
        new PollyClient({
          region: settings.region,
          maxAttempts: 1,
          ...(settings.accessKeyId && settings.secretAccessKey
            ? {
                credentials: {
                  accessKeyId: settings.accessKeyId,
                  secretAccessKey: settings.secretAccessKey,
                  ...(settings.sessionToken ? { sessionToken: settings.sessionToken } : {}),
                },
              }
            : {}),
          ...this.options.clientConfig,
        }),
    );
    return this.client;
  }
}

const NOT_CONFIGURED = 'Amazon Polly is not configured: set POLLY_REGION (and AWS credentials)';
