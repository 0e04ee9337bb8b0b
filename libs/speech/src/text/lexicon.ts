import { promises as fs } from 'node:fs';
import { ClipwrightError, ErrorCode } from '@app/core';

/**
 * One pronunciation: how every voice says a word or name. `alias` is a respelling in plain words,
 * read by voices that take plain text (espeak-ng) and sent as SSML `<sub alias>` to the others;
 * `phoneme` (with its alphabet) goes to voices that read SSML `<phoneme>` (W3C SSML 1.1 §3.1.9).
 */
export interface LexiconEntry {
  /** The word or words as scripts write them; matched whole, case as written. */
  grapheme: string;
  alias: string;
  phoneme?: string;
  alphabet?: 'ipa' | 'x-sampa';
}

/** A workspace's pronunciation lexicon (the file format the CLI reads and the API stores). */
export interface Lexicon {
  entries: LexiconEntry[];
}

// A respelling is words a voice reads: letters, digits, spaces, hyphens, apostrophes, and dots.
const ALIAS = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} '’.-]*$/u;
// Characters that would end an XML attribute or open markup are never part of a phoneme string.
const PHONEME_FORBIDDEN = /[<>&"[\]{}\\]/u;
const MAX_ENTRIES = 5000;

/**
 * Check a lexicon given as parsed JSON: `{ "entries": [{ "grapheme", "alias", "phoneme"?,
 * "alphabet"? }] }`, also accepted with a version field `"lexicon": 1`. Throws INVALID_ARGUMENT naming
 * the JSON path of the first bad entry (`$.entries[3].alias`), prefixed by `source` when given.
 */
export function parseLexicon(value: unknown, source = ''): Lexicon {
  const at = (path: string): string => (source ? `${source}#${path}` : path);
  const fail = (path: string, why: string): never => {
    throw new ClipwrightError(ErrorCode.InvalidArgument, `Lexicon ${at(path)}: ${why}`, { path: at(path) });
  };
  if (value === null || typeof value !== 'object' || !Array.isArray((value as Lexicon).entries)) {
    fail('$.entries', 'must be an array of entries');
  }
  const raw = (value as { entries: unknown[] }).entries;
  if (raw.length > MAX_ENTRIES) fail('$.entries', `has ${raw.length} entries, more than ${MAX_ENTRIES}`);
  const seen = new Set<string>();
  const entries = raw.map((item, i): LexiconEntry => {
    const path = `$.entries[${i}]`;
    if (item === null || typeof item !== 'object') fail(path, 'must be an object');
    const e = item as Record<string, unknown>;
    const grapheme = typeof e.grapheme === 'string' ? e.grapheme.trim().replace(/\s+/gu, ' ') : '';
    if (grapheme === '' || grapheme.length > 100) fail(`${path}.grapheme`, 'must be 1 to 100 characters');
    if (seen.has(grapheme)) fail(`${path}.grapheme`, `"${grapheme}" is listed twice`);
    seen.add(grapheme);
    const alias = typeof e.alias === 'string' ? e.alias.trim().replace(/\s+/gu, ' ') : '';
    if (!ALIAS.test(alias) || alias.length > 200) {
      fail(`${path}.alias`, 'must be a respelling in plain words (letters, digits, spaces, hyphens)');
    }
    const entry: LexiconEntry = { grapheme, alias };
    if (e.phoneme !== undefined) {
      if (typeof e.phoneme !== 'string' || e.phoneme.trim() === '' || PHONEME_FORBIDDEN.test(e.phoneme)) {
        fail(`${path}.phoneme`, 'must be a phoneme string without markup characters');
      }
      const alphabet = e.alphabet ?? 'ipa';
      if (alphabet !== 'ipa' && alphabet !== 'x-sampa')
        fail(`${path}.alphabet`, 'must be "ipa" or "x-sampa"');
      entry.phoneme = (e.phoneme as string).trim();
      entry.alphabet = alphabet as 'ipa' | 'x-sampa';
    }
    return entry;
  });
  return { entries };
}

/** Read and check a lexicon file (JSON, UTF-8) for the CLI; errors name the file and entry. */
export async function loadLexiconFile(file: string): Promise<Lexicon> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new ClipwrightError(ErrorCode.DataUnreadable, `Cannot read the lexicon ${file}`, {
      path: file,
      cause: e,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ClipwrightError(
      ErrorCode.DataInvalidJson,
      `The lexicon ${file} is not JSON: ${(e as Error).message}`,
      {
        path: file,
        cause: e,
      },
    );
  }
  return parseLexicon(value, file);
}

/** A match of an entry on display tokens [from, to). */
export interface LexiconMatch {
  entry: LexiconEntry;
  from: number;
  to: number;
}

const EDGE_PUNCTUATION = /^[\p{Ps}\p{Pi}"']+|[\p{Pe}\p{Pf}"',.;:!?]+$/gu;

/**
 * The entry matching at token `at`, longest grapheme first ("Hualien City" before "Hualien"); quotes,
 * brackets and trailing punctuation around the tokens do not stop a match.
 */
export function matchLexicon(
  lexicon: Lexicon | undefined,
  tokens: readonly string[],
  at: number,
): LexiconMatch | undefined {
  if (lexicon === undefined) return undefined;
  let best: LexiconMatch | undefined;
  for (const entry of lexicon.entries) {
    const words = entry.grapheme.split(' ');
    if (at + words.length > tokens.length) continue;
    const same = words.every((word, k) => tokens[at + k].replace(EDGE_PUNCTUATION, '') === word);
    if (same && (best === undefined || words.length > best.to - best.from)) {
      best = { entry, from: at, to: at + words.length };
    }
  }
  return best;
}
