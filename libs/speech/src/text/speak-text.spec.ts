import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SpeechResult, WordTiming } from '@app/core';
import type { SpeechProvider, SpeechRequest } from '../speech.types';
import { encodeWav, parseWav } from '../wav';
import { speakText } from './speak-text';
import { alignWords } from './token-map';

const RATE = 1000;

/** A provider double: each word takes 0.25 s after a 0.1 s lead-in; the audio is that long. */
class FakeProvider implements SpeechProvider {
  readonly id: string;
  readonly requests: SpeechRequest[] = [];
  readonly capabilities = { ssml: false, visemes: false, wordTimings: 'measured', cloud: false } as const;
  voices = async (): Promise<never[]> => [];
  health = async () => ({ provider: this.id, ok: true as const, detail: 'test double' });
  constructor(
    id = 'fake',
    private readonly respell?: (words: string[]) => string[],
  ) {
    this.id = id;
  }

  async synthesize(req: SpeechRequest): Promise<SpeechResult> {
    this.requests.push(req);
    const given = req.text.split(' ');
    const said = this.respell ? this.respell(given) : given;
    const words: WordTiming[] = said.map((text, i) => ({
      text,
      start: 0.1 + i * 0.25,
      end: 0.1 + (i + 1) * 0.25,
    }));
    const duration = 0.2 + said.length * 0.25;
    const samples = new Int16Array(Math.round(duration * RATE)).fill(req.voice === 'cmn' ? 2 : 1);
    const audioPath = path.join(req.workDir, 'speech.wav');
    await fs.writeFile(audioPath, encodeWav({ sampleRate: RATE, samples }));
    return {
      audioPath,
      sampleRate: RATE,
      duration,
      words,
      clauses: [{ text: req.text, start: 0.1, end: duration - 0.1, firstWord: 0, endWord: words.length }],
      visemes: [{ viseme: 'C', start: 0.1, end: duration - 0.1 }],
      provider: this.id,
      voice: req.voice,
    };
  }
}

describe('speakText', () => {
  let workDir: string;
  beforeEach(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-speak-'));
  });
  afterEach(() => fs.rm(workDir, { recursive: true, force: true }));

  it('reads the normalised text, and times the display tokens the captions show', async () => {
    const provider = new FakeProvider();
    const result = await speakText(provider, 'Quake 10 km N of Hawthorne, NV.', {
      voice: 'en-us',
      rate: 150,
      workDir,
    });
    expect(provider.requests[0].text).toBe('Quake 10 kilometers north of Hawthorne, Nevada.');
    expect(provider.requests[0].ssml).toBe(
      '<speak version="1.1" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en">Quake 10 kilometers north of Hawthorne, Nevada.</speak>',
    );
    expect(result.spokenText).toBe('Quake 10 kilometers north of Hawthorne, Nevada.');
    expect(result.words.map((w) => w.text)).toEqual(['Quake', '10', 'km', 'N', 'of', 'Hawthorne,', 'NV.']);
    expect(result.words.map((w) => [w.start, w.end])).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((i) => [0.1 + i * 0.25, 0.35 + i * 0.25]),
    );
    expect(result.clauses[0]).toMatchObject({ firstWord: 0, endWord: 7 });
    expect(result.segments).toEqual([
      { voice: 'en-us', text: result.spokenText, start: 0, end: result.duration },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('gives a token read as several words their whole span, and a silent token an instant', async () => {
    const result = await speakText(new FakeProvider(), 'Paid $1.2bn *** today.', {
      voice: 'en-us',
      rate: 150,
      workDir,
    });
    expect(result.spokenText).toBe('Paid 1.2 billion dollars today.');
    expect(result.words).toEqual([
      { text: 'Paid', start: 0.1, end: 0.35 },
      { text: '$1.2bn', start: 0.35, end: 1.1 },
      { text: '***', start: 1.1, end: 1.1 },
      { text: 'today.', start: 1.1, end: 1.35 },
    ]);
  });

  it('reads a Chinese run with the Chinese voice and joins the audio', async () => {
    const provider = new FakeProvider('espeak');
    const result = await speakText(provider, 'A quake struck 台湾花莲 on Friday.', {
      voice: 'en-us',
      rate: 150,
      workDir,
    });
    expect(provider.requests.map((r) => [r.voice, r.text])).toEqual([
      ['en-us', 'A quake struck'],
      ['cmn', '台湾花莲'],
      ['en-us', 'on Friday.'],
    ]);
    expect(result.segments.map((s) => [s.voice, s.language, s.text])).toEqual([
      ['en-us', undefined, 'A quake struck'],
      ['cmn', 'zh', '台湾花莲'],
      ['en-us', undefined, 'on Friday.'],
    ]);
    const audio = parseWav(await fs.readFile(result.audioPath));
    expect(audio.samples.length / RATE).toBeCloseTo(result.duration, 3);
    const chinese = result.words[3];
    expect(chinese.text).toBe('台湾花莲');
    // The Chinese voice's samples (value 2) are where the token's time says.
    expect(audio.samples[Math.round(((chinese.start + chinese.end) / 2) * RATE)]).toBe(2);
    for (let i = 1; i < result.words.length; i++)
      expect(result.words[i].start).toBeGreaterThanOrEqual(result.words[i - 1].start);
    expect(result.words[result.words.length - 1].end).toBeLessThanOrEqual(result.duration);
    await expect(fs.readdir(workDir)).resolves.toEqual(['speech.wav']);
  });

  it('leaves a run out with a warning when the provider has no voice for it', async () => {
    const provider = new FakeProvider('cloud');
    const result = await speakText(provider, 'A quake struck 台湾花莲 🌋 on Friday.', {
      voice: 'en-US-Jenny',
      rate: 150,
      workDir,
    });
    expect(provider.requests.map((r) => r.text)).toEqual(['A quake struck on Friday.']);
    expect(result.warnings.map((w) => w.code)).toEqual(['EMOJI_NOT_READ', 'TEXT_NOT_READ']);
    expect(result.warnings[1].message).toBe(
      '"台湾花莲" (Chinese) was left out of the reading: no Chinese voice for en-US-Jenny',
    );
    expect(result.words.map((w) => w.text)).toEqual([
      'A',
      'quake',
      'struck',
      '台湾花莲',
      '🌋',
      'on',
      'Friday.',
    ]);
  });

  it('refuses a script with nothing to read', async () => {
    await expect(
      speakText(new FakeProvider(), '*** 🌋', { voice: 'en-us', rate: 150, workDir }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('maps words a provider splits or respells back onto the right tokens', async () => {
    const split = new FakeProvider('cloud', (words) =>
      words.flatMap((w) => (w === '5.8' ? ['5', '8'] : [w])),
    );
    const result = await speakText(split, 'A 5.8 quake', { voice: 'en-us', rate: 150, workDir });
    expect(result.words.map((w) => [w.text, w.start, w.end])).toEqual([
      ['A', 0.1, 0.35],
      ['5.8', 0.35, 0.85],
      ['quake', 0.85, 1.1],
    ]);
    expect(
      alignWords(
        [
          { text: 'hello', token: 0 },
          { text: 'world', token: 1 },
        ],
        [{ text: 'world', start: 0, end: 1 }],
      ),
    ).toEqual([1]);
  });
});
