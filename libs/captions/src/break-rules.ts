import { CaptionUnit } from './caption-units';

/**
 * A pause this long always ends a cue: the speaker has stopped, so should the caption, and the next
 * cue then starts on the word that breaks the silence (broadcast QC checks every onset after an
 * audible pause). Sentence pauses of our voices are about 0.5 s; a comma's catch of breath is under
 * 0.2 s and does not force a cut.
 */
export const FORCED_BREAK_PAUSE = 0.35;
/** A pause this long marks a phrase boundary worth breaking at when there is no punctuation. */
export const PHRASE_PAUSE = 0.25;

interface BreakWeights {
  sentence: number;
  clause: number;
  pause: number;
  plain: number;
  /** No punctuation or pause, but the next word opens a phrase ("… | of damage", "… | 600 metres"). */
  phrase: number;
  /** One word cut off by punctuation on one side and the break on the other ("…Taiwan. The"). */
  orphan: number;
  /** A short bare word left at the end ("…said the"); twice this for a bare number ("…up to 600"). */
  dangling: number;
  /**
   * A break the guidelines forbid ("St. | George", "10 | km", "Hualien | City"): high enough that
   * it is taken only when no other break fits the limits.
   */
  held: number;
}

// Relative costs of where to break, after the BBC Subtitle Guidelines ("Line breaks" and "Breaking
// between subtitles") and the Netflix Timed Text Style Guide: sentence end, then clause end, then a
// pause; never between an article or preposition and what follows. A cue break weighs more than a
// line break because the reader loses the whole screen, not just the line.
const CUE: BreakWeights = {
  sentence: 0,
  clause: 5,
  pause: 9,
  phrase: 15,
  plain: 20,
  orphan: 8,
  dangling: 8,
  held: 80,
};
const LINE: BreakWeights = {
  sentence: 0,
  clause: 1,
  pause: 2,
  phrase: 3,
  plain: 6,
  orphan: 4,
  dangling: 5,
  held: 40,
};

export function pauseAfter(units: readonly CaptionUnit[], k: number): number {
  return units[k + 1].start - units[k].end;
}

/** Cost of ending a cue after unit `k` (the next cue starts with unit k + 1). */
export function cueBreakCost(units: readonly CaptionUnit[], k: number): number {
  return breakCost(units, k, CUE);
}

/** Cost of ending a line after unit `k` inside one cue. */
export function lineBreakCost(units: readonly CaptionUnit[], k: number): number {
  return breakCost(units, k, LINE);
}

function breakCost(units: readonly CaptionUnit[], k: number, w: BreakWeights): number {
  const unit = units[k];
  const next = units[k + 1];
  let cost: number;
  if (unit.punctuation === 'sentence') cost = w.sentence;
  else if (unit.punctuation === 'clause') cost = w.clause;
  else if (next !== undefined && pauseAfter(units, k) >= PHRASE_PAUSE) cost = w.pause;
  // Prepositions, conjunctions and articles open a phrase: breaking before them keeps it together.
  else if (next !== undefined && next.opensPhrase && unit.glue === 0) cost = w.phrase;
  else cost = w.plain;
  if (unit.punctuation === 'none') cost += w.dangling * unit.glue;
  if (unit.holdsNext) cost += w.held;
  // The word after the break closes a sentence or clause alone ("it. | Next…" seen from the left).
  if (next !== undefined && unit.punctuation === 'none' && next.punctuation !== 'none') cost += w.orphan;
  // The word before the break opens a new sentence or clause alone ("Taiwan. The |").
  const previous = units[k - 1];
  if (previous !== undefined && previous.punctuation !== 'none' && unit.punctuation === 'none') {
    cost += w.orphan;
  }
  return cost;
}
