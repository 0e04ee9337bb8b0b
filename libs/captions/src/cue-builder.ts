import { ClipwrightError, ErrorCode, WordTiming } from '@app/core';
import { CaptionUnit, toCaptionUnits, UnitText } from './caption-units';
import { cueBreakCost, FORCED_BREAK_PAUSE, pauseAfter } from './break-rules';
import { resolveCueOptions } from './cue-options';
import { Cue, CueOptions, CueWord } from './cue.types';
import { layoutLines, LineLayout } from './line-breaker';
import { ceilToMs, floorToMs, roundToMs } from './time-format';

/**
 * Netflix Timed Text Style Guide (subtitle timing): a gap shorter than half a second between two
 * subtitles flickers, so it is closed down to the minimum gap. The caption stays longer, which only
 * helps the reading speed.
 */
const CLOSE_GAPS_UNDER = 0.5;
/** The last cue may stay this long after the last word, to be read to the end. */
const LAST_CUE_TAIL = 1.5;

// Costs the search minimises. A broken timing rule outweighs any matter of style, and among broken
// cues the search prefers the fewest, then the smallest shortfall in seconds. The cost per cue makes
// it fill cues rather than scatter the text over many short ones.
const CUE_COST = 6;
const RULE_BROKEN_COST = 100;
const SHORTFALL_COST_PER_SECOND = 1000;
const OVERWIDE_COST = 1000;

interface CueChoice {
  from: number;
  to: number;
  layout: LineLayout;
  end: number;
}

/**
 * Turn word timings into caption cues. Every cue starts exactly when its first word is spoken and is
 * held past its last word, into the pause before the next cue, until it has been up long enough to
 * read (reading speed and minimum duration). The cue boundaries are chosen together, by dynamic
 * programming over the places between words, so that this is possible wherever the speech allows;
 * where it does not, the cues come out as close as they can and `checkCues` names what is broken.
 */
export function buildCues(words: WordTiming[], options?: Partial<CueOptions>): Cue[] {
  const o = resolveCueOptions(options);
  const units = toCaptionUnits(words, o);
  if (units.length === 0) return [];
  const text = new UnitText(units);
  const lastWordEnd = units.reduce((latest, u) => Math.max(latest, u.end), -Infinity);
  // Full lines plus the spaces that their breaks replace.
  const maxCueWidth = o.maxLines * o.maxCharsPerLine + o.maxLines - 1;

  // best[j]: least cost of captioning units [0, j); choice[j]: the last cue of that captioning.
  const n = units.length;
  const best = new Array<number>(n + 1).fill(Infinity);
  const choice = new Array<CueChoice | undefined>(n + 1);
  best[0] = 0;
  for (let to = 1; to <= n; to++) {
    let lastEnd = -Infinity;
    for (let from = to - 1; from >= 0; from--) {
      lastEnd = Math.max(lastEnd, units[from].end);
      if (from < to - 1) {
        // Growing the cue backwards: stop at a long pause, a full screen or a cue held too long.
        if (pauseAfter(units, from) >= FORCED_BREAK_PAUSE) break;
        if (text.width(from, to) > maxCueWidth + 1e-9) break;
        if (lastEnd - units[from].start > o.maxDuration) break;
      }
      // Fewer units never need more lines, so once they do not fit, more units will not either.
      let layout = layoutLines(units, text, from, to, o);
      if (layout === null) {
        if (from < to - 1) break;
        // A single grapheme wider than a line (only with absurdly small limits): shown as it is.
        layout = { breaks: [], cost: OVERWIDE_COST };
      }
      if (best[from] === Infinity) continue;
      const chars = text.chars(from, to) - spacesAtBreaks(units, layout);
      const timing = timeCue(units, from, to, chars, lastEnd, lastWordEnd, o);
      const cost =
        best[from] +
        CUE_COST +
        layout.cost +
        (to < n ? cueBreakCost(units, to - 1) : 0) +
        (timing.shortfall > 0 ? RULE_BROKEN_COST + SHORTFALL_COST_PER_SECOND * timing.shortfall : 0);
      if (cost < best[to]) {
        best[to] = cost;
        choice[to] = { from, to, layout, end: timing.end };
      }
    }
  }

  const cues: Cue[] = [];
  let to = n;
  while (to > 0) {
    const c = choice[to];
    if (c === undefined) {
      throw new ClipwrightError(ErrorCode.Internal, `No caption layout reaches unit ${to}`);
    }
    const starts = [c.from, ...c.layout.breaks, c.to];
    const lines = starts.slice(0, -1).map((start, i) => text.text(start, starts[i + 1]));
    cues.unshift({ start: units[c.from].start, end: c.end, lines, words: cueWords(units, starts) });
    to = c.from;
  }
  return cues;
}

/** The cue's units as timed words on their lines, for karaoke highlighting. */
function cueWords(units: readonly CaptionUnit[], starts: readonly number[]): CueWord[] {
  const words: CueWord[] = [];
  for (let line = 0; line < starts.length - 1; line++) {
    for (let k = starts[line]; k < starts[line + 1]; k++) {
      const u = units[k];
      words.push({
        text: u.text,
        start: u.start,
        end: u.end,
        line,
        spaceBefore: k > starts[line] && u.spaceBefore,
      });
    }
  }
  return words;
}

/** Spaces that become line breaks are not shown, so they do not count as characters to read. */
function spacesAtBreaks(units: readonly CaptionUnit[], layout: LineLayout): number {
  return layout.breaks.reduce((sum, k) => sum + (units[k].spaceBefore ? 1 : 0), 0);
}

/**
 * When cue [from, to) can end, and how many seconds it falls short of the time needed to read it.
 * Ends are whole milliseconds, reckoned from the start as SRT and WebVTT will carry it, so the rules
 * hold on the written files too and not only on these numbers.
 */
function timeCue(
  units: readonly CaptionUnit[],
  from: number,
  to: number,
  chars: number,
  lastEnd: number,
  lastWordEnd: number,
  o: CueOptions,
): { end: number; shortfall: number } {
  const start = units[from].start;
  const writtenStart = roundToMs(start);
  const earliestStart = Math.min(start, writtenStart);
  const latestStart = Math.max(start, writtenStart);
  const needed = Math.max(o.minDuration, chars / o.maxCharsPerSecond);
  const next = to < units.length ? units[to].start : undefined;
  let limit =
    next === undefined
      ? floorToMs(lastWordEnd + LAST_CUE_TAIL)
      : floorToMs(Math.min(next, roundToMs(next)) - o.minGap);
  limit = Math.min(limit, floorToMs(earliestStart + o.maxDuration));
  let end = Math.max(ceilToMs(lastEnd), ceilToMs(latestStart + needed));
  if (next !== undefined && next - end < CLOSE_GAPS_UNDER) end = Math.max(end, limit);
  end = Math.min(end, limit);
  // Only when the next word starts within minGap of this cue's first: the cue must still last.
  if (end <= start) end = ceilToMs(latestStart + 0.001);
  return { end, shortfall: Math.max(0, needed - (end - start) - 1e-9) };
}
