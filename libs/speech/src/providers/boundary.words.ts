import type { WordTiming } from '@app/core';
import { characterWeights, distributeByWeight } from '../word-timing';

/** A word a cloud voice reported, with its time in the audio (seconds). */
export interface BoundaryWord {
  /** The word as the service echoes it (the input's spelling: "5.8", "Taiwan"). */
  text: string;
  start: number;
  /** Where it stops, when the service says (Azure); otherwise the next word's start is used. */
  end?: number;
}

/** Letters and digits only, case-folded: what two spellings of one word have in common. */
export function wordKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLocaleLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

const LOOKAHEAD = 3;

/**
 * The script's tokens timed by the words a voice reported. Boundaries are matched to tokens in
 * order by their letters and digits ("Taiwan" to "Taiwan.", "U" + "S" to "U.S."), looking a few
 * words ahead past reported words the script does not have; a token no boundary matches (a dash, a
 * word the SSML replaced) shares the time between its neighbours by its spelling.
 */
export function wordsFromBoundaries(
  tokens: readonly string[],
  reported: readonly BoundaryWord[],
  duration: number,
): WordTiming[] {
  const events = reported
    .map((r) => ({ ...r, key: wordKey(r.text) }))
    .filter((r) => r.key !== '')
    .sort((a, b) => a.start - b.start);
  const spans: Array<{ start: number; end: number } | undefined> = [];
  let next = 0;
  tokens.forEach((token, i) => {
    const key = wordKey(token);
    if (key === '') return;
    let first = -1;
    for (let k = next; k < Math.min(events.length, next + LOOKAHEAD); k++) {
      const e = events[k].key;
      if (e === key || key.startsWith(e) || e.startsWith(key)) {
        first = k;
        break;
      }
    }
    if (first < 0) return;
    let last = first;
    let joined = events[first].key;
    while (
      last + 1 < events.length &&
      joined.length < key.length &&
      key.startsWith(joined + events[last + 1].key)
    ) {
      last++;
      joined += events[last].key;
    }
    const after = events[last + 1]?.start ?? duration;
    spans[i] = { start: events[first].start, end: Math.min(events[last].end ?? after, after) };
    next = last + 1;
  });
  return fillGaps(tokens, spans, duration);
}

/** Give unmatched tokens the time between their matched neighbours, by spelling; keep everything in order. */
function fillGaps(
  tokens: readonly string[],
  spans: ReadonlyArray<{ start: number; end: number } | undefined>,
  duration: number,
): WordTiming[] {
  const words: WordTiming[] = [];
  let i = 0;
  let last = 0;
  while (i < tokens.length) {
    const span = spans[i];
    if (span) {
      const start = Math.max(last, span.start);
      const end = Math.max(start, span.end);
      words.push({ text: tokens[i], start, end });
      last = end;
      i++;
      continue;
    }
    let j = i;
    while (j < tokens.length && !spans[j]) j++;
    const until =
      j < tokens.length ? Math.max(last, (spans[j] as { start: number }).start) : Math.max(last, duration);
    const gap = tokens.slice(i, j);
    if (until > last) {
      distributeByWeight(last, until, characterWeights(gap)).forEach((s, k) =>
        words.push({ text: gap[k], start: s.start, end: s.end }),
      );
    } else {
      for (const text of gap) words.push({ text, start: last, end: last });
    }
    last = until;
    i = j;
  }
  return words;
}
