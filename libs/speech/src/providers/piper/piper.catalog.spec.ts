import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCode } from '@app/core';
import { piperVoiceInfos, resolvePiperVoice, scanPiperVoices } from './piper.catalog';
import { buildTinyPiperConfig } from './tiny-piper.model';

describe('Piper voices folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-piper-catalog-'));
    const put = (name: string, body: string) => fs.writeFile(path.join(dir, name), body);
    await put('en_US-tiny-x_low.onnx', 'model');
    await put('en_US-tiny-x_low.onnx.json', JSON.stringify(buildTinyPiperConfig()));
    await put('cast.onnx', 'model');
    await put('cast.onnx.json', JSON.stringify(buildTinyPiperConfig({ speakers: true })));
    await put('lonely.onnx', 'model');
    await put('broken.onnx', 'model');
    await put('broken.onnx.json', '{"audio": {}}');
    await put('bad name.onnx', 'model');
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('lists the voices with configs and says what is wrong with the others', async () => {
    const { voices, problems } = await scanPiperVoices(dir);
    expect(voices.map((v) => v.name)).toEqual(['cast', 'en_US-tiny-x_low']);
    expect(problems).toEqual([
      expect.stringMatching(/^bad name\.onnx: the name may only use/),
      expect.stringMatching(/^broken\.onnx\.json: .*sample_rate/),
      'lonely.onnx: no lonely.onnx.json beside it',
    ]);
    expect(piperVoiceInfos(voices)).toEqual([
      { id: 'cast+anchor', name: 'cast (anchor)', provider: 'piper', languages: ['en-US'], kind: 'neural' },
      {
        id: 'cast+reporter',
        name: 'cast (reporter)',
        provider: 'piper',
        languages: ['en-US'],
        kind: 'neural',
      },
      { id: 'cast+2', name: 'cast (guest voice)', provider: 'piper', languages: ['en-US'], kind: 'neural' },
      {
        id: 'en_US-tiny-x_low',
        name: 'en_US-tiny-x_low',
        provider: 'piper',
        languages: ['en-US'],
        kind: 'neural',
      },
    ]);
  });

  it('resolves a voice id to its model and speaker', async () => {
    const { voices } = await scanPiperVoices(dir);
    expect(resolvePiperVoice(voices, 'en_US-tiny-x_low').speaker).toBeUndefined();
    expect(resolvePiperVoice(voices, 'cast').speaker).toBe(0);
    expect(resolvePiperVoice(voices, 'cast+reporter').speaker).toBe(1);
    expect(resolvePiperVoice(voices, 'cast+2').speaker).toBe(2);
    for (const bad of ['nope', '../cast', 'cast+9', 'cast+host', 'en_US-tiny-x_low+1']) {
      expect(() => resolvePiperVoice(voices, bad)).toThrow(
        expect.objectContaining({ code: ErrorCode.SpeechVoiceUnknown, path: 'voice' }),
      );
    }
  });

  it('says a folder that cannot be read is not configured', async () => {
    await expect(scanPiperVoices(path.join(dir, 'missing'))).rejects.toMatchObject({
      code: ErrorCode.SpeechNotConfigured,
    });
  });
});

describe('the committed stand-in voice (models/voices, from scripts/make-tiny-piper.js)', () => {
  it('is what the generator makes today', async () => {
    const { buildTinyPiperModel } = await import('./tiny-piper.model');
    const root = path.join(__dirname, '..', '..', '..', '..', '..', 'models', 'voices');
    expect(
      Buffer.compare(
        await fs.readFile(path.join(root, 'tiny-tones.onnx')),
        buildTinyPiperModel({ durations: true }),
      ),
    ).toBe(0);
    expect(JSON.parse(await fs.readFile(path.join(root, 'tiny-tones.onnx.json'), 'utf8'))).toEqual(
      buildTinyPiperConfig({ durations: true }),
    );
  });
});
