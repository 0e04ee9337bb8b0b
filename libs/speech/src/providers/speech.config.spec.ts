import * as path from 'node:path';
import { ErrorCode } from '@app/core';
import { speechConfigFromEnv } from './speech.config';

describe('speechConfigFromEnv', () => {
  it('gives espeak-ng alone, with the default retry policy, when nothing is set', () => {
    expect(speechConfigFromEnv({})).toEqual({
      espeakBinary: 'espeak-ng',
      retry: { attempts: 3, baseDelayMs: 500, maxDelayMs: 8000 },
    });
  });

  it('reads every provider from its variables', () => {
    const config = speechConfigFromEnv(
      {
        ESPEAK_PATH: '/opt/espeak-ng',
        PIPER_VOICES_DIR: 'voices',
        AZURE_SPEECH_KEY: 'abc',
        AZURE_SPEECH_REGION: 'westeurope',
        POLLY_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIA',
        AWS_SECRET_ACCESS_KEY: 'secret',
        SPEECH_RETRY_ATTEMPTS: '5',
      },
      '/srv/clipwright',
    );
    expect(config).toEqual({
      espeakBinary: '/opt/espeak-ng',
      piperVoicesDir: path.resolve('/srv/clipwright', 'voices'),
      azure: { key: 'abc', region: 'westeurope' },
      polly: { region: 'eu-west-1', accessKeyId: 'AKIA', secretAccessKey: 'secret' },
      retry: { attempts: 5, baseDelayMs: 500, maxDelayMs: 8000 },
    });
  });

  it.each([
    [{ AZURE_SPEECH_KEY: 'abc' }, 'AZURE_SPEECH_REGION'],
    [{ AZURE_SPEECH_REGION: 'westeurope' }, 'AZURE_SPEECH_KEY'],
    [{ AZURE_SPEECH_KEY: 'abc', AZURE_SPEECH_REGION: 'West Europe' }, 'AZURE_SPEECH_REGION'],
    [
      { AZURE_SPEECH_KEY: 'abc', AZURE_SPEECH_REGION: 'westeurope', AZURE_SPEECH_ENDPOINT: 'http://x' },
      'AZURE_SPEECH_ENDPOINT',
    ],
    [{ POLLY_REGION: 'ireland' }, 'POLLY_REGION'],
    [{ POLLY_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIA' }, 'AWS_SECRET_ACCESS_KEY'],
    [{ SPEECH_RETRY_ATTEMPTS: '0' }, 'SPEECH_RETRY_ATTEMPTS'],
  ])('refuses %p naming %s', (env, variable) => {
    expect(() => speechConfigFromEnv(env)).toThrow(
      expect.objectContaining({
        code: ErrorCode.InvalidArgument,
        path: variable,
        message: expect.stringContaining(variable),
      }),
    );
  });
});
