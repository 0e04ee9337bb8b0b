import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import { ProcessRunner } from '@app/media';
import { EspeakSpeechProvider } from './espeak.provider';

// No synthesizer runs here: these are the paths that fail before or instead of starting one.
describe('EspeakSpeechProvider (no espeak-ng)', () => {
  let workDir: string;
  beforeEach(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-speech-'));
  });
  afterEach(() => fs.rm(workDir, { recursive: true, force: true }));

  const request = (over: object = {}) => ({
    text: 'Hello there.',
    voice: 'en-us',
    rate: 160,
    workDir,
    ...over,
  });

  it('reports a missing binary as TOOL_MISSING', async () => {
    const provider = new EspeakSpeechProvider({ binary: path.join(workDir, 'no-such-espeak') });
    const error = await provider.synthesize(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClipwrightError);
    expect((error as ClipwrightError).code).toBe(ErrorCode.ToolMissing);
    expect((error as ClipwrightError).message).toMatch(/no-such-espeak.*ESPEAK_PATH/);
    expect(await fs.readdir(workDir)).toEqual([]);
  });

  it("takes its binary from the runner's tool config (the CLI and worker fill it from ESPEAK_PATH)", async () => {
    const runner = new ProcessRunner({ tools: { espeak: path.join(workDir, 'from-config') } });
    await expect(new EspeakSpeechProvider({ runner }).synthesize(request())).rejects.toThrow(/from-config/);
  });

  it('rejects an already aborted request as CANCELLED without starting anything', async () => {
    const controller = new AbortController();
    controller.abort();
    const provider = new EspeakSpeechProvider({ binary: path.join(workDir, 'never-run') });
    await expect(provider.synthesize(request({ signal: controller.signal }))).rejects.toMatchObject({
      code: ErrorCode.Cancelled,
    });
  });

  it.each([
    [{ text: '  \n' }, 'text'],
    [{ voice: '' }, 'voice'],
    [{ rate: 0 }, 'rate'],
    [{ rate: Number.NaN }, 'rate'],
  ])('refuses a bad request %p', async (over, field) => {
    await expect(new EspeakSpeechProvider().synthesize(request(over))).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
      path: field,
    });
  });
});

describe('EspeakSpeechProvider health and voices without espeak-ng', () => {
  it('says the program is missing instead of throwing, and voices() throws TOOL_MISSING', async () => {
    const provider = new EspeakSpeechProvider({ binary: '/nonexistent/espeak-ng' });
    expect(await provider.health()).toEqual({
      provider: 'espeak',
      ok: false,
      code: ErrorCode.ToolMissing,
      reason: expect.stringMatching(/not found.*ESPEAK_PATH/),
    });
    await expect(provider.voices()).rejects.toMatchObject({ code: ErrorCode.ToolMissing });
    expect(provider.capabilities).toEqual({
      ssml: false,
      visemes: false,
      wordTimings: 'measured',
      cloud: false,
    });
  });
});
