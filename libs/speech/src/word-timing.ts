import { ClipwrightError, ErrorCode } from '@app/core';
import { speechSpans } from './silence';
import type { PcmAudio } from './wav';

export interface TimeSpan {
  start: number;
  end: number;
}

export interface WordWeights {
  weights: number[];
  /**
   * 'segments': measured from the audio of the tokens read apart; 'characters': estimated from
   * spelling; 'single': a one-word clause, nothing to share.
   */
  source: 'segments' | 'characters' | 'single';
}

/** Silence that separates two tokens read with a 400 ms break; espeak-ng's own pauses inside a word stay well under it. */
export const TOKEN_GAP = 0.25;

/**
 * Share [start, end] among consecutive spans in proportion to `weights`. The spans touch, the first
 * starts at `start` and the last ends exactly at `end`.
 */
export function distributeByWeight(start: number, end: number, weights: readonly number[]): TimeSpan[] {
  if (!(end > start)) {
    throw new ClipwrightError(
      ErrorCode.Internal,
      `Cannot share an empty stretch [${start}, ${end}] among words`,
    );
  }
  if (weights.length === 0 || weights.some((w) => !(w > 0) || !Number.isFinite(w))) {
    throw new ClipwrightError(
      ErrorCode.Internal,
      `Word weights must be positive numbers: [${weights.join(', ')}]`,
    );
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const spans: TimeSpan[] = [];
  let sum = 0;
  let at = start;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i];
    const next = i === weights.length - 1 ? end : start + ((end - start) * sum) / total;
    spans.push({ start: at, end: next });
    at = next;
  }
  return spans;
}

/**
 * The fallback when the audio cannot be split per token: letters count 1 and digits 3, since a digit
 * is read as a whole word ("5.8" is "five point eight"); a token with neither still counts 1 so that
 * every word gets some time.
 */
export function characterWeights(tokens: readonly string[]): number[] {
  return tokens.map((t) => {
    const letters = (t.match(/\p{L}/gu) ?? []).length;
    const digits = (t.match(/\p{N}/gu) ?? []).length;
    return Math.max(1, letters + 3 * digits);
  });
}

/**
 * Seconds of each stretch of speech in the audio of the tokens read one by one with long breaks
 * between them. Null when the number of stretches differs from the number of tokens (a silent token
 * such as "—", or a long pause inside one), since the stretches then cannot be matched up.
 */
export function segmentLengths(audio: PcmAudio, tokenCount: number, minSilence = TOKEN_GAP): number[] | null {
  const spans = speechSpans(audio, minSilence);
  if (spans.length !== tokenCount) return null;
  return spans.map((s) => (s.end - s.start) / audio.sampleRate);
}

/**
 * A word read on its own is longer than inside a clause by a roughly constant amount (its own
 * onset and final lengthening), which inflates short words most. The clause's real length tells how
 * much the isolated readings add in all, so each gets its share of that subtracted (never below 30 %
 * of itself). Against prefixes and suffixes of clauses read alone this cut the mean word-boundary
 * error from about 70 to 56 ms at 160 wpm (about 105 to 85 ms at 120 wpm, 45 to 38 ms at 220).
 */
export function correctForIsolation(lengths: readonly number[], spoken: number): number[] {
  const overhead = (lengths.reduce((a, b) => a + b, 0) - spoken) / lengths.length;
  return lengths.map((l) => Math.max(l - overhead, 0.3 * l));
}

/** Weight (seconds) of a token with neither letters nor digits, such as "—", which espeak-ng does not read. */
export const SILENT_TOKEN_WEIGHT = 0.01;

export function hasWord(token: string): boolean {
  return /[\p{L}\p{N}]/u.test(token);
}

/**
 * Weights for the words of a clause: from `separated` (the tokens read apart) where its stretches
 * match the tokens, or match the tokens that have letters or digits (the others then get a sliver),
 * corrected by the clause's `spoken` length in seconds when given; otherwise from the spelling.
 */
export function wordWeights(
  tokens: readonly string[],
  separated: PcmAudio | null,
  spoken?: number,
): WordWeights {
  if (tokens.length === 1) return { weights: [1], source: 'single' };
  const correct = (lengths: number[]): number[] =>
    spoken === undefined ? lengths : correctForIsolation(lengths, spoken);
  if (separated) {
    const all = segmentLengths(separated, tokens.length);
    if (all) return { weights: correct(all), source: 'segments' };
    const worded = tokens.map(hasWord);
    const count = worded.filter(Boolean).length;
    const some = count > 0 && count < tokens.length ? segmentLengths(separated, count) : null;
    if (some) {
      const measured = correct(some);
      let next = 0;
      return {
        weights: worded.map((w) => (w ? measured[next++] : SILENT_TOKEN_WEIGHT)),
        source: 'segments',
      };
    }
  }
  return { weights: characterWeights(tokens), source: 'characters' };
}
