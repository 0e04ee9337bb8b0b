import { CaptionUnit, UnitText } from './caption-units';
import { lineBreakCost } from './break-rules';
import { fitsLine, LineWidthLimits } from './line-measure';

/** How one cue's units are set in lines. */
export interface LineLayout {
  /** Index of the first unit of each line after the first. */
  breaks: number[];
  cost: number;
}

export interface LineLimits extends LineWidthLimits {
  maxLines: number;
}

// Weight of line imbalance, squared and relative to the line length, against the break costs: a
// break after a comma keeps winning over a balanced plain break until it leaves lines of about 33
// and 9 characters (of 42). BBC Subtitle Guidelines: lines of similar length, but breaking at
// natural linguistic points comes first.
const IMBALANCE = 12;
// A longer top line is allowed, but a bottom-heavy pyramid reads better (BBC, Netflix).
const TOP_HEAVY = 2;

/**
 * Set units [from, to) in as few lines as fit (Netflix: keep a subtitle to one line when it fits),
 * choosing the breaks that read best. Null when they do not fit in `maxLines`.
 */
export function layoutLines(
  units: readonly CaptionUnit[],
  text: UnitText,
  from: number,
  to: number,
  limits: LineLimits,
): LineLayout | null {
  const count = minimumLines(text, from, to, limits);
  if (count === null || count > limits.maxLines) return null;
  if (count === 1) return { breaks: [], cost: 0 };
  if (count === 2) return bestTwoLines(units, text, from, to, limits);
  return bestManyLines(units, text, from, to, limits, count);
}

/** Greedy filling gives the fewest lines; null if one unit is wider than a line. */
function minimumLines(text: UnitText, from: number, to: number, limits: LineWidthLimits): number | null {
  let lines = 1;
  let lineStart = from;
  for (let k = from; k < to; k++) {
    if (!fitsLine(text.width(k, k + 1), limits)) return null;
    if (!fitsLine(text.width(lineStart, k + 1), limits)) {
      lines++;
      lineStart = k;
    }
  }
  return lines;
}

function bestTwoLines(
  units: readonly CaptionUnit[],
  text: UnitText,
  from: number,
  to: number,
  limits: LineWidthLimits,
): LineLayout | null {
  const max = limits.maxCharsPerLine;
  let best: LineLayout | null = null;
  for (let split = from + 1; split < to; split++) {
    const top = text.width(from, split);
    const bottom = text.width(split, to);
    if (!fitsLine(top, limits) || !fitsLine(bottom, limits)) continue;
    const imbalance = (top - bottom) / max;
    const cost =
      lineBreakCost(units, split - 1) +
      IMBALANCE * imbalance * imbalance +
      (top > bottom ? TOP_HEAVY * imbalance : 0);
    if (best === null || cost < best.cost) best = { breaks: [split], cost };
  }
  return best;
}

/** For three lines or more: dynamic programming over break positions, lines kept near the mean. */
function bestManyLines(
  units: readonly CaptionUnit[],
  text: UnitText,
  from: number,
  to: number,
  limits: LineWidthLimits,
  count: number,
): LineLayout | null {
  const max = limits.maxCharsPerLine;
  const mean = text.width(from, to) / count;
  const lineCost = (a: number, b: number): number => {
    const deviation = (text.width(a, b) - mean) / max;
    return 2 * IMBALANCE * deviation * deviation;
  };
  // cost[l][k]: best cost of setting units [from, k) in l lines; prev[l][k]: where line l starts.
  const size = to - from + 1;
  const cost: number[][] = Array.from({ length: count + 1 }, () => new Array<number>(size).fill(Infinity));
  const prev: number[][] = Array.from({ length: count + 1 }, () => new Array<number>(size).fill(-1));
  cost[0][0] = 0;
  for (let l = 1; l <= count; l++) {
    for (let k = from + 1; k <= to; k++) {
      for (let start = k - 1; start >= from; start--) {
        if (!fitsLine(text.width(start, k), limits)) break;
        const before = cost[l - 1][start - from];
        if (before === Infinity) continue;
        const breakCost = start > from ? lineBreakCost(units, start - 1) : 0;
        const total = before + breakCost + lineCost(start, k);
        if (total < cost[l][k - from]) {
          cost[l][k - from] = total;
          prev[l][k - from] = start;
        }
      }
    }
  }
  if (cost[count][to - from] === Infinity) return null;
  const breaks: number[] = [];
  let k = to;
  for (let l = count; l > 1; l--) {
    k = prev[l][k - from];
    breaks.unshift(k);
  }
  return { breaks, cost: cost[count][to - from] };
}
