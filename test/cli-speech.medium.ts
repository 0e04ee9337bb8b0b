/** @jest-environment ./libs/presenter/src/lipsync/onnxruntime.jest-environment.js */
/**
 * The voice end to end through `clipwright render` and the real engine: espeak-ng and a Piper-format
 * voice (the tiny generated model in models/voices), other scripts in the script, provider and
 * voice errors on the template field. A small template (one narrated scene, 480x270) keeps each
 * render to a few seconds.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { RenderResult } from '@app/core';
import { parseWav } from '@app/speech';
import { runCli } from '../apps/cli/src/cli';
import { io } from './support/cli-io';
import { recordTake, srtStarts, writeSpeechTemplate } from './support/speech-template';

jest.setTimeout(240_000);

const root = path.resolve(__dirname, '..');

interface SpeechWorkspace {
  work: string;
  /** Writes templates/speech-test with this voice. */
  useVoice(voice: Record<string, unknown>): Promise<void>;
  /** Runs `clipwright render` on `data` with extra flags into `out`; resolves to the exit code and stderr. */
  render(out: string, data: unknown, ...flags: string[]): Promise<{ code: number; stderr: string }>;
  result(out: string): Promise<RenderResult>;
}

/** A folder with the test template and a data file; each render goes to its own output folder. */
function speechWorkspace(): SpeechWorkspace {
  const ws = {
    work: '',
    useVoice: (voice: Record<string, unknown>) => writeSpeechTemplate(path.join(ws.work, 'templates'), voice),
    async render(out: string, data: unknown, ...flags: string[]) {
      const file = path.join(ws.work, `${out}.data.json`);
      await fs.writeFile(file, JSON.stringify(data));
      const { io: cliIo, err } = io();
      const code = await runCli(
        [
          'render',
          '--templates-dir',
          path.join(ws.work, 'templates'),
          '--template',
          'speech-test',
          '--data',
          file,
          '--out',
          path.join(ws.work, out),
          ...flags,
        ],
        cliIo,
      );
      return { code, stderr: err.join('') };
    },
    async result(out: string) {
      return JSON.parse(await fs.readFile(path.join(ws.work, out, 'result.json'), 'utf8')) as RenderResult;
    },
  };
  beforeAll(async () => {
    ws.work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-speech-'));
  });
  afterAll(() => fs.rm(ws.work, { recursive: true, force: true }));
  return ws;
}

/** result.json's warnings other than the unsigned-credentials notice every unsigned render carries. */
function readingWarnings(result: RenderResult): NonNullable<RenderResult['warnings']> {
  return (result.warnings ?? []).filter((w) => w.code !== 'CONTENT_CREDENTIALS_UNSIGNED');
}

