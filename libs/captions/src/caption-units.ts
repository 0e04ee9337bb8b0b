import {
  ClipwrightError,
  cjkLocale,
  endsWithAbbreviation,
  ErrorCode,
  isCjkChar,
  isUnitWord,
  WordTiming,
} from '@app/core';
import { fitsLine, graphemesOf, lineWidth, LineWidthLimits } from './line-measure';

/** What a unit's trailing punctuation says about breaking after it. */
export type Punctuation = 'sentence' | 'clause' | 'none';

/**
 * The smallest piece of text a caption may be broken after: a script word, or for CJK text a word
 * found by the segmenter (punctuation kept with its neighbour, so no line starts with "，").
 */
export interface CaptionUnit {
  text: string;
  /** Characters as a reader counts them (graphemes): the measure of reading speed. */
  length: number;
  /** Columns the unit takes on a line (see `lineWidth`): the measure of every line limit. */
  width: number;
  start: number;
  end: number;
  /** Written with a space before it; false for the second and later pieces of one script word. */
  spaceBefore: boolean;
  punctuation: Punctuation;
  /**
   * How strongly the unit holds on to the word after it, so that a break right after it reads badly:
   * 2 for a bare number ("600 | millimetres"), 1 for a phrase opener or a bare word of three letters
   * or fewer ("after", "the"), 0 otherwise. BBC Subtitle Guidelines: do not split an article or a
   * preposition from its noun, or a number from its unit.
   */
  glue: 0 | 1 | 2;
  /** An article, preposition or conjunction: a line or cue may well start with it. */
  opensPhrase: boolean;
  /**
   * A break right after this unit is all but forbidden: an abbreviation ("St. | George"), a title
   * before its name, a number before its unit ("10 | km"), or a word of a name ("Hualien | City").
   */
  holdsNext: boolean;
}

export type UnitOptions = LineWidthLimits;

