import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCode } from '@app/core';
import { parseWav } from '../../wav';
import { AzureCallError } from './azure.client';
import { RECORDED_SESSION, RecordedAzureClient } from './azure-recorded.fixture';
import { AzureSpeechProvider, azureSsml, classifyAzureFailure } from './azure.provider';

describe('AzureSpeechProvider on a recorded session', () => {
  let workDir: string;
  let sleeps: number[];
  beforeEach(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-azure-'));
    sleeps = [];
  });
  afterEach(() => fs.rm(workDir, { recursive: true, force: true }));

  const provider = (client: RecordedAzureClient) =>
    new AzureSpeechProvider({
      client,
      settings: { key: 'k', region: 'westeurope' },
      espeakBinary: '/nonexistent/espeak-ng',
      retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
      retryHooks: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    });
  const request = (over: object = {}) => ({
    text: RECORDED_SESSION.text,
    voice: 'en-US-JennyNeural',
    rate: 160,
    workDir,
    ...over,
  });

  it('sends the SSML Azure expects and times each word from its WordBoundary (ticks / 10^7)', async () => {
    const client = new RecordedAzureClient();
    const result = await provider(client).synthesize(request());
    expect(client.sent).toEqual([RECORDED_SESSION.ssml]);
    expect(result.words).toEqual([
      { text: 'Buildings', start: 0.05, end: 0.4875 },
      { text: 'swayed', start: 0.5, end: 0.85 },
      { text: 'in', start: 0.8625, end: 0.975 },
      { text: 'Taipei,', start: 0.9875, end: 1.4875 },
      { text: 'officials', start: 1.7, end: 2.2125 },
      { text: 'said.', start: 2.225, end: 2.525 },
    ]);
    expect(result.clauses.map((c) => [c.text, c.start, c.end])).toEqual([
      ['Buildings swayed in Taipei,', 0.05, 1.4875],
      ['officials said.', 1.7, 2.525],
    ]);
    expect(result.sampleRate).toBe(24000);
    expect(result.duration).toBeCloseTo(2.8, 6);
    expect(parseWav(await fs.readFile(result.audioPath)).samples.length).toBe(2.8 * 24000);
    expect(await fs.readdir(workDir)).toEqual(['speech.wav']);
    expect(result.provider).toBe('azure');
  });

  it('turns VisemeReceived ids into mouth shapes that hold until the next event', async () => {
    const result = await provider(new RecordedAzureClient()).synthesize(request());
    const v = result.visemes ?? [];
    // Silence before the first event, then id 21 (p b m) = A at 0.05 s, id 6 (i ɪ) = B at 0.11 s.
    expect(v.slice(0, 3)).toEqual([
      { viseme: 'X', start: 0, end: 0.05 },
      { viseme: 'A', start: 0.05, end: 0.11 },
      { viseme: 'B', start: 0.11, end: 0.17 },
    ]);
    // The comma's id 0 closes the mouth until "officials" (id 1, ə = C).
    expect(v.find((s) => s.start === 1.4875)).toEqual({ viseme: 'X', start: 1.4875, end: 1.7 });
    expect(v[v.length - 1]).toEqual({ viseme: 'X', start: 2.525, end: 2.8 });
  });

  it('retries throttling and time-outs with growing waits, then succeeds', async () => {
    const client = new RecordedAzureClient([
      new AzureCallError('TooManyRequests', 'Too many requests'),
      new AzureCallError('ServiceTimeout', 'Timeout while synthesizing'),
    ]);
    const result = await provider(client).synthesize(request());
    expect(client.sent).toHaveLength(3);
    expect(sleeps).toEqual([75, 150]);
    expect(result.words).toHaveLength(6);
  });

  it('never retries a refused key and fails with SPEECH_AUTH_FAILED', async () => {
    const client = new RecordedAzureClient([
      new AzureCallError('AuthenticationFailure', 'WebSocket upgrade failed: Authentication error (401)'),
    ]);
    await expect(provider(client).synthesize(request())).rejects.toMatchObject({
      code: ErrorCode.SpeechAuthFailed,
      message: expect.stringMatching(/Azure Speech failed: the key or region was refused/),
    });
    expect(client.sent).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(await fs.readdir(workDir)).toEqual([]);
  });

  it('gives up after the last attempt with SPEECH_UNAVAILABLE, which the queue may retry later', async () => {
    const down = () => new AzureCallError('ConnectionFailure', 'Unable to contact server. StatusCode: 1006');
    const client = new RecordedAzureClient([down(), down(), down()]);
    const error = await provider(client)
      .synthesize(request())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.SpeechUnavailable, isInputError: false });
    expect((error as Error).message).toMatch(/after 3 attempts: ConnectionFailure/);
    expect(client.sent).toHaveLength(3);
  });

  it('reads an unknown voice from the service as SPEECH_VOICE_UNKNOWN and refuses a name that cannot be one', async () => {
    const client = new RecordedAzureClient([
      new AzureCallError('BadRequestParameters', 'Unsupported voice en-US-NobodyNeural.'),
    ]);
    await expect(provider(client).synthesize(request({ voice: 'en-US-NobodyNeural' }))).rejects.toMatchObject(
      {
        code: ErrorCode.SpeechVoiceUnknown,
        path: 'voice',
      },
    );
    await expect(provider(client).synthesize(request({ voice: 'x"/><evil' }))).rejects.toMatchObject({
      code: ErrorCode.SpeechVoiceUnknown,
    });
    expect(client.sent).toHaveLength(1);
  });

  it('stops waiting between attempts when the job is cancelled', async () => {
    const controller = new AbortController();
    const client = new RecordedAzureClient([new AzureCallError('ServiceError', 'Internal server error')]);
    const p = new AzureSpeechProvider({
      client,
      espeakBinary: 'espeak-ng',
      retry: { attempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    const run = p.synthesize(request({ signal: controller.signal }));
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: ErrorCode.Cancelled });
  });

  it('lists the voice catalogue and reports health from the same call', async () => {
    const p = provider(new RecordedAzureClient());
    const voices = await p.voices();
    expect(voices[0]).toEqual({
      id: 'en-US-JennyNeural',
      provider: 'azure',
      name: 'Jenny',
      languages: ['en-US'],
      gender: 'female',
      kind: 'neural',
    });
    expect(voices.find((v) => v.id === 'zh-CN-XiaoxiaoNeural')?.name).toBe('晓晓');
    expect(voices.find((v) => v.id === 'en-US-AvaMultilingualNeural')?.languages).toEqual([
      'en-US',
      'de-DE',
      'fr-FR',
      'ar-EG',
    ]);
    expect(await p.health()).toEqual({ provider: 'azure', ok: true, detail: '4 voices in westeurope' });
  });

  it('says why it cannot run: no key, a refused key, an unreachable region', async () => {
    const none = new AzureSpeechProvider({ espeakBinary: 'espeak-ng' });
    expect(await none.health()).toEqual({
      provider: 'azure',
      ok: false,
      code: ErrorCode.SpeechNotConfigured,
      reason: expect.stringMatching(/AZURE_SPEECH_KEY and AZURE_SPEECH_REGION/),
    });
    await expect(none.synthesize(request())).rejects.toMatchObject({ code: ErrorCode.SpeechNotConfigured });
    const refused = provider(
      new RecordedAzureClient([new AzureCallError('AuthenticationFailure', 'Error: 401: Unauthorized')]),
    );
    expect(await refused.health()).toMatchObject({ ok: false, code: ErrorCode.SpeechAuthFailed });
    const away = provider(
      new RecordedAzureClient([new AzureCallError('ConnectionFailure', 'getaddrinfo ENOTFOUND')]),
    );
    expect(await away.health()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /cannot reach westeurope\.tts\.speech\.microsoft\.com: check AZURE_SPEECH_REGION/,
      ),
    });
  });
});

