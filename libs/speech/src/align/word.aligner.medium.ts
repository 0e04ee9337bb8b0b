import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { WordTiming } from '@app/core';
import { FfmpegExecutor } from '@app/media';
import { EspeakSpeechProvider } from '../espeak.provider';
import { parseWav, type PcmAudio } from '../wav';
import { stretchReading, type StretchPiece } from './stretched-reading.fixture';
import { alignToReference } from './word.aligner';

const TEXT =
  'A magnitude 5.8 earthquake struck off the east coast of Taiwan on Tuesday morning, the weather agency said. ' +
  'Buildings swayed in the capital, Taipei, and trains were briefly halted while engineers checked the tracks. ' +
  'No damage or injuries were reported in the first hours, officials said.';

/**
 * The test readings: other espeak-ng voices than the reference (a female variant, British English, a
 * Caribbean accent with another male variant) at other rates, cut at word onsets into pieces
 * time-stretched by 0.8–1.25 with pauses of 0.2–0.9 s inserted between them.
 */
const CASES: Array<{ voice: string; rate: number; pieces: StretchPiece[] }> = [
  {
    voice: 'en-us+f3',
    rate: 150,
    pieces: [
      { fromWord: 0, stretch: 1.25, pauseAfter: 0.4 },
      { fromWord: 7, stretch: 0.8, pauseAfter: 0.7 },
      { fromWord: 18, stretch: 1.1, pauseAfter: 0.25 },
      { fromWord: 25, stretch: 0.9, pauseAfter: 0.9 },
      { fromWord: 34, stretch: 1.2, pauseAfter: 0.3 },
    ],
  },
  {
    voice: 'en-gb',
    rate: 175,
    pieces: [
      { fromWord: 0, stretch: 0.85, pauseAfter: 0.6 },
      { fromWord: 12, stretch: 1.25, pauseAfter: 0.35 },
      { fromWord: 21, stretch: 0.8, pauseAfter: 0.5 },
      { fromWord: 30, stretch: 1.0, pauseAfter: 0.8 },
    ],
  },
  {
    voice: 'en-029+m7',
    rate: 130,
    pieces: [
      { fromWord: 0, stretch: 1.2, pauseAfter: 0.5 },
      { fromWord: 9, stretch: 0.8, pauseAfter: 0.2 },
      { fromWord: 15, stretch: 1.25, pauseAfter: 0.6 },
      { fromWord: 27, stretch: 0.85, pauseAfter: 0.45 },
      { fromWord: 38, stretch: 1.05, pauseAfter: 0.3 },
    ],
  },
];

async function read(
  voice: string,
  rate: number,
  workDir: string,
): Promise<{ audio: PcmAudio; words: WordTiming[] }> {
  const dir = await fs.mkdtemp(path.join(workDir, 'read-'));
  const result = await new EspeakSpeechProvider().synthesize({ text: TEXT, voice, rate, workDir: dir });
  return { audio: parseWav(await fs.readFile(result.audioPath)), words: result.words };
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

const ms = (s: number): string => `${Math.round(s * 1000)} ms`;

describe('alignToReference on stretched readings with inserted pauses (issue 11, item 3)', () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-align-'));
  });
  afterAll(() => fs.rm(workDir, { recursive: true, force: true }));

  it('puts word onsets within 80 ms (median) and 200 ms (95th percentile) of the truth', async () => {
    const ffmpeg = new FfmpegExecutor();
    const reference = await read('en-us', 160, workDir);
    const errors: number[] = [];
    const lines: string[] = [];
    for (const c of CASES) {
      const reading = await read(c.voice, c.rate, workDir);
      const test = await stretchReading(reading, c.pieces, ffmpeg, workDir);
      const aligned = alignToReference(reference, test.audio);
      expect(aligned.words.map((w) => w.text)).toEqual(test.words.map((w) => w.text));
      const own = aligned.words.map((w, i) => Math.abs(w.start - test.words[i].start));
      lines.push(
        `${c.voice.padEnd(10)} ${c.rate} wpm: median ${ms(quantile(own, 0.5))}, p95 ${ms(quantile(own, 0.95))}, ` +
          `max ${ms(Math.max(...own))} (warp ${aligned.warp}, path distance ${aligned.meanDistance.toFixed(2)})`,
      );
      errors.push(...own);
    }
    const median = quantile(errors, 0.5);
    const p95 = quantile(errors, 0.95);
    console.log(
      `word-onset error against the truth, reference en-us 160 wpm:\n${lines.join('\n')}\n` +
        `all ${errors.length} words: median ${ms(median)}, p95 ${ms(p95)}, max ${ms(Math.max(...errors))}`,
    );
    expect(median).toBeLessThanOrEqual(0.08);
    expect(p95).toBeLessThanOrEqual(0.2);
  }, 180_000);
});
