import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { WordTiming } from '@app/core';
import { FfmpegExecutor } from '@app/media';
import { EspeakSpeechProvider } from '../espeak.provider';
import { parseWav, type PcmAudio } from '../wav';
import { ALIGN_CASES, ALIGN_TEXT, quantile, stretchReading } from './stretched-reading.fixture';
import { alignToReference } from './word.aligner';

async function read(
  voice: string,
  rate: number,
  workDir: string,
): Promise<{ audio: PcmAudio; words: WordTiming[] }> {
  const dir = await fs.mkdtemp(path.join(workDir, 'read-'));
  const result = await new EspeakSpeechProvider().synthesize({ text: ALIGN_TEXT, voice, rate, workDir: dir });
  return { audio: parseWav(await fs.readFile(result.audioPath)), words: result.words };
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
    for (const c of ALIGN_CASES) {
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
