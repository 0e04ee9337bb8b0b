import type { Viseme, VisemeTiming, WordTiming } from '@app/core';

/** One phoneme of espeak-ng's `-x` (Kirshenbaum-style ASCII) output, stress marks taken off. */
export interface Phoneme {
  symbol: string;
  stressed: boolean;
}

/**
 * The separator asked of espeak-ng with `--sep`. Not an ASCII character, because espeak-ng's own
 * phoneme names use `_` (pauses), `|` and `+`, so those would make the output ambiguous.
 */
export const PHONEME_SEPARATOR = '¦';

/**
 * The phonemes of one line of `espeak-ng -q -x --sep=¦` output (one token's reading; it may hold
 * several espeak words, as "5.8" reads "f'aIv pOInt 'eIt"). Pauses (`_`, `_:`, `_|`) are dropped:
 * silence comes from the measured timings, not from espeak-ng's own idea of a pause.
 */
export function parseEspeakPhonemes(line: string): Phoneme[] {
  const out: Phoneme[] = [];
  for (const word of line.trim().split(/\s+/u)) {
    for (const raw of word.split(PHONEME_SEPARATOR)) {
      const bare = raw.replace(/['",%=]/gu, '');
      if (bare === '' || bare.startsWith('_')) continue;
      const symbol = normalise(bare);
      if (symbol !== '') out.push({ symbol, stressed: raw.includes("'") });
    }
  }
  return out;
}

/** "@2", "t#", "n-" and "I2" are variants of "@", "t", "n" and "I" for our purpose; "0" and "3" are vowels. */
function normalise(symbol: string): string {
  const s = symbol.replace(/[#\-$]+$/u, '');
  const trimmed = s.replace(/\d+$/u, '');
  return trimmed === '' ? s : trimmed;
}

/**
 * espeak-ng's English phonemes (and the vowels most other voices share) to mouth shapes, following the
 * Preston Blair / Rhubarb classes in timing.types.ts. Diphthongs that travel from open to rounded
 * (`aU`, `oU`, `OI`) are two shapes, so the mouth moves inside the syllable as a person's does.
 */
const VOWELS: Record<string, Viseme[]> = {
  a: ['C'],
  aa: ['D'],
  A: ['D'],
  'A:': ['D'],
  'A@': ['D'],
  aI: ['D'],
  'aI@': ['D'],
  aU: ['D', 'F'],
  'aU@': ['D', 'F'],
  '0': ['D'],
  E: ['C'],
  'E:': ['C'],
  e: ['C'],
  'e:': ['C'],
  'e@': ['C'],
  eI: ['C'],
  I: ['C'],
  i: ['B'],
  'i:': ['B'],
  'i@': ['C'],
  'i@3': ['C'],
  V: ['C'],
  '@': ['C'],
  '&': ['C'],
  '3': ['E'],
  '3:': ['E'],
  O: ['E'],
  'O:': ['E'],
  'O@': ['E'],
  'o@': ['E'],
  o: ['E'],
  'o:': ['E'],
  OI: ['E', 'C'],
  oU: ['E', 'F'],
  U: ['F'],
  'U@': ['F'],
  u: ['F'],
  'u:': ['F'],
  y: ['F'],
  'y:': ['F'],
  Y: ['F'],
  'Y:': ['F'],
  W: ['F'],
  'W:': ['F'],
};

const LIPS = new Set(['p', 'b', 'm']);
const LIP_TEETH = new Set(['f', 'v']);
const TONGUE_UP = new Set(['l', 'L', '@L', 'l^']);
const ROUNDED_CONSONANTS = new Set(['w']);
/** Sounds that take the shape of the vowel that follows (the mouth is already there): h and the glottal stop. */
const ANTICIPATE = new Set(['h', '?']);
const STOPS = new Set(['p', 'b', 't', 'd', 'k', 'g', '?', 'c', 'J']);
const AFFRICATES = new Set(['tS', 'dZ', 'ts', 'dz']);
const APPROXIMANTS = new Set(['l', 'L', 'r', 'R', 'w', 'j', '*', 'l^', 'r-']);

export function isVowel(symbol: string): boolean {
  if (symbol in VOWELS) return true;
  return /^[aAeEiIoOuUV@3y0&YW]/u.test(symbol) && !TONGUE_UP.has(symbol);
}

/** The shapes a phoneme is made with, or null for a sound that borrows the next one's. */
export function phonemeVisemes(symbol: string): Viseme[] | null {
  if (TONGUE_UP.has(symbol)) return ['H'];
  const vowel = VOWELS[symbol];
  if (vowel) return vowel;
  if (LIPS.has(symbol)) return ['A'];
  if (LIP_TEETH.has(symbol)) return ['G'];
  if (ROUNDED_CONSONANTS.has(symbol)) return ['F'];
  if (ANTICIPATE.has(symbol)) return null;
  if (isVowel(symbol)) return genericVowel(symbol[0]);
  return ['B'];
}

/** Vowels of other languages' voices, by the letter their espeak-ng name starts with. */
function genericVowel(first: string): Viseme[] {
  switch (first) {
    case 'A':
      return ['D'];
    case 'i':
      return ['B'];
    case 'o':
    case 'O':
    case '0':
    case '3':
      return ['E'];
    case 'u':
    case 'U':
    case 'y':
    case 'Y':
    case 'W':
      return ['F'];
    default:
      return ['C'];
  }
}

/**
 * Relative length of a phoneme inside its word. Vowels carry a syllable and last about twice as long
 * as a consonant; long vowels and diphthongs longer still, stressed ones longer again (measured
 * segment durations in read English speech follow this order; the exact numbers matter less than
 * the order, since each word's total comes from the audio).
 */
export function phonemeWeight(p: Phoneme): number {
  const s = p.symbol;
  if (isVowel(s)) {
    const long =
      s.includes(':') || (VOWELS[s]?.length ?? 1) > 1 || /^(aI|eI|OI|oU|aU|i@|e@|U@|o@|O@|A@)/u.test(s);
    const reduced = s === '@' || s === '3' || s === 'i' || s === 'I' || s === 'a#';
    const base = long ? 2.4 : reduced ? 1.3 : 1.8;
    return base * (p.stressed ? 1.3 : 1);
  }
  if (AFFRICATES.has(s)) return 1.3;
  if (STOPS.has(s)) return 0.8;
  if (APPROXIMANTS.has(s)) return 0.9;
  if (s === 'm' || s === 'n' || s === 'N') return 1.0;
  return 1.1;
}

export interface VisemeOptions {
  /** Gaps between words shorter than this are bridged by the shape before; longer ones close the mouth (X). */
  minSilence?: number;
}

/**
 * Mouth shapes over [0, duration]: each word's phonemes spread over its measured [start, end] by
 * weight, silence (before, between and after words) as X. The result is contiguous, in order, and
 * merges neighbours with the same shape. A word without phonemes (a dash, a symbol espeak-ng does
 * not read) holds a half-open mouth (B) so the timing of its neighbours stays honest.
 */
export function visemesFromPhonemes(
  words: readonly WordTiming[],
  phonemes: readonly (readonly Phoneme[])[],
  duration: number,
  options: VisemeOptions = {},
): VisemeTiming[] {
  if (phonemes.length !== words.length) {
    throw new Error(`visemesFromPhonemes: ${words.length} words but ${phonemes.length} phoneme lists`);
  }
  const minSilence = options.minSilence ?? 0.06;
  const out: VisemeTiming[] = [];
  const push = (viseme: Viseme, start: number, end: number): void => {
    if (!(end > start)) return;
    const last = out[out.length - 1];
    if (last && last.viseme === viseme && Math.abs(last.end - start) < 1e-9) last.end = end;
    else out.push({ viseme, start, end });
  };
  let at = 0;
  words.forEach((word, i) => {
    const start = Math.max(at, Math.min(word.start, duration));
    const end = Math.max(start, Math.min(word.end, duration));
    if (start > at) {
      // A short gap inside a clause is not a pause: the mouth stays where it was.
      const last = out[out.length - 1];
      if (last && start - at < minSilence) last.end = start;
      else push('X', at, start);
    }
    for (const part of wordParts(phonemes[i], start, end)) push(part.viseme, part.start, part.end);
    at = end;
  });
  if (duration > at) push('X', at, duration);
  return out;
}

/** A word's shapes over its span, the `h`-like sounds folded into the shape after them. */
function wordParts(phonemes: readonly Phoneme[], start: number, end: number): VisemeTiming[] {
  if (!(end > start)) return [];
  const pieces: { viseme: Viseme; weight: number }[] = [];
  let carried = 0;
  for (const p of phonemes) {
    const shapes = phonemeVisemes(p.symbol);
    const weight = phonemeWeight(p);
    if (shapes === null) {
      carried += weight;
      continue;
    }
    // Diphthongs spend a little more time in their first shape.
    const shares =
      shapes.length === 1 ? [1] : shapes.map((_, k) => (k === 0 ? 0.6 : 0.4 / (shapes.length - 1)));
    shapes.forEach((viseme, k) =>
      pieces.push({ viseme, weight: (weight + (k === 0 ? carried : 0)) * shares[k] }),
    );
    carried = 0;
  }
  if (carried > 0 && pieces.length > 0) pieces[pieces.length - 1].weight += carried;
  if (pieces.length === 0) return [{ viseme: 'B', start, end }];
  const total = pieces.reduce((a, p) => a + p.weight, 0);
  let sum = 0;
  let at = start;
  return pieces.map((p, k) => {
    sum += p.weight;
    const next = k === pieces.length - 1 ? end : start + ((end - start) * sum) / total;
    const part = { viseme: p.viseme, start: at, end: next };
    at = next;
    return part;
  });
}

/**
 * Azure Speech viseme ids (0–21, Microsoft's "map phonemes to visemes" table for en-US) to our shapes.
 * https://learn.microsoft.com/azure/ai-services/speech-service/how-to-speech-synthesis-viseme
 */
export const AZURE_VISEMES: readonly Viseme[] = [
  'X', // 0 silence
  'C', // 1 æ ə ʌ
  'D', // 2 ɑ
  'E', // 3 ɔ
  'C', // 4 ɛ ʊ
  'E', // 5 ɝ
  'B', // 6 j i ɪ
  'F', // 7 w u
  'E', // 8 o
  'D', // 9 aʊ
  'E', // 10 ɔɪ
  'D', // 11 aɪ
  'C', // 12 h
  'B', // 13 ɹ
  'H', // 14 l
  'B', // 15 s z
  'B', // 16 ʃ tʃ dʒ ʒ
  'B', // 17 ð
  'G', // 18 f v
  'B', // 19 d t n θ
  'B', // 20 k g ŋ
  'A', // 21 p b m
];

export function azureViseme(id: number): Viseme {
  const v = Number.isInteger(id) ? AZURE_VISEMES[id] : undefined;
  if (v === undefined) throw new RangeError(`Azure viseme id must be an integer 0-21, got ${id}`);
  return v;
}

/**
 * Amazon Polly speech-mark viseme codes to our shapes.
 * https://docs.aws.amazon.com/polly/latest/dg/ph-table-english-us.html
 */
export const POLLY_VISEMES: Readonly<Record<string, Viseme>> = {
  p: 'A', // p b m
  t: 'B', // t d n
  S: 'B', // ʃ ʒ tʃ dʒ
  T: 'B', // θ ð
  f: 'G', // f v
  k: 'B', // k g ŋ
  i: 'B', // i ɪ j
  r: 'B', // ɹ
  s: 'B', // s z
  u: 'F', // u ʊ w
  '@': 'C', // ə ʌ
  a: 'D', // ɑ aɪ aʊ
  e: 'C', // e eɪ
  E: 'C', // ɛ æ
  o: 'F', // oʊ
  O: 'E', // ɔ ɔɪ
  sil: 'X',
};

export function pollyViseme(code: string): Viseme {
  const v = Object.prototype.hasOwnProperty.call(POLLY_VISEMES, code) ? POLLY_VISEMES[code] : undefined;
  if (v === undefined) throw new RangeError(`Unknown Amazon Polly viseme code "${code}"`);
  return v;
}

/** Convert timed provider events (a shape from `at` until the next event) into spans over [0, duration]. */
export function visemesFromEvents(
  events: readonly { viseme: Viseme; at: number }[],
  duration: number,
): VisemeTiming[] {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const out: VisemeTiming[] = [];
  let at = 0;
  let current: Viseme = 'X';
  for (const e of sorted) {
    const t = Math.min(Math.max(e.at, 0), duration);
    if (t > at) {
      const last = out[out.length - 1];
      if (last && last.viseme === current) last.end = t;
      else out.push({ viseme: current, start: at, end: t });
      at = t;
    }
    current = e.viseme;
  }
  if (duration > at) {
    const last = out[out.length - 1];
    if (last && last.viseme === current) last.end = duration;
    else out.push({ viseme: current, start: at, end: duration });
  }
  return out;
}