describe('azureSsml', () => {
  it('wraps the caller SSML body (lexicon phonemes kept) in the voice, with the rate relative to 160 wpm', () => {
    const ssml = azureSsml({
      text: 'Taoyuan reported',
      ssml: '<speak><phoneme alphabet="ipa" ph="taʊjuɛn">Taoyuan</phoneme> reported</speak>',
      voice: 'zh-TW-HsiaoChenNeural',
      rate: 176,
    });
    expect(ssml).toBe(
      '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="zh-TW">' +
        '<voice name="zh-TW-HsiaoChenNeural"><prosody rate="+10%">' +
        '<phoneme alphabet="ipa" ph="taʊjuɛn">Taoyuan</phoneme> reported</prosody></voice></speak>',
    );
    expect(azureSsml({ text: 'AT&T <3', voice: 'en-US-JennyNeural', rate: 120 })).toContain(
      '<prosody rate="-25%">AT&amp;T &lt;3</prosody>',
    );
  });
});

describe('classifyAzureFailure', () => {
  it.each([
    ['AuthenticationFailure', 'auth'],
    ['Forbidden', 'auth'],
    ['BadRequestParameters', 'rejected'],
    ['TooManyRequests', 'transient'],
    ['ConnectionFailure', 'transient'],
    ['ServiceTimeout', 'transient'],
    ['ServiceError', 'transient'],
    ['RuntimeError', 'transient'],
  ])('%s is %s', (code, kind) => {
    expect(classifyAzureFailure(new AzureCallError(code, 'x')).kind).toBe(kind);
  });
});
