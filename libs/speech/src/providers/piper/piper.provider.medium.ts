/** @jest-environment ./libs/presenter/src/lipsync/onnxruntime.jest-environment.js */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SpeechResult } from '@app/core';
import { ErrorCode } from '@app/core';
import { splitClauses, tokenize } from '../../clauses';
import { parseWav, type PcmAudio } from '../../wav';
import { parsePiperConfig } from './piper.config';
import { clauseIpa, phonemeIds, sentencePhonemes, sentencesOf } from './piper.phonemes';
import { PiperSpeechProvider } from './piper.provider';
import {
  buildTinyPiperConfig,
  buildTinyPiperModel,
  TINY_PIPER,
  type TinyPiperOptions,
} from './tiny-piper.model';
import { dominantHz } from './tone.fixture';

jest.setTimeout(60_000);

const TEXT =
  'A magnitude 5.8 earthquake struck eastern Taiwan on Tuesday, the agency said. No damage was reported!';
const ESPEAK = process.env.ESPEAK_PATH ?? 'espeak-ng';
const T = TINY_PIPER;
const toneOf = (id: number, sid = 0): number => T.baseHz + T.stepHz * id + T.speakerHz * sid;
const ALL_TONES = Array.from({ length: 150 }, (_, id) => toneOf(id));

/** The tone sounding around `at` seconds, read from 6 ms of audio. */
function toneAt(audio: PcmAudio, at: number, candidates = ALL_TONES): number {
  const from = Math.round(at * audio.sampleRate);
  const window = audio.samples.subarray(from - 48, from + 48);
  return dominantHz(window, audio.sampleRate, candidates);
}

