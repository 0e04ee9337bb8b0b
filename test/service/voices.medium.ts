import * as path from 'node:path';
import {
  type AppProcess,
  createKey,
  serviceEnv,
  type ServiceEnv,
  startApi,
  startApp,
} from './service.harness';

jest.setTimeout(120_000);

/** GET /v1/voices as a client would call it. */
async function get(
  url: string,
  key: string | null,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('GET /v1/voices on the real API', () => {
  let svc: ServiceEnv;
  let api: { proc: AppProcess; url: string };
  let key: string;

  beforeAll(async () => {
    svc = await serviceEnv({ PIPER_VOICES_DIR: path.resolve(__dirname, '../../models/voices') });
    api = await startApi(svc.env);
    key = await createKey(svc.env.DATABASE_URL as string, 'newsroom-voices');
  });
  afterAll(async () => {
    await api?.proc.stop();
    await svc?.dropDatabase();
  });

  it('needs an API key like every route', async () => {
    const res = await get(`${api.url}/v1/voices`, null);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
  });

  it('lists espeak-ng and Piper voices and says why the cloud voices cannot run here', async () => {
    const res = await get(`${api.url}/v1/voices`, key);
    expect(res.status).toBe(200);
    const providers = res.json.providers as Array<{
      id: string;
      health: { ok: boolean; code?: string; reason?: string };
    }>;
    expect(providers.map((p) => [p.id, p.health.ok, p.health.code])).toEqual([
      ['espeak', true, undefined],
      ['piper', true, undefined],
      ['azure', false, 'SPEECH_NOT_CONFIGURED'],
      ['polly', false, 'SPEECH_NOT_CONFIGURED'],
    ]);
    const voices = res.json.voices as Array<{ provider: string; id: string }>;
    expect(voices).toEqual(
      expect.arrayContaining([expect.objectContaining({ provider: 'espeak', id: 'en-us' })]),
    );
    expect(voices.filter((v) => v.provider === 'piper').map((v) => v.id)).toEqual(['tiny-tones']);
  });

  it('narrows to one provider and answers 400 naming the query field for an unknown one', async () => {
    const piper = await get(`${api.url}/v1/voices?provider=piper`, key);
    expect((piper.json.voices as unknown[]).length).toBe(1);
    const bad = await get(`${api.url}/v1/voices?provider=festival`, key);
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      error: {
        code: 'INVALID_ARGUMENT',
        message: 'No voice provider "festival"; there are: espeak, piper, azure, polly',
        path: 'provider',
      },
    });
    const odd = await get(`${api.url}/v1/voices?provider=../x`, key);
    expect(odd.status).toBe(400);
    expect(odd.json).toEqual({ error: expect.objectContaining({ path: 'query:provider' }) });
  });

  it('refuses to start on a bad speech setting, naming the variable', async () => {
    const proc = startApp('api', { ...svc.env, AZURE_SPEECH_KEY: 'k', AZURE_SPEECH_REGION: 'West Europe' });
    expect(await proc.exit()).toBe(1);
    expect(proc.lines.join('\n')).toMatch(/AZURE_SPEECH_REGION must be an Azure region name/);
  });
});
