import { ClipwrightError, ErrorCode, isCjkChar } from '@app/core';
import { toCaptionUnits, UnitText } from './caption-units';
import { resolveCueOptions } from './cue-options';
import { Cue, CueOptions } from './cue.types';
import { layoutLines } from './line-breaker';

/** A translated script a user supplies for a clip: its language and its whole text. */
export interface TranslatedScript {
  /** BCP 47 language tag: "es", "zh-Hans". */
  language: string;
  text: string;
}

// Within this share of a cue's translated length, a cut after punctuation beats the nearest word end.
const PUNCTUATION_REACH = 0.3;
const AFTER_PUNCTUATION = /[.,;:!?…。，、；：！？]$/u;

/**
 * Captions in another language, cue by cue on the original's timing: translated cue k has original
 * cue k's start and end, and the part of the translation that corresponds to it. Sentences anchor the
 * correspondence (when both texts have as many sentences, sentence i of the translation lies within
 * the times of sentence i of the original); inside a sentence, positions map in proportion to length,
 * and each cut moves to the nearest word boundary of the translation (Intl.Segmenter words, so CJK
 * text is cut between words), or to one after punctuation nearby. Lines are then laid out with the
 * translation's own limits (CJK measured wide). A translation much longer than the original can
 * overfill a cue; `checkCues` reports it. Throws INVALID_ARGUMENT for an empty translation.
 */
export function alignTranslation(
  original: readonly Cue[],
  translation: TranslatedScript,
  options?: Partial<CueOptions>,
): Cue[] {
  const text = translation.text.replace(/\s+/gu, ' ').trim();
  if (text === '') {
    throw new ClipwrightError(ErrorCode.InvalidArgument, `The ${translation.language} translation is empty`, {
      path: `translations.${translation.language}`,
    });
  }
  const cues = original.filter((cue) => cue.lines.join('').trim() !== '');
  if (cues.length === 0) return [];
  const source = cues.map((cue) => cue.lines.join(' ')).join(' ');
  // Where each cue ends in the original, as a position in the joined text.
  const ends: number[] = [];
  let at = 0;
  for (const cue of cues) {
    at += cue.lines.join(' ').length;
    ends.push(at);
    at += 1;
  }
  const anchors = sentenceAnchors(source, text, translation.language);
  const boundaries = wordBoundaries(text, translation.language);
  const cuts: number[] = [0];
  for (let k = 0; k < cues.length - 1; k++) {
    const target = mapPosition(ends[k], anchors);
    cuts.push(Math.max(cuts[k], snap(target, boundaries, text, cuts[k])));
  }
  cuts.push(text.length);
  const o = resolveCueOptions(options);
  const out: Cue[] = [];
  cues.forEach((cue, k) => {
    const chunk = text.slice(cuts[k], cuts[k + 1]).trim();
    if (chunk !== '') out.push({ start: cue.start, end: cue.end, lines: layout(chunk, cue, o) });
  });
  return out;
}

type Anchor = readonly [number, number];

/** Pairs of matching positions in the two texts: both ends, and sentence starts when they pair up. */
function sentenceAnchors(source: string, target: string, language: string): Anchor[] {
  const a = sentenceStarts(source, 'und');
  const b = sentenceStarts(target, language);
  const pairs: Anchor[] = [[0, 0]];
  if (a.length === b.length) a.forEach((start, i) => i > 0 && pairs.push([start, b[i]]));
  pairs.push([source.length, target.length]);
  return pairs;
}

function sentenceStarts(text: string, language: string): number[] {
  const segmenter = segmenterFor(language, 'sentence');
  if (segmenter === undefined) return [0];
  return Array.from(segmenter.segment(text), (s) => s.index);
}

function mapPosition(position: number, anchors: readonly Anchor[]): number {
  for (let i = 1; i < anchors.length; i++) {
    const [a0, b0] = anchors[i - 1];
    const [a1, b1] = anchors[i];
    if (position <= a1) return a1 === a0 ? b0 : b0 + ((position - a0) / (a1 - a0)) * (b1 - b0);
  }
  return anchors[anchors.length - 1][1];
}

/** Positions in the text where a cue may end: after a word (and any punctuation after it). */
function wordBoundaries(text: string, language: string): number[] {
  const segmenter = segmenterFor(language, 'word');
  const positions = new Set<number>();
  if (segmenter === undefined) {
    for (let i = 0; i < text.length; i++) if (text[i] === ' ') positions.add(i);
  } else {
    for (const s of segmenter.segment(text)) {
      const end = s.index + s.segment.length;
      // Between two CJK letters, or at a space: never inside a Latin word or before punctuation.
      const next = text[end] ?? '';
      if (next === ' ' || (isCjkChar(next) && /\S/u.test(text[end - 1] ?? ''))) positions.add(end);
    }
  }
  return [...positions].sort((x, y) => x - y);
}

function snap(target: number, boundaries: readonly number[], text: string, after: number): number {
  const open = boundaries.filter((b) => b > after);
  if (open.length === 0) return after;
  const nearest = open.reduce((best, b) => (Math.abs(b - target) < Math.abs(best - target) ? b : best));
  const reach = Math.max(2, (target - after) * PUNCTUATION_REACH);
  const punctuated = open.filter(
    (b) => Math.abs(b - target) <= reach && AFTER_PUNCTUATION.test(text.slice(0, b).trimEnd()),
  );
  if (punctuated.length === 0) return nearest;
  return punctuated.reduce((best, b) => (Math.abs(b - target) < Math.abs(best - target) ? b : best));
}

/** Lines for a cue's translated text, broken where it reads best; more than two if it must. */
function layout(chunk: string, cue: Cue, o: CueOptions): string[] {
  // Words at spaces; a CJK run is cut into its words by the unit splitter.
  const words = chunk.split(' ').map((word) => ({ text: word, start: cue.start, end: cue.end }));
  const chosen = toCaptionUnits(words, o);
  const text = new UnitText(chosen);
  for (let lines = o.maxLines; lines <= chosen.length; lines++) {
    const found = layoutLines(chosen, text, 0, chosen.length, { ...o, maxLines: lines });
    if (found !== null) {
      const starts = [0, ...found.breaks, chosen.length];
      return starts.slice(0, -1).map((s, i) => text.text(s, starts[i + 1]));
    }
  }
  return [chunk];
}

function segmenterFor(language: string, granularity: 'word' | 'sentence'): Intl.Segmenter | undefined {
  if (typeof Intl.Segmenter !== 'function') return undefined;
  try {
    return new Intl.Segmenter(language === 'und' ? undefined : language, { granularity });
  } catch {
    return new Intl.Segmenter(undefined, { granularity });
  }
}
