import type { VisemeTiming } from '@app/core';
import { splitTokenLines } from './visemes.espeak';
import {
  AZURE_VISEMES,
  azureViseme,
  parseEspeakPhonemes,
  phonemeVisemes,
  phonemeWeight,
  POLLY_VISEMES,
  pollyViseme,
  visemesFromEvents,
  visemesFromPhonemes,
} from './visemes';

function contiguous(v: VisemeTiming[], duration: number): void {
  expect(v[0].start).toBe(0);
  expect(v[v.length - 1].end).toBeCloseTo(duration, 9);
  for (let i = 1; i < v.length; i++) {
    expect(v[i].start).toBeCloseTo(v[i - 1].end, 9);
    expect(v[i].viseme).not.toBe(v[i - 1].viseme);
  }
  for (const s of v) expect(s.end).toBeGreaterThan(s.start);
}

describe('parseEspeakPhonemes', () => {
  it('splits on the separator and spaces, drops pauses, keeps stress', () => {
    expect(parseEspeakPhonemes("f¦'aI¦v p¦OI¦n¦t '_:¦eI¦t")).toEqual([
      { symbol: 'f', stressed: false },
      { symbol: 'aI', stressed: true },
      { symbol: 'v', stressed: false },
      { symbol: 'p', stressed: false },
      { symbol: 'OI', stressed: false },
      { symbol: 'n', stressed: false },
      { symbol: 't', stressed: false },
      { symbol: 'eI', stressed: false },
      { symbol: 't', stressed: false },
    ]);
  });

  it('folds variants (@2, t#, n-, I2) and keeps 0 and 3 as vowels', () => {
    expect(parseEspeakPhonemes('D¦@2 l¦I¦t#¦@L b¦V¦?¦n- I2 0 3').map((p) => p.symbol)).toEqual([
      'D',
      '@',
      'l',
      'I',
      't',
      '@L',
      'b',
      'V',
      '?',
      'n',
      'I',
      '0',
      '3',
    ]);
  });
});

describe('phoneme classes', () => {
  it.each([
    ['m', ['A']],
    ['b', ['A']],
    ['p', ['A']],
    ['k', ['B']],
    ['s', ['B']],
    ['t', ['B']],
    ['E', ['C']],
    ['a', ['C']],
    ['I', ['C']],
    ['V', ['C']],
    ['A:', ['D']],
    ['aI', ['D']],
    ['O:', ['E']],
    ['3:', ['E']],
    ['oU', ['E', 'F']],
    ['u:', ['F']],
    ['w', ['F']],
    ['f', ['G']],
    ['v', ['G']],
    ['l', ['H']],
    ['@L', ['H']],
  ])('%s -> %j', (symbol, shapes) => expect(phonemeVisemes(symbol)).toEqual(shapes));

  it('lets h borrow the next shape', () => expect(phonemeVisemes('h')).toBeNull());

  it('weighs vowels over consonants and stress over none', () => {
    const w = (symbol: string, stressed = false) => phonemeWeight({ symbol, stressed });
    expect(w('E')).toBeGreaterThan(w('t'));
    expect(w('E', true)).toBeGreaterThan(w('E'));
    expect(w('aI')).toBeGreaterThan(w('E'));
    expect(w('@')).toBeLessThan(w('E'));
  });
});

