import type { ClauseTiming, WordTiming } from '@app/core';

/** A word of the reading, with the display token it reads. */
export interface SpokenWord {
  text: string;
  token: number;
}

const KEY = /[^\p{L}\p{N}]+/gu;

function key(text: string): string {
  return text.toLowerCase().replace(KEY, '');
}

/**
 * Which spoken word each of the provider's timed words is, by an edit-distance alignment of their
 * letters and digits (Needleman-Wunsch with unit costs): providers may split, merge or respell words
 * ("5.8" as "5", "8"; an SSML `sub` reported as its grapheme), so position alone cannot be trusted.
 * Returns, for each provider word, the index of a spoken word, or -1 when it matches none.
 */
export function alignWords(spoken: readonly SpokenWord[], timed: readonly WordTiming[]): number[] {
  const a = spoken.map((w) => key(w.text));
  const b = timed.map((w) => key(w.text));
  if (a.length === b.length && a.every((k, i) => k === b[i])) return b.map((_, i) => i);
  const n = a.length;
  const m = b.length;
  const partial = (i: number, j: number): boolean => a[i].includes(b[j]) || b[j].includes(a[i]);
  // Substituting a word for another costs 1, for part of it 0.5; an extra provider word costs 1, or
  // 0.5 when it is part of the spoken word it would join.
  const sub = (i: number, j: number): number => (a[i] === b[j] ? 0 : partial(i, j) ? 0.5 : 1);
  const extra = (i: number, j: number): number => (i >= 0 && partial(i, j) ? 0.5 : 1);
  // cost[i][j]: cheapest alignment of a[0..i) with b[0..j).
  const cost: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  for (let i = 1; i <= n; i++) cost[i][0] = i;
  for (let j = 1; j <= m; j++) cost[0][j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      cost[i][j] = Math.min(
        cost[i - 1][j - 1] + sub(i - 1, j - 1),
        cost[i - 1][j] + 1,
        cost[i][j - 1] + extra(i - 1, j - 1),
      );
    }
  }
  const out = new Array<number>(m).fill(-1);
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    if (cost[i][j] === cost[i][j - 1] + extra(i - 1, j - 1)) {
      // A provider word with no spoken word of its own: it belongs with the spoken word before it.
      out[j - 1] = i - 1;
      j--;
    } else if (cost[i][j] === cost[i - 1][j - 1] + sub(i - 1, j - 1)) {
      out[j - 1] = i - 1;
      i--;
      j--;
    } else {
      i--;
    }
  }
  return out;
}

/**
 * The display tokens as timed words: each spans the provider words that read it. A token nothing was
 * read for (an emoji, a dash, a run left out) gets an instant at the end of the token before it, so
 * the captions still show it, in order. `offset` shifts every time (seconds).
 */
export function timeTokens(
  tokens: readonly string[],
  spoken: readonly SpokenWord[],
  timed: readonly WordTiming[],
  into: { start: number; end: number }[],
  offset = 0,
): number[] {
  const wordOf = alignWords(spoken, timed);
  const tokenOfTimed = wordOf.map((w) => (w >= 0 ? spoken[w].token : -1));
  timed.forEach((word, k) => {
    const token = tokenOfTimed[k];
    if (token < 0 || token >= tokens.length) return;
    const span = into[token];
    span.start = Math.min(span.start, word.start + offset);
    span.end = Math.max(span.end, word.end + offset);
  });
  return tokenOfTimed;
}

/** Spans still empty after timing get the instant where the token before them ends; starts never go back. */
export function finishTokenTimes(
  tokens: readonly string[],
  spans: readonly { start: number; end: number }[],
): WordTiming[] {
  const words: WordTiming[] = [];
  let lastStart = 0;
  let lastEnd = 0;
  tokens.forEach((text, i) => {
    const span = spans[i];
    const timedSpan = Number.isFinite(span.start) && Number.isFinite(span.end);
    const start = timedSpan ? Math.max(span.start, lastStart) : Math.max(lastEnd, lastStart);
    const end = timedSpan ? Math.max(span.end, start) : start;
    words.push({ text, start, end });
    lastStart = start;
    lastEnd = Math.max(lastEnd, end);
  });
  return words;
}

/** Clauses of the provider's words as clauses of display tokens. */
export function mapClauses(
  clauses: readonly ClauseTiming[],
  tokenOfTimed: readonly number[],
  tokens: readonly string[],
  offset: number,
): ClauseTiming[] {
  const out: ClauseTiming[] = [];
  for (const clause of clauses) {
    const inside = tokenOfTimed.slice(clause.firstWord, clause.endWord).filter((t) => t >= 0);
    if (inside.length === 0) continue;
    const firstWord = Math.min(...inside);
    const endWord = Math.max(...inside) + 1;
    out.push({
      text: tokens.slice(firstWord, endWord).join(' '),
      start: clause.start + offset,
      end: clause.end + offset,
      firstWord,
      endWord,
    });
  }
  return out;
}