// Closing brackets and quotes may follow the punctuation that decides the break: `said.”` `(2024).`
const TRAILING_CLOSERS = /[\p{Pe}\p{Pf}"']+$/u;
const SENTENCE_END = /[.!?…‼⁇⁈⁉。！？｡]$/u;
const CLAUSE_END = /[,;:、，；：–—―﹐﹑﹔﹕､]$/u;
const LONE_DASH = /^[-‐‑]+$/u;
const SHORT_WORD = /^\p{L}{1,3}$/u;
const NUMBER = /^\p{N}+(?:[.,]\p{N}+)*$/u;
// Words that open a phrase, after the BBC guideline to break before a preposition or conjunction
// rather than after it: English, and the commonest of French, Spanish, Portuguese, Italian, German.
// Only a preference: a language missing here just loses this hint.
const PHRASE_OPENERS = new Set(
  (
    'a an the of to in on at by for from with into onto over under about after before since until ' +
    'during without within between against through and but or nor so yet as than that which who ' +
    'whom whose where when while because although though if unless ' +
    'de du des la le les et ou en dans sur pour par avec sans que qui ' +
    'el los las y o del al con para por sin sobre entre ' +
    'da dos das e em na com ' +
    'di il lo gli nel per ' +
    'der die das dem den und oder mit von zu im auf für aus bei nach'
  ).split(' '),
);
const OPENING = /^[\p{Ps}\p{Pi}]+$/u;
const PUNCTUATION_OR_SPACE = /^[\p{P}\s]+$/u;
const PUNCTUATION = /\p{P}/u;
const SPACE = /\s/u;
const SPOKEN = /[\p{L}\p{N}]/u;
const CAPITALISED = /^[\p{Ps}\p{Pi}"']*\p{Lu}/u;
// C0/C1 controls would break the line structure of SRT, WebVTT and ASS.
const CONTROLS = /\p{Cc}+/gu;

/** Turn the voice's word timings into caption units, checking the timings on the way. */
export function toCaptionUnits(words: readonly WordTiming[], options: UnitOptions): CaptionUnit[] {
  const splitter = new TokenSplitter(options);
  const units: CaptionUnit[] = [];
  let previousStart = -Infinity;
  words.forEach((word, index) => {
    if (!Number.isFinite(word.start) || !Number.isFinite(word.end)) {
      throw new ClipwrightError(ErrorCode.Internal, `Word ${index} ("${word.text}") has no valid time`, {
        detail: { index, start: word.start, end: word.end },
      });
    }
    const text = word.text.replace(CONTROLS, ' ').trim().replace(/\s+/gu, ' ');
    if (text === '') return;
    if (word.start < previousStart) {
      throw new ClipwrightError(
        ErrorCode.Internal,
        `Word ${index} ("${text}") starts before the word before it`,
        {
          detail: { index, start: word.start, previousStart },
        },
      );
    }
    previousStart = word.start;
    // An end before the start is a rounding slip of the aligner; the word is taken as instantaneous.
    const end = Math.max(word.start, word.end);
    splitter.split(text).forEach((piece, pieceIndex, pieces) => {
      const duration = end - word.start;
      units.push({
        text: piece.text,
        length: graphemesOf(piece.text).length,
        width: lineWidth(piece.text, options),
        start: pieceIndex === 0 ? word.start : word.start + duration * piece.from,
        end: pieceIndex === pieces.length - 1 ? end : word.start + duration * piece.to,
        spaceBefore: units.length > 0 && pieceIndex === 0,
        punctuation: classifyPunctuation(piece.text),
        ...phraseRole(piece.text),
        holdsNext: false,
      });
    });
  });
  units.forEach((unit, k) => (unit.holdsNext = holdsNext(unit, units[k + 1])));
  return units;
}

/**
 * BBC Subtitle Guidelines, "Line breaks": never separate a title from its name, a number from its
 * unit, or the words of a name. A name is taken to be capitalised words in a row with nothing
 * between them; an abbreviation is any of the shared list (`@app/core` abbreviations) or initials.
 */
function holdsNext(unit: CaptionUnit, next: CaptionUnit | undefined): boolean {
  if (next === undefined || !next.spaceBefore) return false;
  if (endsWithAbbreviation(unit.text)) return true;
  if (unit.punctuation !== 'none') return false;
  if (NUMBER.test(unit.text) && isUnitWord(next.text)) return true;
  return CAPITALISED.test(unit.text) && CAPITALISED.test(next.text) && !isCjkChar(unit.text[0] ?? '');
}

export function codePoints(text: string): number {
  let count = 0;
  for (const _char of text) count++;
  return count;
}

function phraseRole(text: string): Pick<CaptionUnit, 'glue' | 'opensPhrase'> {
  if (Array.from(text).some(isCjkChar)) return { glue: 0, opensPhrase: false };
  const opensPhrase = PHRASE_OPENERS.has(text.toLowerCase());
  // A phrase opener left at the end of a line dangles just as a short word does ("…village after").
  const glue = NUMBER.test(text) ? 2 : opensPhrase || SHORT_WORD.test(text) ? 1 : 0;
  return { glue, opensPhrase };
}

export function classifyPunctuation(text: string): Punctuation {
  const bare = text.replace(TRAILING_CLOSERS, '');
  if (SENTENCE_END.test(bare)) return endsWithAbbreviation(bare) ? 'none' : 'sentence';
  if (CLAUSE_END.test(bare) || LONE_DASH.test(bare)) return 'clause';
  return 'none';
}

/** A piece of one script word, with the share of the word's time before it starts and ends. */
interface Piece {
  text: string;
  from: number;
  to: number;
}

class TokenSplitter {
  private readonly words = new Map<string, Intl.Segmenter | undefined>();

  constructor(private readonly options: UnitOptions) {}

  /** A token with CJK letters is cut into words (it has no spaces); any token wider than a line is cut. */
  split(text: string): Piece[] {
    const words = Array.from(text).some(isCjkChar) ? mergeSegments(this.segment(text)) : [text];
    const pieces = words.flatMap((word) => this.shorten(word));
    return timeShares(pieces);
  }

  private segment(text: string): string[] {
    const locale = cjkLocale(text);
    if (!this.words.has(locale)) this.words.set(locale, makeSegmenter(locale, 'word'));
    const segmenter = this.words.get(locale);
    // Without ICU word data the segmenter is missing; graphemes still never split a character.
    if (segmenter === undefined) return graphemesOf(text);
    return Array.from(segmenter.segment(text), (s) => s.segment);
  }

  /**
   * Cut a piece wider than a line into line-sized runs of graphemes: the one place a word is broken.
   * Such pieces are mostly addresses, so a cut just after `/`, `-`, `.` or `_` is taken when there is
   * one in the second half of the run.
   */
  private shorten(word: string): string[] {
    const fits = (text: string): boolean => fitsLine(lineWidth(text, this.options), this.options);
    if (fits(word)) return [word];
    const runs: string[] = [];
    let run = '';
    for (const grapheme of graphemesOf(word)) {
      if (run !== '' && !fits(run + grapheme)) {
        const cut = softCut(run);
        runs.push(run.slice(0, cut));
        run = run.slice(cut);
      }
      run += grapheme;
    }
    if (run !== '') runs.push(run);
    return runs;
  }
}

const SOFT_CUT_AFTER = /[/\-._?&=]/;

/** Where to end a run that is full: after its last soft-cut character in the second half, or at its end. */
function softCut(run: string): number {
  for (let i = run.length - 1; i > 0; i--) {
    if ((i + 1) * 2 < run.length) break;
    if (SOFT_CUT_AFTER.test(run[i])) return i + 1;
  }
  return run.length;
}

function makeSegmenter(locale: string, granularity: 'word'): Intl.Segmenter | undefined {
  if (typeof Intl.Segmenter !== 'function') return undefined;
  try {
    return new Intl.Segmenter(locale, { granularity });
  } catch {
    return undefined;
  }
}

/**
 * Join segmenter output into breakable pieces: punctuation stays with the word before it and opening
 * brackets with the word after (the kinsoku rule of CJK typesetting, W3C "Requirements for Japanese
 * Text Layout" §3.1.7), and runs of Latin letters, digits and symbols stay whole ("iPhone15", "$999").
 */
function mergeSegments(segments: string[]): string[] {
  const pieces: string[] = [];
  let opening = '';
  for (const segment of segments) {
    if (OPENING.test(segment)) {
      opening += segment;
      continue;
    }
    const last = pieces.length - 1;
    if (
      last >= 0 &&
      opening === '' &&
      (PUNCTUATION_OR_SPACE.test(segment) || (isLatinLike(lastChar(pieces[last])) && isLatinLike(segment)))
    ) {
      pieces[last] += segment;
      continue;
    }
    pieces.push(opening + segment);
    opening = '';
  }
  if (opening !== '') {
    if (pieces.length > 0) pieces[pieces.length - 1] += opening;
    else pieces.push(opening);
  }
  return pieces;
}

function isLatinLike(text: string): boolean {
  const first = Array.from(text)[0];
  return first !== undefined && !isCjkChar(first) && !PUNCTUATION.test(first) && !SPACE.test(first);
}

function lastChar(text: string): string {
  const chars = Array.from(text);
  return chars[chars.length - 1] ?? '';
}

/**
 * The voice times whole script words; a piece gets a share of its word's time in proportion to its
 * spoken length (letters and digits: punctuation takes no time to say).
 */
function timeShares(texts: string[]): Piece[] {
  const weights = texts.map((text) => Array.from(text).filter((c) => SPOKEN.test(c)).length);
  const spoken = weights.reduce((a, b) => a + b, 0);
  const used = spoken > 0 ? weights : texts.map(codePoints);
  const total = used.reduce((a, b) => a + b, 0);
  let before = 0;
  return texts.map((text, i) => {
    const from = total > 0 ? before / total : 0;
    before += used[i];
    return { text, from, to: total > 0 ? before / total : 1 };
  });
}

/** Widths, lengths and text of runs of units, in O(1) per measure. */
export class UnitText {
  private readonly lengthBefore: number[] = [0];
  private readonly widthBefore: number[] = [0];
  private readonly spacesBefore: number[] = [0];

  constructor(private readonly units: readonly CaptionUnit[]) {
    units.forEach((unit, i) => {
      this.lengthBefore.push(this.lengthBefore[i] + unit.length);
      this.widthBefore.push(this.widthBefore[i] + unit.width);
      this.spacesBefore.push(this.spacesBefore[i] + (unit.spaceBefore ? 1 : 0));
    });
  }

  /** Columns units [from, to) take written as one line (see `lineWidth`). */
  width(from: number, to: number): number {
    if (to <= from) return 0;
    return (
      this.widthBefore[to] - this.widthBefore[from] + this.spacesBefore[to] - this.spacesBefore[from + 1]
    );
  }

  /** Characters (graphemes) of units [from, to) written as one line: what a reader reads. */
  chars(from: number, to: number): number {
    if (to <= from) return 0;
    return (
      this.lengthBefore[to] - this.lengthBefore[from] + this.spacesBefore[to] - this.spacesBefore[from + 1]
    );
  }

  text(from: number, to: number): string {
    let line = '';
    for (let k = from; k < to; k++) {
      line += k > from && this.units[k].spaceBefore ? ` ${this.units[k].text}` : this.units[k].text;
    }
    return line;
  }
}