describe('visemesFromPhonemes', () => {
  const ph = (line: string) => parseEspeakPhonemes(line);

  it('spreads a word over its span by weight, silence as X around it', () => {
    const v = visemesFromPhonemes([{ text: 'map', start: 0.2, end: 0.5 }], [ph("m¦'a¦p")], 0.8);
    contiguous(v, 0.8);
    expect(v.map((s) => s.viseme)).toEqual(['X', 'A', 'C', 'A', 'X']);
    const vowel = v[2].end - v[2].start;
    expect(vowel).toBeGreaterThan(v[1].end - v[1].start);
    expect(vowel).toBeGreaterThan(v[3].end - v[3].start);
    expect(v[1].start).toBe(0.2);
    expect(v[3].end).toBeCloseTo(0.5, 9);
  });

  it('closes the mouth in a pause between clauses but not in a tiny gap', () => {
    const words = [
      { text: 'so', start: 0.1, end: 0.3 },
      { text: 'so,', start: 0.32, end: 0.5 },
      { text: 'so.', start: 0.9, end: 1.1 },
    ];
    const v = visemesFromPhonemes(words, [ph("s¦'oU"), ph("s¦'oU"), ph("s¦'oU")], 1.2);
    contiguous(v, 1.2);
    expect(v.filter((s) => s.viseme === 'X').map((s) => [s.start, s.end])).toEqual([
      [0, 0.1],
      [0.5, 0.9],
      [1.1, 1.2],
    ]);
  });

  it('holds a half-open mouth for a token espeak-ng does not read', () => {
    const v = visemesFromPhonemes([{ text: '—', start: 0, end: 0.2 }], [[]], 0.2);
    expect(v).toEqual([{ viseme: 'B', start: 0, end: 0.2 }]);
  });

  it('refuses mismatched lists', () => {
    expect(() => visemesFromPhonemes([{ text: 'a', start: 0, end: 1 }], [], 1)).toThrow(/1 words but 0/);
  });
});

describe('splitTokenLines', () => {
  it('keeps a silent token in the middle and drops espeak-ng trailing lines', () => {
    expect(splitTokenLines("j¦'u:\n\nt¦'u:\n\n\n", 3)).toEqual(["j¦'u:", '', "t¦'u:"]);
  });
  it('gives null when lines and tokens cannot be matched', () => {
    expect(splitTokenLines('a\nb\nc\n', 2)).toBeNull();
    expect(splitTokenLines('a', 2)).toBeNull();
  });
});

describe('provider viseme tables', () => {
  it('maps all 22 Azure ids as Microsoft documents them', () => {
    expect(AZURE_VISEMES).toHaveLength(22);
    expect(azureViseme(0)).toBe('X');
    expect(azureViseme(21)).toBe('A'); // p b m
    expect(azureViseme(18)).toBe('G'); // f v
    expect(azureViseme(14)).toBe('H'); // l
    expect(azureViseme(7)).toBe('F'); // w u
    expect(azureViseme(2)).toBe('D'); // ɑ
    expect(azureViseme(11)).toBe('D'); // aɪ
    expect(azureViseme(1)).toBe('C'); // æ ə ʌ
    expect(azureViseme(3)).toBe('E'); // ɔ
    expect(azureViseme(19)).toBe('B'); // d t n
    expect(() => azureViseme(22)).toThrow(RangeError);
    expect(() => azureViseme(1.5)).toThrow(RangeError);
  });

  it('maps every Amazon Polly code', () => {
    expect(Object.keys(POLLY_VISEMES).sort()).toEqual(
      ['p', 't', 'S', 'T', 'f', 'k', 'i', 'r', 's', 'u', '@', 'a', 'e', 'E', 'o', 'O', 'sil'].sort(),
    );
    expect(pollyViseme('p')).toBe('A');
    expect(pollyViseme('f')).toBe('G');
    expect(pollyViseme('u')).toBe('F');
    expect(pollyViseme('a')).toBe('D');
    expect(pollyViseme('O')).toBe('E');
    expect(pollyViseme('E')).toBe('C');
    expect(pollyViseme('sil')).toBe('X');
    expect(() => pollyViseme('toString')).toThrow(/Unknown/);
  });

  it('turns provider events into contiguous spans', () => {
    const v = visemesFromEvents(
      [
        { viseme: 'A', at: 0.1 },
        { viseme: 'C', at: 0.2 },
        { viseme: 'C', at: 0.25 },
        { viseme: 'X', at: 0.4 },
      ],
      0.5,
    );
    expect(v).toEqual([
      { viseme: 'X', start: 0, end: 0.1 },
      { viseme: 'A', start: 0.1, end: 0.2 },
      { viseme: 'C', start: 0.2, end: 0.4 },
      { viseme: 'X', start: 0.4, end: 0.5 },
    ]);
  });
});
