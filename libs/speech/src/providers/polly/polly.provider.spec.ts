import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCode } from '@app/core';
import { parseWav } from '../../wav';
import { pollyError, RecordedPolly } from './polly-recorded.fixture';
import { classifyPollyFailure, PollySpeechProvider, pollySsml } from './polly.provider';

const TEXT = 'Buildings swayed in Taipei, officials said.';

describe('PollySpeechProvider through the real AWS SDK, answered from recorded Polly responses', () => {
  let workDir: string;
  let sleeps: number[];
  beforeEach(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-polly-'));
    sleeps = [];
  });
  afterEach(() => fs.rm(workDir, { recursive: true, force: true }));

  const provider = (polly: RecordedPolly) =>
    new PollySpeechProvider({
      settings: { region: 'eu-west-1', accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' },
      clientConfig: { requestHandler: polly.handler as never },
      retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
      retryHooks: { sleep: async (ms) => void sleeps.push(ms), random: () => 0 },
    });
  const request = (over: object = {}) => ({ text: TEXT, voice: 'Joanna', rate: 160, workDir, ...over });

  it('asks for speech marks and audio with the neural engine, signed, and times words from the marks', async () => {
    const polly = new RecordedPolly();
    const result = await provider(polly).synthesize(request());
    expect(polly.seen.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/speech', 'POST /v1/speech']);
    const [marks, pcm] = polly.seen.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(marks).toEqual({
      Engine: 'neural',
      OutputFormat: 'json',
      SpeechMarkTypes: ['word', 'viseme'],
      Text: `<speak><prosody rate="100%">${TEXT}</prosody></speak>`,
      TextType: 'ssml',
      VoiceId: 'Joanna',
    });
    expect(pcm).toMatchObject({
      Engine: 'neural',
      OutputFormat: 'pcm',
      SampleRate: '16000',
      VoiceId: 'Joanna',
    });
    expect(polly.seen[0].headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE\/\d{8}\/eu-west-1\/polly\/aws4_request/,
    );
    // A word ends at the next word, or at the `sil` viseme before it (the comma's pause).
    expect(result.words).toEqual([
      { text: 'Buildings', start: 0.05, end: 0.5 },
      { text: 'swayed', start: 0.5, end: 0.863 },
      { text: 'in', start: 0.863, end: 0.988 },
      { text: 'Taipei,', start: 0.988, end: 1.488 },
      { text: 'officials', start: 1.7, end: 2.225 },
      { text: 'said.', start: 2.225, end: 2.525 },
    ]);
    expect(result.sampleRate).toBe(16000);
    expect(result.duration).toBeCloseTo(2.8, 9);
    expect(parseWav(await fs.readFile(result.audioPath)).samples.length).toBe(44800);
    expect(result.visemes?.slice(0, 3)).toEqual([
      { viseme: 'X', start: 0, end: 0.05 },
      { viseme: 'A', start: 0.05, end: 0.11 },
      { viseme: 'B', start: 0.11, end: 0.58 },
    ]);
    expect(result.visemes?.find((v) => v.start === 1.488)).toEqual({ viseme: 'X', start: 1.488, end: 1.7 });
  });

  it('retries throttling and a 500 from Polly, then succeeds', async () => {
    const polly = new RecordedPolly([
      pollyError(400, 'ThrottlingException', 'Rate exceeded'),
      pollyError(500, 'ServiceFailureException', 'Internal failure'),
    ]);
    const result = await provider(polly).synthesize(request());
    expect(polly.seen).toHaveLength(4);
    expect(sleeps).toEqual([50, 100]);
    expect(result.words).toHaveLength(6);
  });

  it('fails at once with SPEECH_AUTH_FAILED when the credentials are refused', async () => {
    const polly = new RecordedPolly([
      pollyError(
        403,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      ),
    ]);
    await expect(provider(polly).synthesize(request())).rejects.toMatchObject({
      code: ErrorCode.SpeechAuthFailed,
      message: expect.stringMatching(/UnrecognizedClientException \(HTTP 403\): The security token/),
    });
    expect(polly.seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(await fs.readdir(workDir)).toEqual([]);
  });

  it('reports bad SSML as SPEECH_REJECTED and a voice without the neural engine as SPEECH_VOICE_UNKNOWN', async () => {
    const bad = new RecordedPolly([pollyError(400, 'InvalidSsmlException', 'Invalid SSML request')]);
    await expect(provider(bad).synthesize(request())).rejects.toMatchObject({
      code: ErrorCode.SpeechRejected,
    });
    const engine = new RecordedPolly([
      pollyError(
        400,
        'EngineNotSupportedException',
        'This voice does not support the selected engine: neural',
      ),
    ]);
    await expect(provider(engine).synthesize(request({ voice: 'Celine' }))).rejects.toMatchObject({
      code: ErrorCode.SpeechVoiceUnknown,
      path: 'voice',
    });
    expect(bad.seen).toHaveLength(1);
    expect(engine.seen).toHaveLength(1);
  });

  it('lists every page of neural voices and says it is healthy', async () => {
    const polly = new RecordedPolly();
    const voices = await provider(polly).voices();
    expect(voices.map((v) => v.id)).toEqual(['Joanna', 'Matthew', 'Zhiyu', 'Hala']);
    expect(voices[3]).toEqual({
      id: 'Hala',
      provider: 'polly',
      name: 'Hala',
      languages: ['arb', 'ar-AE'],
      gender: 'female',
      kind: 'neural',
    });
    expect(polly.seen.map((r) => r.query)).toEqual([
      { Engine: 'neural', IncludeAdditionalLanguageCodes: 'true' },
      { Engine: 'neural', IncludeAdditionalLanguageCodes: 'true', NextToken: 'page-2' },
    ]);
    expect(await provider(new RecordedPolly()).health()).toEqual({
      provider: 'polly',
      ok: true,
      detail: '4 neural voices in eu-west-1',
    });
  });

  it('says it is not configured without a region, and why a refused key cannot run', async () => {
    const none = new PollySpeechProvider({});
    expect(await none.health()).toMatchObject({
      ok: false,
      code: ErrorCode.SpeechNotConfigured,
      reason: expect.stringMatching(/POLLY_REGION/),
    });
    await expect(none.synthesize(request())).rejects.toMatchObject({ code: ErrorCode.SpeechNotConfigured });
    const refused = provider(
      new RecordedPolly([pollyError(403, 'InvalidSignatureException', 'Signature mismatch')]),
    );
    expect(await refused.health()).toMatchObject({ ok: false, code: ErrorCode.SpeechAuthFailed });
  });
});

describe('pollySsml and classifyPollyFailure', () => {
  it('puts the rate as a percentage of normal speed around the caller SSML', () => {
    expect(
      pollySsml({ text: 'x', ssml: '<speak>A <sub alias="Doctor">Dr.</sub> said</speak>', rate: 200 }),
    ).toBe('<speak><prosody rate="125%">A <sub alias="Doctor">Dr.</sub> said</prosody></speak>');
  });

  it('retries network failures that never got an HTTP answer', () => {
    expect(
      classifyPollyFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).kind,
    ).toBe('transient');
    expect(
      classifyPollyFailure({
        name: 'TextLengthExceededException',
        message: 'too long',
        $metadata: { httpStatusCode: 400 },
      }).kind,
    ).toBe('rejected');
  });
});
