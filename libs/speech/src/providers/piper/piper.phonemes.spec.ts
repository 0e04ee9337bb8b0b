import { splitClauses } from '../../clauses';
import { espeakSentence, mergeVowelClusters, phonemeIds, sentencesOf, textSentence } from './piper.phonemes';

const MAP = new Map<string, number[]>([
  ['_', [0]],
  ['^', [1]],
  ['$', [2]],
  [' ', [3]],
  [',', [8]],
  ['.', [10]],
  ['ð', [41]],
  ['ɪ', [74]],
  ['i', [21]],
  ['ː', [122]],
  ['s', [31]],
  ['t', [32]],
  ['ˈ', [120]],
  ['aɪ', [161]],
]);

describe('phonemeIds (Piper phonemes_to_ids)', () => {
  it('writes BOS, a pad, each phoneme followed by a pad, then EOS, and skips what the map lacks', () => {
    const out = phonemeIds({ phonemes: ['ð', 'ɪ', ' ', 'ʒ', 'i', '.'], owners: [0, 0, -1, 1, 1, -1] }, MAP);
    expect(out.ids).toEqual([1, 0, 41, 0, 74, 0, 3, 0, 21, 0, 10, 0, 2]);
    expect(out.owners).toEqual([-1, -1, 0, 0, 0, 0, -1, -1, 1, 1, -1, -1, -1]);
    expect(out.missing).toEqual(['ʒ']);
  });
});

describe('espeakSentence (Piper phonemize_espeak)', () => {
  it('keeps the clause punctuation, adds a space after a comma, and decomposes into code points', () => {
    const clauses = splitClauses('The east, it said.');
    const s = espeakSentence(clauses, [['ðɪ'], ['ˈiːst'], ['ɪt'], ['sˈɛd']]);
    expect(s.phonemes.join('')).toBe('ðɪ ˈiːst, ɪt sˈɛd.');
    // "east" owns its code points; the comma and the spaces around belong to no word.
    expect(s.phonemes.map((p, i) => `${p}${s.owners[i]}`).join('|')).toBe(
      'ð0|ɪ0| -1|ˈ1|i1|ː1|s1|t1|,-1| -1|ɪ2|t2| -1|s3|ˈ3|ɛ3|d3|.-1',
    );
    // Composed letters are split as Piper's NFD does: "ç" is c + combining cedilla.
    expect(espeakSentence(splitClauses('ça'), [['ça']]).phonemes).toEqual(['c', '\u0327', 'a']);
  });

  it('gives a token with several IPA words (a number) one owner and a silent token nothing', () => {
    const clauses = splitClauses('Magnitude 5.8 — strong');
    const s = espeakSentence(clauses, [['mˈæɡ'], ['faɪv', 'pɔɪnt', 'eɪt'], [], ['stɹɔŋ']]);
    expect(s.phonemes.join('')).toBe('mˈæɡ faɪv pɔɪnt eɪt stɹɔŋ');
    expect(new Set(s.owners.filter((o) => o >= 0))).toEqual(new Set([0, 1, 3]));
    expect(s.phonemes.filter((_, i) => s.owners[i] === 1).join('')).toBe('faɪv pɔɪnt eɪt');
  });
});

describe('textSentence and sentencesOf', () => {
  it('reads a text voice as the code points of its tokens, spaces between', () => {
    const s = textSentence(splitClauses('Hi, yo.'));
    expect(s.phonemes.join('')).toBe('Hi, yo.');
    expect(s.owners).toEqual([0, 0, 0, -1, 1, 1, 1]);
  });

  it('groups clauses into sentences at . ! ?', () => {
    const groups = sentencesOf(splitClauses('One, two. Three! Four'));
    expect(groups.map((g) => g.map((c) => c.text))).toEqual([['One,', 'two.'], ['Three!'], ['Four']]);
  });
});

describe('mergeVowelClusters', () => {
  it('merges listed runs into one symbol owned by its first code point', () => {
    const merged = mergeVowelClusters({ phonemes: ['a', 'ɪ', 't', 'a'], owners: [4, 4, 4, 5] }, [['a', 'ɪ']]);
    expect(merged).toEqual({ phonemes: ['aɪ', 't', 'a'], owners: [4, 4, 5] });
    expect(phonemeIds(merged, MAP).ids.slice(2, 4)).toEqual([161, 0]);
  });
});