describe('PiperSpeechProvider with espeak-ng and the tiny generated voice (one tone per phoneme id, not a voice)', () => {
  let dir: string;
  let voices: string;
  const provider = () => new PiperSpeechProvider({ voicesDir: voices, espeakBinary: ESPEAK });

  async function speak(
    voice: string,
    rate = 160,
    text = TEXT,
  ): Promise<{ result: SpeechResult; audio: PcmAudio }> {
    const work = await fs.mkdtemp(path.join(dir, 'work-'));
    const p = provider();
    try {
      const result = await p.synthesize({ text, voice, rate, workDir: work });
      expect(await fs.readdir(work)).toEqual(['speech.wav']);
      return { result, audio: parseWav(await fs.readFile(result.audioPath)) };
    } finally {
      await p.close();
    }
  }

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-piper-'));
    voices = path.join(dir, 'voices');
    await fs.mkdir(voices);
    const write = async (name: string, options: TinyPiperOptions) => {
      await fs.writeFile(path.join(voices, `${name}.onnx`), buildTinyPiperModel(options));
      await fs.writeFile(
        path.join(voices, `${name}.onnx.json`),
        JSON.stringify(buildTinyPiperConfig(options)),
      );
    };
    await write('tiny-aligned', { durations: true });
    await write('tiny-plain', {});
    await write('tiny-cast', { durations: true, speakers: true });
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('times each word from the model durations: its first phoneme sounds at its start, a pad just before its end', async () => {
    const { result, audio } = await speak('tiny-aligned');
    expect(result.provider).toBe('piper');
    expect(audio.sampleRate).toBe(T.sampleRate);
    expect(result.duration).toBeCloseTo(audio.samples.length / T.sampleRate, 9);
    expect(result.words.map((w) => w.text)).toEqual(tokenize(TEXT));
    // The ids each word owns, from the same phonemizer the provider uses.
    const config = parsePiperConfig(buildTinyPiperConfig(), 'tiny.onnx.json');
    const firstIds = new Map<number, number>();
    for (const sentence of sentencesOf(splitClauses(TEXT))) {
      const { ids, owners } = phonemeIds(
        await sentencePhonemes(ESPEAK, config, sentence),
        config.phonemeIdMap,
      );
      owners.forEach((o, i) => (o >= 0 && !firstIds.has(o) ? firstIds.set(o, ids[i]) : undefined));
    }
    result.words.forEach((w, k) => {
      const id = firstIds.get(k) ?? -1;
      const firstLength = Math.ceil(T.minFrames + (id % T.frameCycle)) * (T.hopLength / T.sampleRate);
      expect([w.text, toneAt(audio, w.start + firstLength / 2)]).toEqual([w.text, toneOf(id)]);
      expect([w.text, toneAt(audio, w.end - 0.006)]).toEqual([w.text, toneOf(0)]);
    });
    // Sentences are apart by 0.2 s of silence, and the clauses cover their words.
    expect(result.clauses.map((c) => [c.firstWord, c.endWord])).toEqual([
      [0, 9],
      [9, 12],
      [12, 16],
    ]);
    expect(result.clauses[2].start - result.clauses[1].end).toBeGreaterThan(0.2);
    expect(result.visemes?.length).toBeGreaterThan(10);
  });

  it('reads slower at a lower rate (length scale 160 / rate)', async () => {
    const normal = await speak('tiny-aligned', 160, 'Buildings swayed.');
    const slow = await speak('tiny-aligned', 80, 'Buildings swayed.');
    expect(slow.result.duration / normal.result.duration).toBeGreaterThan(1.8);
    expect(slow.result.duration / normal.result.duration).toBeLessThan(2.2);
  });

  it('aligns words against an espeak-ng reading when the model reports no durations', async () => {
    const { result } = await speak('tiny-plain');
    expect(result.words.map((w) => w.text)).toEqual(tokenize(TEXT));
    let last = 0;
    for (const w of result.words) {
      expect(w.start).toBeGreaterThanOrEqual(last);
      expect(w.end).toBeGreaterThanOrEqual(w.start);
      last = w.end;
    }
    expect(last).toBeLessThanOrEqual(result.duration);
    expect(result.words[result.words.length - 1].end).toBeGreaterThan(result.duration / 2);
  });

  it('passes the speaker of a multi-speaker voice as sid and lists one voice per speaker', async () => {
    expect((await provider().voices()).filter((v) => v.id.startsWith('tiny-cast')).map((v) => v.id)).toEqual([
      'tiny-cast+anchor',
      'tiny-cast+reporter',
      'tiny-cast+2',
    ]);
    const anchor = await speak('tiny-cast+anchor', 160, 'Mama.');
    const reporter = await speak('tiny-cast+reporter', 160, 'Mama.');
    const w = anchor.result.words[0];
    const at = w.start + 0.012;
    const candidates = [...ALL_TONES, ...ALL_TONES.map((hz) => hz + T.speakerHz)];
    expect(toneAt(reporter.audio, at, candidates) - toneAt(anchor.audio, at, candidates)).toBe(T.speakerHz);
  });

  it('phonemizes a clause in context and gives a number its three IPA words', async () => {
    const [clause] = splitClauses('The east had a 5.8 quake');
    const words = await clauseIpa(ESPEAK, 'en-us', clause);
    expect(words.map((w) => w.length)).toEqual([1, 1, 1, 1, 3, 1]);
    // In context "the" before a vowel is [ðɪ] and "a" is weak; read alone they would be [ðə] and [eɪ].
    expect(words[0][0]).toBe('ðɪ');
    expect(words[3][0]).not.toMatch(/eɪ/);
    expect(words[4].join(' ')).toMatch(/^f.*aɪv p.*ɔɪnt .*eɪt$/u);
  });

  it('refuses a voice that is not in the folder, naming those that are', async () => {
    const work = await fs.mkdtemp(path.join(dir, 'work-'));
    await expect(
      provider().synthesize({ text: TEXT, voice: 'en_US-lessac-medium', rate: 160, workDir: work }),
    ).rejects.toMatchObject({
      code: ErrorCode.SpeechVoiceUnknown,
      path: 'voice',
      message: expect.stringMatching(/tiny-aligned/),
    });
    expect(await fs.readdir(work)).toEqual([]);
  });
});
