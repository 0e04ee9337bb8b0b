import { Command } from 'commander';
import { ErrorCode } from '@app/core';
import type { SpeechProvider } from '@app/speech';
import { EXIT_BAD_INPUT, runCli } from './cli';
import { registerVoicesCommand } from './voices.command';

const ok = (id: string, voices: string[]): SpeechProvider => ({
  id,
  capabilities: { ssml: true, visemes: true, wordTimings: 'engine', cloud: true },
  synthesize: () => Promise.reject(new Error('unused')),
  health: async () => ({ provider: id, ok: true, detail: `${voices.length} voices` }),
  voices: async () =>
    voices.map((v) => ({
      id: v,
      provider: id,
      name: `Voice ${v}`,
      languages: ['en-US', 'de-DE'],
      gender: 'female' as const,
      kind: 'neural' as const,
    })),
});
const down: SpeechProvider = {
  ...ok('azure', []),
  health: async () => ({
    provider: 'azure',
    ok: false,
    code: ErrorCode.SpeechNotConfigured,
    reason: 'set AZURE_SPEECH_KEY',
  }),
};

async function run(args: string[], providers = [ok('polly', ['Joanna', 'Matthew']), down]) {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command().exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  registerVoicesCommand(
    program,
    { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) },
    () => providers,
  );
  const error = await program.parseAsync(args, { from: 'user' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { out: out.join(''), err: err.join(''), error };
}

describe('clipwright voices', () => {
  it('prints a header and one tab-separated line a voice on stdout, each provider health on stderr', async () => {
    const { out, err, error } = await run(['voices']);
    expect(error).toBeUndefined();
    expect(out).toBe(
      'PROVIDER\tVOICE\tLANGUAGES\tGENDER\tKIND\tNAME\n' +
        'polly\tJoanna\ten-US,de-DE\tfemale\tneural\tVoice Joanna\npolly\tMatthew\ten-US,de-DE\tfemale\tneural\tVoice Matthew\n',
    );
    expect(err).toBe(
      'polly: ok (2 voices)\nazure: cannot run: SPEECH_NOT_CONFIGURED: set AZURE_SPEECH_KEY\n',
    );
  });

  it('prints the catalogue as JSON', async () => {
    const { out } = await run(['voices', '--json', '--provider', 'polly']);
    const parsed = JSON.parse(out) as { providers: Array<{ id: string }>; voices: Array<{ id: string }> };
    expect(parsed.providers.map((p) => p.id)).toEqual(['polly']);
    expect(parsed.voices.map((v) => v.id)).toEqual(['Joanna', 'Matthew']);
  });

  it('fails with the provider code when the one asked for cannot run', async () => {
    const { error } = await run(['voices', '--provider', 'azure']);
    expect(error).toMatchObject({
      code: ErrorCode.SpeechNotConfigured,
      path: '--provider',
      message: expect.stringMatching(/^azure cannot run here: set AZURE_SPEECH_KEY/),
    });
  });

  it('exits 2 through the CLI for an unknown provider or an unconfigured one', async () => {
    const saved = { ...process.env };
    delete process.env.AZURE_SPEECH_KEY;
    delete process.env.AZURE_SPEECH_REGION;
    try {
      const err: string[] = [];
      const io = { stdout: () => undefined, stderr: (t: string) => void err.push(t), isTty: false };
      expect(await runCli(['voices', '--provider', 'azure'], io)).toBe(EXIT_BAD_INPUT);
      expect(err.join('')).toMatch(
        /error SPEECH_NOT_CONFIGURED: azure cannot run here: Azure Speech is not configured/,
      );
      expect(await runCli(['voices', '--provider', 'festival'], io)).toBe(EXIT_BAD_INPUT);
      expect(err.join('')).toMatch(
        /error INVALID_ARGUMENT: No voice provider "festival"; there are: espeak, piper, azure, polly/,
      );
      process.env.AZURE_SPEECH_KEY = 'k';
      expect(await runCli(['voices'], io)).toBe(EXIT_BAD_INPUT);
      expect(err.join('')).toMatch(/AZURE_SPEECH_REGION is required/);
    } finally {
      process.env = saved;
    }
  });
});
