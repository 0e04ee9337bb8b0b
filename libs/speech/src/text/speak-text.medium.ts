import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EspeakSpeechProvider } from '../espeak.provider';
import { speakText } from './speak-text';

// What espeak-ng really does with what we give it: its phoneme transcription (-x) shows what a
// voice says, word by word, without listening.
function phonemes(text: string, voice: string): string {
  const run = spawnSync('espeak-ng', ['-q', '-x', '-v', voice], { input: text });
  if (run.status !== 0) throw new Error(run.stderr.toString());
  return run.stdout.toString();
}

// espeak-ng's en-us readings of what must never be said: "Chinese letter", "asterisk",
// "underscore", "volcano" (the emoji's name), "dash"; and "hello" from the phonemes h@l'oU.
const FORBIDDEN = [/tS'aIni:z/, /'ast3r/, /'Vnd3sk/, /v0lk'eInoU/, /d'aS/, /h@l'oU/];

describe('speakText with espeak-ng', () => {
  jest.setTimeout(120_000);
  const provider = new EspeakSpeechProvider();
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-speak-medium-'));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));
  const workDir = async (name: string): Promise<string> => {
    const d = path.join(dir, name);
    await fs.mkdir(d, { recursive: true });
    return d;
  };

  it('reads a [[...]] field as the plain text the captions show, never as phonemes', async () => {
    const field = await speakText(provider, "The word [[h@l'oU]] appeared.", {
      voice: 'en-us',
      rate: 160,
      workDir: await workDir('a'),
    });
    const plain = await speakText(provider, "The word h@l'oU appeared.", {
      voice: 'en-us',
      rate: 160,
      workDir: await workDir('b'),
    });
    expect(field.duration).toBeCloseTo(plain.duration, 2);
    expect(field.spokenText).toBe(plain.spokenText);
    expect(phonemes(field.spokenText, 'en-us')).not.toMatch(/h@l'oU/);
    // What espeak-ng would have said, had the brackets reached it: a different, shorter reading.
    expect(phonemes("The word [[h@l'oU]] appeared.", 'en-us')).toMatch(/h@l'oU/);
    expect(field.words.map((w) => w.text)).toEqual(['The', 'word', "[[h@l'oU]]", 'appeared.']);
  });

  it('reads a Chinese place with the Mandarin voice; the English voice never says "Chinese letter"', async () => {
    const result = await speakText(provider, 'A strong earthquake struck 台湾花莲县海域 on Friday.', {
      voice: 'en-us',
      rate: 160,
      workDir: await workDir('c'),
    });
    expect(result.segments.map((s) => s.voice)).toEqual(['en-us', 'cmn', 'en-us']);
    for (const segment of result.segments) {
      const said = phonemes(segment.text, segment.voice);
      for (const forbidden of FORBIDDEN) expect(said).not.toMatch(forbidden);
    }
    const place = result.words.find((w) => w.text === '台湾花莲县海域');
    expect(place).toBeDefined();
    // Seven syllables of Mandarin take time: the token is timed over the Chinese voice's reading.
    expect((place?.end ?? 0) - (place?.start ?? 0)).toBeGreaterThan(0.6);
    const cmn = result.segments[1];
    expect(place?.start).toBeGreaterThanOrEqual(cmn.start);
    expect(place?.end).toBeLessThanOrEqual(cmn.end);
  });

  it('leaves the run out with a warning when no voice of its language is given', async () => {
    const result = await speakText(
      provider,
      'A strong earthquake struck 台湾花莲县海域 🌋 on Friday. *** --- _x_',
      {
        voice: 'en-us',
        rate: 160,
        workDir: await workDir('d'),
        voiceFor: () => undefined,
      },
    );
    expect(result.spokenText).toBe('A strong earthquake struck on Friday. x');
    expect(result.warnings.map((w) => w.code).sort()).toEqual(['EMOJI_NOT_READ', 'TEXT_NOT_READ']);
    const said = phonemes(result.spokenText, 'en-us');
    for (const forbidden of FORBIDDEN) expect(said).not.toMatch(forbidden);
    // Every caption word is still there, in order, inside the audio.
    expect(result.words).toHaveLength(11);
    for (const w of result.words) expect(w.end).toBeLessThanOrEqual(result.duration);
  });

  it('says USGS places, numbers and units as a newsreader would', async () => {
    const result = await speakText(provider, '1 km N of Hawthorne, NV, at a depth of -2 km, St. George.', {
      voice: 'en-us',
      rate: 160,
      workDir: await workDir('e'),
    });
    expect(result.spokenText).toBe(
      '1 kilometer north of Hawthorne, Nevada, at a depth of minus 2 kilometers, Saint George.',
    );
    const said = phonemes(result.spokenText, 'en-us');
    expect(said).toMatch(/v'ad@/);
    expect(said).not.toMatch(/'Env'i:/);
    expect(said).not.toMatch(/k,eI'Em/);
  });
});
