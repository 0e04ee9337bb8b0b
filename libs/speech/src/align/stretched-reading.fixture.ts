import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { WordTiming } from '@app/core';
import type { FfmpegExecutor } from '@app/media';
import { encodeWav, parseWav, type PcmAudio } from '../wav';

/** One stretch of a reading: from word `fromWord` to the next piece, slowed or sped up, then a pause. */
export interface StretchPiece {
  fromWord: number;
  /** Duration multiplier: 1.25 is 25 % slower, 0.8 is 25 % faster (ffmpeg atempo = 1 / stretch). */
  stretch: number;
  /** Seconds of silence inserted after the piece. */
  pauseAfter: number;
}

export interface StretchedReading {
  audio: PcmAudio;
  /** The reading's word times carried through the cuts, stretches and pauses: the truth to test against. */
  words: WordTiming[];
}

/**
 * Test audio whose word times are known: a reading cut at word onsets, each piece time-stretched by
 * ffmpeg's atempo (WSOLA: tempo changes, pitch stays), silence inserted between pieces, and a faint
 * noise floor (seeded) as a microphone would have. Word times map linearly inside each piece by its
 * measured stretch (the output length over the input length), so they hold to a sample or two.
 */
export async function stretchReading(
  reading: { audio: PcmAudio; words: readonly WordTiming[] },
  pieces: readonly StretchPiece[],
  ffmpeg: FfmpegExecutor,
  workDir: string,
  noiseDbfs = -60,
): Promise<StretchedReading> {
  const { audio, words } = reading;
  const sr = audio.sampleRate;
  const cuts = pieces.map((p, k) => (k === 0 ? 0 : Math.round(words[p.fromWord].start * sr)));
  cuts.push(audio.samples.length);
  const parts: Int16Array[] = [];
  const out: WordTiming[] = [];
  let at = 0;
  for (let k = 0; k < pieces.length; k++) {
    const input = path.join(workDir, `piece-${k}.wav`);
    const output = path.join(workDir, `piece-${k}-stretched.wav`);
    await fs.writeFile(
      input,
      encodeWav({ sampleRate: sr, samples: audio.samples.subarray(cuts[k], cuts[k + 1]) }),
    );
    await ffmpeg.run(
      [
        '-v',
        'error',
        '-y',
        '-i',
        input,
        '-af',
        `atempo=${1 / pieces[k].stretch}`,
        '-ac',
        '1',
        '-ar',
        String(sr),
        '-c:a',
        'pcm_s16le',
        output,
      ],
      { label: 'atempo' },
    );
    const stretched = parseWav(await fs.readFile(output));
    const ratio = stretched.samples.length / (cuts[k + 1] - cuts[k]);
    const lastWord = k + 1 < pieces.length ? pieces[k + 1].fromWord : words.length;
    for (let w = pieces[k].fromWord; w < lastWord; w++) {
      out.push({
        text: words[w].text,
        start: at / sr + (words[w].start - cuts[k] / sr) * ratio,
        end: at / sr + (Math.min(words[w].end, cuts[k + 1] / sr) - cuts[k] / sr) * ratio,
      });
    }
    parts.push(stretched.samples);
    at += stretched.samples.length;
    const pause = Math.round(pieces[k].pauseAfter * sr);
    parts.push(new Int16Array(pause));
    at += pause;
  }
  const samples = new Int16Array(at);
  let pos = 0;
  for (const p of parts) {
    samples.set(p, pos);
    pos += p.length;
  }
  // A noise floor, uniform, from a fixed-seed LCG (Numerical Recipes constants) so runs repeat.
  const amplitude = 32768 * Math.pow(10, noiseDbfs / 20) * Math.sqrt(3);
  let seed = 12345;
  for (let i = 0; i < samples.length; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const noise = (seed / 2 ** 32 - 0.5) * 2 * amplitude;
    samples[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i] + noise)));
  }
  return { audio: { sampleRate: sr, samples }, words: out };
}

/** The script of the alignment measurement (the medium test and bench/speech.js). */
export const ALIGN_TEXT =
  'A magnitude 5.8 earthquake struck off the east coast of Taiwan on Tuesday morning, the weather agency said. ' +
  'Buildings swayed in the capital, Taipei, and trains were briefly halted while engineers checked the tracks. ' +
  'No damage or injuries were reported in the first hours, officials said.';

/**
 * The test readings: other espeak-ng voices than the reference (a female variant, British English, a
 * Caribbean accent with another male variant) at other rates, cut at word onsets into pieces
 * time-stretched by 0.8–1.25 with pauses of 0.2–0.9 s inserted between them.
 */
export const ALIGN_CASES: ReadonlyArray<{ voice: string; rate: number; pieces: StretchPiece[] }> = [
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

/** The q-quantile of some numbers (nearest rank, q in [0, 1]). */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
