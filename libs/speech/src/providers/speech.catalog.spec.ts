import { ErrorCode } from '@app/core';
import type { SpeechHealth, SpeechProvider, VoiceInfo } from '../speech.types';
import { createSpeechProviders, speechCatalogue } from './speech.catalog';
import { speechConfigFromEnv } from './speech.config';

function fake(id: string, health: SpeechHealth, voices: VoiceInfo[] | Error): SpeechProvider {
  return {
    id,
    capabilities: { ssml: false, visemes: false, wordTimings: 'measured', cloud: false },
    synthesize: () => Promise.reject(new Error('not here')),
    health: async () => health,
    voices: async () => {
      if (voices instanceof Error) throw voices;
      return voices;
    },
  };
}

const voice = (provider: string, id: string): VoiceInfo => ({
  id,
  provider,
  name: id,
  languages: ['en'],
  kind: 'neural',
});

describe('speechCatalogue', () => {
  const providers = [
    fake('one', { provider: 'one', ok: true, detail: 'fine' }, [voice('one', 'a'), voice('one', 'b')]),
    fake('two', { provider: 'two', ok: false, code: ErrorCode.SpeechNotConfigured, reason: 'no key' }, []),
    fake('three', { provider: 'three', ok: true, detail: 'fine' }, new Error('list failed')),
  ];

  it('lists the voices of providers that run and says why the others do not', async () => {
    const c = await speechCatalogue(providers);
    expect(c.voices.map((v) => `${v.provider}:${v.id}`)).toEqual(['one:a', 'one:b']);
    expect(c.providers.map((p) => [p.id, p.health.ok])).toEqual([
      ['one', true],
      ['two', false],
      ['three', false],
    ]);
    expect(c.providers[2].health).toMatchObject({
      ok: false,
      code: ErrorCode.Internal,
      reason: expect.stringMatching(/list failed/),
    });
  });

  it('narrows to one provider, and names the known ones for an unknown id', async () => {
    expect((await speechCatalogue(providers, 'one')).providers).toHaveLength(1);
    await expect(speechCatalogue(providers, 'azur')).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
      path: 'provider',
      message: 'No voice provider "azur"; there are: one, two, three',
    });
  });

  it('builds espeak, piper, azure and polly from one config, the unconfigured ones saying so', async () => {
    const list = createSpeechProviders(speechConfigFromEnv({ ESPEAK_PATH: '/nonexistent/espeak-ng' }));
    expect(list.map((p) => p.id)).toEqual(['espeak', 'piper', 'azure', 'polly']);
    const c = await speechCatalogue(list);
    expect(c.voices).toEqual([]);
    expect(c.providers.map((p) => [p.id, p.health.ok ? 'ok' : p.health.code])).toEqual([
      ['espeak', ErrorCode.ToolMissing],
      ['piper', ErrorCode.SpeechNotConfigured],
      ['azure', ErrorCode.SpeechNotConfigured],
      ['polly', ErrorCode.SpeechNotConfigured],
    ]);
  });
});
