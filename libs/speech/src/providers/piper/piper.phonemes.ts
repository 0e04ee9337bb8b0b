import type { Clause } from '../../clauses';
import { runSynthesizer } from '../../espeak.process';
import { separatedTokensSsml } from '../../ssml';
import { PIPER_BOS, PIPER_EOS, PIPER_PAD, type PiperVoiceConfig } from './piper.config';

/** A sentence as Piper reads it: phonemes (code points), each tagged with the token it belongs to. */
export interface SentencePhonemes {
  phonemes: string[];
  /** Index of the token (among all the script's tokens) each phoneme belongs to; -1 for spaces and punctuation. */
  owners: number[];
}

/** Phoneme ids for the model, with the token each id belongs to (-1: BOS, EOS, spaces, punctuation). */
export interface SentenceIds {
  ids: number[];
  owners: number[];
  /** Phonemes the voice's map does not have (skipped, as Piper does). */
  missing: string[];
}

/**
 * Piper's phonemes_to_ids (piper `phoneme_ids.py`): BOS, pad, then each phoneme's ids followed by a
 * pad, then EOS. A phoneme's trailing pad belongs to the phoneme's token, so a word's ids run from
 * its first phoneme to the pad after its last.
 */
export function phonemeIds(
  sentence: SentencePhonemes,
  map: ReadonlyMap<string, readonly number[]>,
): SentenceIds {
  const pad = map.get(PIPER_PAD) ?? [];
  const ids: number[] = [];
  const owners: number[] = [];
  const push = (values: readonly number[], owner: number): void => {
    for (const v of values) {
      ids.push(v);
      owners.push(owner);
    }
  };
  push(map.get(PIPER_BOS) ?? [], -1);
  push(pad, -1);
  const missing: string[] = [];
  sentence.phonemes.forEach((p, i) => {
    const own = map.get(p);
    if (!own) {
      missing.push(p);
      return;
    }
    push(own, sentence.owners[i]);
    push(pad, sentence.owners[i]);
  });
  push(map.get(PIPER_EOS) ?? [], -1);
  return { ids, owners, missing };
}

/** Merge runs that the voice lists as vowel clusters (piper `_merge_known_vowel_clusters`), longest first. */
export function mergeVowelClusters(
  sentence: SentencePhonemes,
  clusters: readonly (readonly string[])[],
): SentencePhonemes {
  if (clusters.length === 0) return sentence;
  const keys = new Set(clusters.map((c) => c.join('\u0000')));
  const longest = Math.max(...clusters.map((c) => c.length));
  const phonemes: string[] = [];
  const owners: number[] = [];
  for (let i = 0; i < sentence.phonemes.length;) {
    let taken = 1;
    for (let n = Math.min(longest, sentence.phonemes.length - i); n > 1; n--) {
      if (keys.has(sentence.phonemes.slice(i, i + n).join('\u0000'))) {
        taken = n;
        break;
      }
    }
    phonemes.push(sentence.phonemes.slice(i, i + taken).join(''));
    owners.push(sentence.owners[i]);
    i += taken;
  }
  return { phonemes, owners };
}

/** Clauses grouped into sentences, as Piper synthesizes one sentence per inference. */
export function sentencesOf(clauses: readonly Clause[]): Clause[][] {
  const out: Clause[][] = [];
  let current: Clause[] = [];
  for (const c of clauses) {
    current.push(c);
    if (c.terminator === '.' || c.terminator === '!' || c.terminator === '?') {
      out.push(current);
      current = [];
    }
  }
  if (current.length) out.push(current);
  return out;
}

/** espeak-ng's IPA words of some text: `(en)`-style language switches removed (as Piper does). */
function ipaWords(output: string): string[] {
  return output
    .replace(/\([^)]*\)/gu, '')
    .split(/\s+/u)
    .filter((w) => w.length > 0);
}

const ipaArgs = (voice: string, ssml: boolean): string[] => [
  ...(ssml ? ['-m'] : []),
  '-q',
  '--ipa',
  '-v',
  voice,
  '--stdin',
];

