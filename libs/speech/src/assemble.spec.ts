import { assembleClauses, type RenderedClause } from './assemble';
import { splitClauses } from './clauses';
import { speechOnsets } from './silence';
import type { PcmAudio } from './wav';

const RATE = 8000;

function tones(pieces: number[]): PcmAudio {
  const out: number[] = [];
  pieces.forEach((seconds, i) => {
    for (let k = 0; k < Math.round(seconds * RATE); k++) out.push(i % 2 ? (k % 8 < 4 ? 5000 : -5000) : 0);
  });
  return { sampleRate: RATE, samples: Int16Array.from(out) };
}

describe('assembleClauses', () => {
  const [first, second] = splitClauses('Quake struck Taiwan, officials said.');
  const parts: RenderedClause[] = [
    // 0.1 s of espeak's own silence, 0.6 s of speech, 0.3 s of silence.
    { clause: first, audio: tones([0.1, 0.6, 0.3]), weights: [1, 1, 2] },
    { clause: second, audio: tones([0.05, 0.4, 0.01]), weights: [3, 1] },
  ];

  it('places each clause after the lead-in and pause, with exact onsets and offsets', () => {
    const { audio, clauses, words } = assembleClauses(parts);
    // lead 0.15 + (0.02 + 0.6 + 0.02) + pause 0.12 + (0.02 + 0.4 + 0.01 clamped) + tail 0.2
    expect(audio.samples.length).toBe(1200 + 5120 + 960 + 3440 + 1600);
    expect(clauses).toEqual([
      { text: 'Quake struck Taiwan,', start: 0.17, end: 0.77, firstWord: 0, endWord: 3 },
      { text: 'officials said.', start: 0.93, end: 1.33, firstWord: 3, endWord: 5 },
    ]);
    expect(words.map((w) => w.text)).toEqual(['Quake', 'struck', 'Taiwan,', 'officials', 'said.']);
    expect(words.map((w) => [w.start, w.end].map((t) => Math.round(t * 1e6) / 1e6))).toEqual([
      [0.17, 0.32],
      [0.32, 0.47],
      [0.47, 0.77],
      [0.93, 1.23],
      [1.23, 1.33],
    ]);
    // The comma pause is under 0.2 s by design: only a pause of 0.1 s or more shows the second onset.
    expect(speechOnsets(audio)).toEqual([0.17]);
    expect(speechOnsets(audio, 0.1)).toEqual([0.17, 0.93]);
  });

  it('honours other lead-in, tail and pauses', () => {
    const { audio, clauses } = assembleClauses(parts, { leadIn: 0, tail: 0, margin: 0, pauseAfter: () => 1 });
    expect(clauses.map((c) => [c.start, c.end])).toEqual([
      [0, 0.6],
      [1.6, 2],
    ]);
    expect(audio.samples.length).toBe(2 * RATE);
  });

  it('gives a clause without sound a short silent span so its words still have length', () => {
    const [dash, rest] = splitClauses('— , go.');
    const { clauses, words } = assembleClauses([
      { clause: dash, audio: tones([0.3]), weights: [1, 1] },
      { clause: rest, audio: tones([0, 0.2]), weights: [1] },
    ]);
    expect(clauses[0]).toMatchObject({ start: 0.15, end: 0.25 });
    expect(words[0]).toEqual({ text: '—', start: 0.15, end: 0.2 });
    expect(clauses[1].start).toBe(0.37);
  });

  it('refuses clauses at different sample rates or with the wrong number of weights', () => {
    expect(() =>
      assembleClauses([parts[0], { ...parts[1], audio: { sampleRate: 16000, samples: new Int16Array(9) } }]),
    ).toThrow(/different sample rates/);
    expect(() => assembleClauses([{ ...parts[0], weights: [1] }])).toThrow(/3 words but 1 weights/);
  });
});