describe('clipwright render: the voice', () => {
  const ws = speechWorkspace();
  const quake = { place: '台湾花莲县海域', km: 10 };

  describe('espeak-ng, an English brief naming a Chinese place', () => {
    let result: RenderResult;
    let code: number;
    beforeAll(async () => {
      await ws.useVoice({ provider: 'espeak', voice: 'en-us', rate: 160 });
      ({ code } = await ws.render('espeak', quake));
      result = await ws.result('espeak');
    });

    it('reads the place with the Mandarin voice, never as "Chinese letter", and says so in result.json', async () => {
      expect(code).toBe(0);
      const segments = result.speech.segments!;
      expect(segments.map((s) => [s.voice, s.language, s.text])).toEqual([
        ['en-us', undefined, 'A quake struck'],
        ['cmn', 'zh', '台湾花莲县海域,'],
        ['en-us', undefined, '10 kilometers north of Hawthorne, Nevada.'],
      ]);
      // The English voice would spell the place as "Chinese letter" seven times: far longer than Mandarin reads it.
      const letters = path.join(ws.work, 'letters.wav');
      spawnSync('espeak-ng', ['-v', 'en-us', '-s', '160', '-w', letters, '台湾花莲县海域'], {
        encoding: 'utf8',
      });
      const spelled = parseWav(await fs.readFile(letters));
      const mandarin = segments[1];
      expect(mandarin.end - mandarin.start).toBeGreaterThan(0.5);
      expect(mandarin.end - mandarin.start).toBeLessThan(
        0.75 * (spelled.samples.length / spelled.sampleRate),
      );
      for (const [a, b] of segments.slice(1).map((s, i) => [segments[i], s]))
        expect(b.start).toBeGreaterThan(a.end);
      // Nothing about the reading (the render is unsigned here: no C2PA key in the tests' environment).
      expect(readingWarnings(result)).toEqual([]);
    });

    it('shows the script as written in the captions', async () => {
      const srt = await fs.readFile(path.join(ws.work, 'espeak', 'captions.srt'), 'utf8');
      const text = srt
        .split('\n')
        .filter((l) => l.trim() !== '' && !/^\d+$|-->/.test(l))
        .join(' ');
      expect(text).toBe('A quake struck 台湾花莲县海域, 10 km N of Hawthorne, NV.');
    });
  });

  describe('a Piper-format voice (the tiny generated model)', () => {
    const before = process.env.PIPER_VOICES_DIR;
    beforeAll(() => {
      process.env.PIPER_VOICES_DIR = path.join(root, 'models', 'voices');
    });
    afterAll(() => {
      if (before === undefined) delete process.env.PIPER_VOICES_DIR;
      else process.env.PIPER_VOICES_DIR = before;
    });

    it('renders with the voice the template names, and leaves out the run it has no voice for', async () => {
      await ws.useVoice({ provider: 'piper', voice: 'tiny-tones', rate: 160 });
      const { code, stderr } = await ws.render('piper', quake);
      expect([code, stderr]).toEqual([0, expect.stringContaining('TEXT_NOT_READ')]);
      const result = await ws.result('piper');
      expect([result.speech.provider, result.speech.voice]).toEqual(['piper', 'tiny-tones']);
      expect(result.speech.segments!.map((s) => s.text)).toEqual([
        'A quake struck 10 kilometers north of Hawthorne, Nevada.',
      ]);
      expect(readingWarnings(result)).toEqual([
        expect.objectContaining({
          code: 'TEXT_NOT_READ',
          path: 'templates/speech-test/template.json#$.scenes[0].narration',
        }),
      ]);
      expect(result.outputs[0].duration).toBeGreaterThan(result.speech.duration);
    });

    it('refuses a voice the folder does not hold, on $.voice.voice, before any audio is made', async () => {
      await ws.useVoice({ provider: 'piper', voice: 'nobody', rate: 160 });
      const { code, stderr } = await ws.render('piper-unknown', quake);
      expect(code).toBe(2);
      expect(stderr).toContain(
        'error SPEECH_VOICE_UNKNOWN: templates/speech-test/template.json#$.voice.voice: ',
      );
      await expect(fs.stat(path.join(ws.work, 'piper-unknown'))).rejects.toThrow();
    });
  });

  it('refuses a provider that is not configured here, naming the template field', async () => {
    await ws.useVoice({ provider: 'azure', voice: 'en-US-JennyNeural', rate: 160 });
    const { code, stderr } = await ws.render('azure', quake);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^error SPEECH_NOT_CONFIGURED: templates\/speech-test\/template\.json#\$\.voice\.provider: .*AZURE_SPEECH_KEY/m,
    );
  });

  it('refuses a provider the template format does not know', async () => {
    await ws.useVoice({ provider: 'festival', voice: 'en', rate: 160 });
    const { code, stderr } = await ws.render('festival', quake);
    expect(code).toBe(2);
    expect(stderr).toContain('$.voice.provider must be one of');
  });

  describe('a pronunciation lexicon (--lexicon)', () => {
    beforeAll(() => ws.useVoice({ provider: 'espeak', voice: 'en-us', rate: 160 }));

    it('changes what espeak-ng reads and never what the captions show', async () => {
      const lexicon = path.join(ws.work, 'words.lexicon.json');
      await fs.writeFile(
        lexicon,
        JSON.stringify({ lexicon: 1, entries: [{ grapheme: 'Hawthorne', alias: 'Haw thorn' }] }),
      );
      const { code } = await ws.render('lexicon', { place: 'Hualien', km: 3 }, '--lexicon', lexicon);
      expect(code).toBe(0);
      const result = await ws.result('lexicon');
      expect(result.speech.segments!.map((s) => s.text)).toEqual([
        'A quake struck Hualien, 3 kilometers north of Haw thorn, Nevada.',
      ]);
      const srt = await fs.readFile(path.join(ws.work, 'lexicon', 'captions.srt'), 'utf8');
      expect(srt).toContain('Hawthorne');
      expect(srt).not.toContain('Haw thorn');
    });

    it('refuses a bad entry with the file and its JSON path, before any work', async () => {
      const lexicon = path.join(ws.work, 'bad.lexicon.json');
      await fs.writeFile(lexicon, JSON.stringify({ entries: [{ grapheme: 'NV', alias: '<b>x</b>' }] }));
      const { code, stderr } = await ws.render(
        'bad-lexicon',
        { place: 'Hualien', km: 3 },
        '--lexicon',
        lexicon,
      );
      expect(code).toBe(2);
      expect(stderr).toContain(`error INVALID_ARGUMENT: Lexicon ${lexicon}#$.entries[0].alias: `);
      await expect(fs.stat(path.join(ws.work, 'bad-lexicon'))).rejects.toThrow();
    });
  });

  describe('a recorded voice-over (--voice-over)', () => {
    const data = { place: 'Hualien', km: 3 };
    let take: string;
    let takeSeconds: number;

    const recording = (name: string, text: string, rate: number, lead: number) =>
      recordTake(ws.work, name, text, rate, lead);

    beforeAll(async () => {
      await ws.useVoice({ provider: 'espeak', voice: 'en-us', rate: 160 });
      // Another pace than the template's 160 words a minute, and a second of silence before the first word.
      take = recording('take', 'A quake struck Hualien, 3 kilometers north of Hawthorne, Nevada.', 210, 1);
      const audio = parseWav(await fs.readFile(take));
      takeSeconds = audio.samples.length / audio.sampleRate;
    });

    it('uses the recording as the voice and puts the captions on its timing', async () => {
      const { code, stderr } = await ws.render('voice-over', data, '--voice-over', take);
      expect([code, stderr]).toEqual([0, expect.any(String)]);
      const result = await ws.result('voice-over');
      expect(result.speech.provider).toBe('recorded');
      expect(result.speech.duration).toBeCloseTo(takeSeconds, 1);
      const srt = await fs.readFile(path.join(ws.work, 'voice-over', 'captions.srt'), 'utf8');
      const times = srtStarts(srt);
      // The first word is spoken at 1.0 s in the recording (a synthetic reading would start at once).
      expect(times[0]).toBeGreaterThan(0.85);
      expect(times[0]).toBeLessThan(1.2);
      const ends = [...srt.matchAll(/--> (\d\d):(\d\d):(\d\d),(\d{3})/g)].map(
        (m) => Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000,
      );
      expect(Math.max(...ends)).toBeLessThanOrEqual(takeSeconds + 0.05);
      expect(srt).toContain('Hawthorne, NV.');
    });

    it('refuses a recording that is not a reading of the script (VOICE_OVER_INVALID, exit 2)', async () => {
      const other = recording('other', 'Hello.', 160, 0.2);
      const { code, stderr } = await ws.render('not-the-script', data, '--voice-over', other);
      expect(code).toBe(2);
      expect(stderr).toMatch(
        /^error VOICE_OVER_INVALID: --voice-over: .*is it the recording of this script\?/m,
      );
      await expect(fs.stat(path.join(ws.work, 'not-the-script'))).rejects.toThrow();
    });

    it('refuses a recording that is not there, naming the flag', async () => {
      const { code, stderr } = await ws.render(
        'no-take',
        data,
        '--voice-over',
        path.join(ws.work, 'nope.wav'),
      );
      expect(code).toBe(2);
      expect(stderr).toContain(
        'error VOICE_OVER_INVALID: --voice-over: The recording nope.wav does not exist',
      );
    });
  });
});