/**
 * Each token's IPA words, read in context: the clause is phonemized whole (`espeak-ng -q --ipa`, what
 * Piper's espeak bridge returns, so "the" before a vowel is [ðɪ]), and its words are shared out by
 * how many each token makes when read apart ("5.8" is three: [faɪv pɔɪnt eɪt]). Where the counts do
 * not add up, the tokens' own readings are used.
 */
export async function clauseIpa(
  binary: string,
  voice: string,
  clause: Clause,
  signal?: AbortSignal,
): Promise<string[][]> {
  const whole = ipaWords(
    (await runSynthesizer(binary, ipaArgs(voice, false), clause.text, signal)).toString('utf8'),
  );
  if (whole.length === clause.tokens.length && clause.tokens.every((t) => /[\p{L}\p{N}]/u.test(t))) {
    return whole.map((w) => [w]);
  }
  const apart = (
    await runSynthesizer(binary, ipaArgs(voice, true), separatedTokensSsml(clause.tokens), signal)
  )
    .toString('utf8')
    .replace(/\r/gu, '')
    .split('\n');
  while (apart.length > clause.tokens.length && apart[apart.length - 1].trim() === '') apart.pop();
  const own = clause.tokens.map((_, k) => ipaWords(apart[k] ?? ''));
  if (apart.length !== clause.tokens.length) return own;
  const counts = own.map((w) => w.length);
  if (counts.reduce((a, b) => a + b, 0) !== whole.length) return own;
  let at = 0;
  return counts.map((n) => {
    const words = whole.slice(at, at + n);
    at += n;
    return words;
  });
}

/**
 * One sentence's phonemes as Piper's espeak phonemizer builds them (piper `phonemize_espeak.py`): the
 * clause's phonemes, its closing punctuation kept as a phoneme, a space after `,` `:` `;`, all
 * decomposed into code points (NFD). `readings[k]` holds the IPA words of the sentence's k-th token.
 */
export function espeakSentence(
  clauses: readonly Clause[],
  readings: readonly (readonly string[])[],
): SentencePhonemes {
  const phonemes: string[] = [];
  const owners: number[] = [];
  const add = (text: string, owner: number): void => {
    for (const cp of text.normalize('NFD')) {
      phonemes.push(cp);
      owners.push(owner);
    }
  };
  let k = 0;
  for (const clause of clauses) {
    clause.tokens.forEach((_, i) => {
      const words = readings[k++] ?? [];
      if (i > 0 && words.length > 0 && phonemes.length > 0 && phonemes[phonemes.length - 1] !== ' ')
        add(' ', -1);
      add(words.join(' '), clause.firstToken + i);
    });
    add(clause.terminator, -1);
    if (clause.terminator === ',' || clause.terminator === ':' || clause.terminator === ';') add(' ', -1);
  }
  return { phonemes, owners };
}

/** A sentence for a `phoneme_type: text` voice: the text's own code points (NFD), spaces between tokens. */
export function textSentence(clauses: readonly Clause[]): SentencePhonemes {
  const phonemes: string[] = [];
  const owners: number[] = [];
  clauses.forEach((clause, c) =>
    clause.tokens.forEach((token, i) => {
      if (c > 0 || i > 0) {
        phonemes.push(' ');
        owners.push(-1);
      }
      for (const cp of token.normalize('NFD')) {
        phonemes.push(cp);
        owners.push(clause.firstToken + i);
      }
    }),
  );
  return { phonemes, owners };
}

/** The phonemes of a sentence for the voice, espeak-ng run through the shared helper (never linked). */
export async function sentencePhonemes(
  binary: string,
  config: PiperVoiceConfig,
  clauses: readonly Clause[],
  signal?: AbortSignal,
): Promise<SentencePhonemes> {
  if (config.phonemeType === 'text') return mergeVowelClusters(textSentence(clauses), config.vowelClusters);
  const readings: string[][] = [];
  for (const clause of clauses)
    readings.push(...(await clauseIpa(binary, config.espeakVoice, clause, signal)));
  return mergeVowelClusters(espeakSentence(clauses, readings), config.vowelClusters);
}
