import { wordKey, wordsFromBoundaries } from './boundary.words';

describe('wordsFromBoundaries', () => {
  it('matches reported words to script tokens by letters and digits', () => {
    const words = wordsFromBoundaries(
      ['A', 'magnitude', '5.8', 'quake', 'hit', 'Taiwan.'],
      [
        { text: 'A', start: 0.1, end: 0.2 },
        { text: 'magnitude', start: 0.2, end: 0.7 },
        { text: '5.8', start: 0.7, end: 1.4 },
        { text: 'quake', start: 1.4, end: 1.8 },
        { text: 'hit', start: 1.8, end: 2.0 },
        { text: 'Taiwan', start: 2.0, end: 2.5 },
        { text: '.', start: 2.5, end: 2.6 },
      ],
      3,
    );
    expect(words.map((w) => [w.text, w.start, w.end])).toEqual([
      ['A', 0.1, 0.2],
      ['magnitude', 0.2, 0.7],
      ['5.8', 0.7, 1.4],
      ['quake', 1.4, 1.8],
      ['hit', 1.8, 2.0],
      ['Taiwan.', 2.0, 2.5],
    ]);
  });

  it('joins pieces of one token, ends a word at the next one without an end, and skips words the script lacks', () => {
    const words = wordsFromBoundaries(
      ['U.S.', 'officials', 'said'],
      [
        { text: 'U', start: 0 },
        { text: 'S', start: 0.2 },
        { text: 'uh', start: 0.4 },
        { text: 'officials', start: 0.6 },
        { text: 'said', start: 1.1 },
      ],
      1.5,
    );
    expect(words.map((w) => [w.text, w.start, w.end])).toEqual([
      ['U.S.', 0, 0.4],
      ['officials', 0.6, 1.1],
      ['said', 1.1, 1.5],
    ]);
  });

  it('shares the time between neighbours among tokens nothing matched, by spelling', () => {
    const words = wordsFromBoundaries(
      ['Quake', '—', 'Hualien', 'hit'],
      [
        { text: 'Quake', start: 0, end: 0.5 },
        { text: 'Hwa-lyen', start: 0.5, end: 1.1 },
        { text: 'hit', start: 1.1, end: 1.4 },
      ],
      2,
    );
    expect(words.map((w) => w.text)).toEqual(['Quake', '—', 'Hualien', 'hit']);
    expect(words[1].start).toBe(0.5);
    expect(words[2].start).toBeGreaterThan(words[1].start);
    expect(words[2].end).toBe(1.1);
    expect(words[3]).toEqual({ text: 'hit', start: 1.1, end: 1.4 });
  });

  it('keys words by letters and digits of any script', () => {
    expect(['“Taipei,”', 'ＡＢＣ', '地震。', 'مرحبا،'].map(wordKey)).toEqual([
      'taipei',
      'abc',
      '地震',
      'مرحبا',
    ]);
  });
});
