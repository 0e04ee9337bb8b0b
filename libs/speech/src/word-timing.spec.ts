import { ClipwrightError } from '@app/core';
import type { PcmAudio } from './wav';
import {
  characterWeights,
  correctForIsolation,
  distributeByWeight,
  segmentLengths,
  wordWeights,
} from './word-timing';

function tones(pieces: number[], rate = 8000): PcmAudio {
  const out: number[] = [];
  pieces.forEach((seconds, i) => {
    for (let k = 0; k < Math.round(seconds * rate); k++) out.push(i % 2 ? (k % 8 < 4 ? 6000 : -6000) : 0);
  });
  return { sampleRate: rate, samples: Int16Array.from(out) };
}

describe('word timing', () => {
  it('shares a stretch in proportion to the weights', () => {
    const spans = distributeByWeight(1, 3, [1, 3, 4]);
    expect(spans).toEqual([
      { start: 1, end: 1.25 },
      { start: 1.25, end: 2 },
      { start: 2, end: 3 },
    ]);
    const odd = distributeByWeight(0.17, 1.3, [0.1, 0.2, 0.7]);
    expect(odd[0].start).toBe(0.17);
    expect(odd[2].end).toBe(1.3);
    expect(odd[0].end).toBeCloseTo(0.283, 12);
    expect(odd[1].end).toBeCloseTo(0.509, 12);
    expect(odd[1].start).toBe(odd[0].end);
    expect(distributeByWeight(2, 2.5, [7])).toEqual([{ start: 2, end: 2.5 }]);
  });

  it('refuses an empty stretch and weights that are not positive', () => {
    expect(() => distributeByWeight(1, 1, [1])).toThrow(ClipwrightError);
    expect(() => distributeByWeight(0, 1, [])).toThrow(/positive/);
    expect(() => distributeByWeight(0, 1, [1, 0])).toThrow(/positive/);
    expect(() => distributeByWeight(0, 1, [1, Number.NaN])).toThrow(/positive/);
  });

  it('estimates from spelling: letters 1, digits 3, at least 1', () => {
    expect(characterWeights(['A', 'magnitude', '5.8', 'Taiwan,', '—', 'é'])).toEqual([1, 9, 6, 6, 1, 1]);
  });

  it('measures each token from audio of the tokens read apart', () => {
    // Three "words" of 0.3, 0.12 and 0.5 s separated by 0.4 s breaks, and a 0.1 s dip inside the last.
    const apart = tones([0.05, 0.3, 0.4, 0.12, 0.4, 0.2, 0.1, 0.2, 0.1]);
    expect(segmentLengths(apart, 3)).toEqual([0.3, 0.12, 0.5]);
    expect(wordWeights(['one', 'two', 'three'], apart)).toEqual({
      weights: [0.3, 0.12, 0.5],
      source: 'segments',
    });
    // Read as a clause the three take 0.62 s: 0.1 s less each than apart.
    const corrected = wordWeights(['one', 'two', 'three'], apart, 0.62).weights;
    expect(corrected.map((w) => Math.round(w * 1e9) / 1e9)).toEqual([0.2, 0.036, 0.4]);
  });

  it('takes a constant overhead off each isolated reading, never below 30 %', () => {
    const out = correctForIsolation([0.5, 0.3, 0.1], 0.6);
    expect(out.map((w) => Math.round(w * 1e9) / 1e9)).toEqual([0.4, 0.2, 0.03]);
    // Readings shorter than the clause (negative overhead) are lengthened alike.
    expect(correctForIsolation([0.2, 0.4], 0.8).map((w) => Math.round(w * 1e9) / 1e9)).toEqual([0.3, 0.5]);
  });

  it('matches the stretches to the tokens that have letters or digits when the others are silent', () => {
    const apart = tones([0.05, 0.3, 0.8, 0.12]);
    expect(wordWeights(['one', '—', 'two'], apart)).toEqual({
      weights: [0.3, 0.01, 0.12],
      source: 'segments',
    });
  });

  it('falls back to spelling when the segments do not match the tokens', () => {
    const apart = tones([0.05, 0.3, 0.4, 0.12]);
    expect(segmentLengths(apart, 3)).toBeNull();
    expect(wordWeights(['one', 'two', 'three'], apart)).toEqual({ weights: [3, 3, 5], source: 'characters' });
    expect(wordWeights(['one', 'two'], null).source).toBe('characters');
    expect(wordWeights(['alone.'], null)).toEqual({ weights: [1], source: 'single' });
  });
});
