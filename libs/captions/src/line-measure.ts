import { isWide, isZeroWidth } from '@app/core';

/** The two line limits a line must keep at once, in characters. */
export interface LineWidthLimits {
  /** Narrow characters (Latin, Arabic, Cyrillic...) a line holds: 42 by default. */
  maxCharsPerLine: number;
  /** Wide characters (CJK, fullwidth forms, emoji) a line holds: 16 by default. */
  maxWideCharsPerLine: number;
}

const graphemes =
  typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('und', { granularity: 'grapheme' }) : undefined;

/** The text cut into user-perceived characters (an emoji with its skin tone is one). */
export function graphemesOf(text: string): string[] {
  return graphemes === undefined ? Array.from(text) : Array.from(graphemes.segment(text), (s) => s.segment);
}

/**
 * How much of a line a text takes, in narrow-character columns: a narrow character counts 1, a wide
 * one `maxChars / maxWideChars` (42/16 = 2.625 by default), marks and format characters 0. A line
 * fits when this is at most `maxCharsPerLine`, which is the same as narrow/42 + wide/16 <= 1: the
 * 42-character rule for Latin lines, the 16-character rule for CJK lines, and both in proportion for
 * mixed lines (BBC Subtitle Guidelines; Netflix Timed Text Style Guide, Chinese and Japanese).
 */
export function lineWidth(text: string, limits: LineWidthLimits): number {
  const wide = limits.maxCharsPerLine / limits.maxWideCharsPerLine;
  let width = 0;
  for (const g of graphemesOf(text)) {
    if (isWide(g)) width += wide;
    else if (!Array.from(g).every(isZeroWidth)) width += 1;
  }
  return width;
}

// Float noise (16 * 2.625 computed through sums) must not push a full line over its limit.
const SLACK = 1e-9;

/** True when a width (from `lineWidth`) fits the line limit. */
export function fitsLine(width: number, limits: LineWidthLimits): boolean {
  return width <= limits.maxCharsPerLine + SLACK;
}
