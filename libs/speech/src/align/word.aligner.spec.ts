import type { WordTiming } from '@app/core';
import { ClipwrightError } from '@app/core';
import type { PcmAudio } from '../wav';
import { alignToReference } from './word.aligner';

const SR = 16000;

/** A "word": two tones one after the other, distinct per word, so each has its own spectrum. */
interface ToneWord {
  text: string;
  hz: [number, number];
}

const WORDS: ToneWord[] = [
  { text: 'one', hz: [300, 900] },
  { text: 'two', hz: [1500, 500] },
  { text: 'three', hz: [700, 2500] },
  { text: 'four', hz: [3200, 1100] },
  { text: 'five', hz: [450, 1900] },
  { text: 'six', hz: [2200, 650] },
];

/** Words back to back, `lengths[k]` seconds each, with `gaps[k]` seconds of silence before word k. */
function render(words: readonly ToneWord[], lengths: readonly number[], gaps: readonly number[]) {
  const total = lengths.reduce((a, b) => a + b, 0) + gaps.reduce((a, b) => a + b, 0) + 0.2;
  const samples = new Int16Array(Math.round(total * SR));
  const times: WordTiming[] = [];
  let at = 0;
  words.forEach((w, k) => {
    at += gaps[k];
    const start = Math.round(at * SR);
    const n = Math.round(lengths[k] * SR);
    for (let i = 0; i < n; i++) {
      const hz = i < n / 2 ? w.hz[0] : w.hz[1];
      samples[start + i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / SR));
    }
    times.push({ text: w.text, start: start / SR, end: (start + n) / SR });
    at += lengths[k];
  });
  // Faint deterministic noise so that "silence" is a room, not digital zero.
  let seed = 7;
  for (let i = 0; i < samples.length; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    samples[i] += Math.round((seed / 2 ** 32 - 0.5) * 20);
  }
  const audio: PcmAudio = { sampleRate: SR, samples };
  return { audio, words: times };
}

describe('alignToReference', () => {
  it('carries word times onto a slower and faster reading with pauses inserted', () => {
    const reference = render(WORDS, [0.3, 0.25, 0.35, 0.3, 0.25, 0.3], [0.1, 0, 0, 0, 0, 0]);
    const target = render(WORDS, [0.36, 0.2, 0.42, 0.24, 0.31, 0.3], [0.25, 0, 0.5, 0, 0.3, 0]);
    const aligned = alignToReference(reference, target.audio);
    expect(aligned.words.map((w) => w.text)).toEqual(WORDS.map((w) => w.text));
    aligned.words.forEach((w, k) => {
      expect(Math.abs(w.start - target.words[k].start)).toBeLessThanOrEqual(0.02);
      expect(Math.abs(w.end - target.words[k].end)).toBeLessThanOrEqual(0.03);
    });
    expect(aligned.duration).toBeCloseTo(target.audio.samples.length / SR, 9);
  });

  it('puts a pause the reference lacks between two words that sound alike, not inside one', () => {
    // The same tone pair twice in a row: in the reference the boundary is only known by time, so the
    // path alone cannot tell on which side of the target's pause it falls.
    const twin: ToneWord[] = [
      { text: 'la', hz: [600, 600] },
      { text: 'la', hz: [600, 600] },
      { text: 'end', hz: [2400, 1200] },
    ];
    const reference = render(twin, [0.3, 0.3, 0.3], [0.1, 0, 0]);
    const target = render(twin, [0.3, 0.3, 0.3], [0.1, 0.6, 0]);
    const aligned = alignToReference(reference, target.audio);
    expect(aligned.words[0].end).toBeLessThanOrEqual(target.words[0].end + 0.02);
    expect(Math.abs(aligned.words[1].start - target.words[1].start)).toBeLessThanOrEqual(0.02);
  });

  it('keeps onsets in order and each word inside the target audio', () => {
    const reference = render(WORDS, [0.3, 0.25, 0.35, 0.3, 0.25, 0.3], [0.1, 0, 0, 0, 0, 0]);
    const target = render(WORDS.slice(0, 6), [0.2, 0.2, 0.2, 0.2, 0.2, 0.2], [0, 0, 0, 0, 0, 0]);
    const aligned = alignToReference(reference, target.audio);
    for (let k = 0; k < aligned.words.length; k++) {
      const w = aligned.words[k];
      expect(w.end).toBeGreaterThanOrEqual(w.start);
      expect(w.end).toBeLessThanOrEqual(aligned.duration);
      if (k > 0) expect(w.start).toBeGreaterThanOrEqual(aligned.words[k - 1].end);
    }
  });

  it('refuses a reference without words and a recording too short to align', () => {
    const reference = render(WORDS, [0.3, 0.25, 0.35, 0.3, 0.25, 0.3], [0.1, 0, 0, 0, 0, 0]);
    expect(() => alignToReference({ audio: reference.audio, words: [] }, reference.audio)).toThrow(
      ClipwrightError,
    );
    expect(() => alignToReference(reference, { sampleRate: SR, samples: new Int16Array(10) })).toThrow(
      /too short/,
    );
  });
});
