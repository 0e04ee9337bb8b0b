import type { SKRSContext2D } from '@napi-rs/canvas';
import { isEmoji, isWide } from '@app/core';
import { withoutUndrawable } from './fonts';

export interface TextStyle {
  /** A CSS font-family list, normally from `fontStack`. */
  family: string;
  weight: number;
  /** Tracking in em; broadcast caps read better slightly spaced. */
  letterSpacing?: number;
  uppercase?: boolean;
}

export interface FitRequest extends TextStyle {
  maxWidth: number;
  maxSize: number;
  minSize: number;
  /** Default 1. Lines are balanced, so a two-line title does not end on a lone word. */
  maxLines?: number;
  /** Baseline-to-baseline distance in em; default 1.2. */
  lineHeight?: number;
  /** Height limit for the block, measured as `heightBy` says. */
  maxHeight?: number;
  /**
   * 'ink' (default): top of accented capitals to bottom of descenders, see `inkHeight`.
   * 'caps': cap line to last baseline, see `capBlockHeight`, for boxes whose padding takes the rest.
   */
  heightBy?: 'ink' | 'caps';
}

/** Vertical metrics in em, measured from the real font so the layout follows whichever face was found. */
export interface FontMetrics {
  cap: number;
  ascent: number;
  descent: number;
}

export interface FittedText {
  lines: string[];
  widths: number[];
  /** Widest line, in px, without the trailing tracking. */
  width: number;
  size: number;
  font: string;
  letterSpacingPx: number;
  lineHeightPx: number;
  metrics: FontMetrics;
  /** True when the text was cut and ends in an ellipsis. */
  truncated: boolean;
}

/** A piece of text that may start a line; `space` says whether a space separates it from the piece before. */
export interface Segment {
  text: string;
  space: boolean;
}

const ELLIPSIS = '…';
// Kinsoku: these never start a line (closing marks) or end one (opening marks), in CJK and Latin text.
const NO_LINE_START = new Set([...'、。，．：；？！）」』】》〉〕｝］…‥ーゝゞ々・％,.;:!?)]}%']);
const NO_LINE_END = new Set([...'（「『【《〈〔｛［']);

/**
 * A wide character (UAX #11 W/F, the measure captions use too) may stand on a line of its own
 * (UAX #14 class ID). Emoji are left out: code point by code point, a line could end inside a ZWJ sequence.
 */
function breaksAround(ch: string): boolean {
  return isWide(ch) && !isEmoji(ch);
}

export function normalizeText(text: string, uppercase = false): string {
  const clean = withoutUndrawable(text)
    .normalize('NFC')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return uppercase ? clean.toUpperCase() : clean;
}

/**
 * Splits text at its line-break opportunities: spaces, after a hyphen or slash inside a word, and
 * between ideographs (CJK has no spaces), keeping closing punctuation on the line before.
 */
export function segment(text: string): Segment[] {
  const segs: Segment[] = [];
  let cur = '';
  let curSpace = false;
  let pendingSpace = false;
  let glue = false;
  let prev = '';
  const flush = (): void => {
    if (cur) segs.push({ text: cur, space: curSpace });
    cur = '';
  };
  const add = (ch: string): void => {
    if (!cur) {
      curSpace = pendingSpace && segs.length > 0;
      pendingSpace = false;
    }
    cur += ch;
  };
  for (const ch of text) {
    const before = prev;
    prev = ch;
    if (/\s/u.test(ch)) {
      flush();
      glue = false;
      pendingSpace = true;
      continue;
    }
    if (NO_LINE_START.has(ch) && !pendingSpace && !cur && segs.length > 0) {
      segs[segs.length - 1].text += ch;
      continue;
    }
    if (breaksAround(ch) && !NO_LINE_START.has(ch)) {
      if (!glue) flush();
      add(ch);
      glue = NO_LINE_END.has(ch);
      if (!glue) flush();
      continue;
    }
    add(ch);
    glue = NO_LINE_END.has(ch);
    if ((ch === '-' || ch === '/') && cur.length > 1 && /\p{L}/u.test(before)) flush();
  }
  flush();
  return segs;
}

export function joinSegments(segs: readonly Segment[]): string {
  return segs.map((s, i) => (i > 0 && s.space ? ' ' : '') + s.text).join('');
}

export function fontString(style: TextStyle, size: number): string {
  return `${style.weight} ${size}px ${style.family}`;
}

/** Width of `text` as drawn, without the tracking canvas adds after the last glyph. */
export function measureWidth(
  ctx: SKRSContext2D,
  font: string,
  letterSpacingPx: number,
  text: string,
): number {
  if (!text) return 0;
  ctx.font = font;
  ctx.letterSpacing = `${letterSpacingPx}px`;
  return Math.max(0, ctx.measureText(text).width - letterSpacingPx);
}

const metricsCache = new Map<string, FontMetrics>();

export function fontMetrics(ctx: SKRSContext2D, style: TextStyle): FontMetrics {
  const key = `${style.weight}|${style.family}`;
  const hit = metricsCache.get(key);
  if (hit) return hit;
  ctx.font = fontString(style, 100);
  ctx.letterSpacing = '0px';
  const cap = ctx.measureText('H').actualBoundingBoxAscent / 100 || 0.72;
  const ascent = Math.max(cap, ctx.measureText('ÅÉÎÑ|').actualBoundingBoxAscent / 100);
  const descent = Math.max(0.2, ctx.measureText('gjpqy|').actualBoundingBoxDescent / 100);
  const m = { cap, ascent, descent };
  metricsCache.set(key, m);
  return m;
}

/** Height from the top of the tallest glyph on the first line to the lowest descender on the last. */
export function inkHeight(f: Pick<FittedText, 'lines' | 'size' | 'lineHeightPx' | 'metrics'>): number {
  if (f.lines.length === 0) return 0;
  return (f.metrics.ascent + f.metrics.descent) * f.size + (f.lines.length - 1) * f.lineHeightPx;
}

/** Height from the cap line of the first line to the baseline of the last: what the eye centres on. */
export function capBlockHeight(f: Pick<FittedText, 'lines' | 'size' | 'lineHeightPx' | 'metrics'>): number {
  if (f.lines.length === 0) return 0;
  return f.metrics.cap * f.size + (f.lines.length - 1) * f.lineHeightPx;
}

type Measure = (text: string) => number;

interface Wrapped {
  lines: Segment[][];
  overflow: boolean;
}

function splitToWidth(seg: Segment, maxWidth: number, measure: Measure): Segment[] {
  const chars = [...seg.text];
  const pieces: Segment[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = start + 1;
    while (end < chars.length && measure(chars.slice(start, end + 1).join('')) <= maxWidth) end++;
    pieces.push({ text: chars.slice(start, end).join(''), space: start === 0 ? seg.space : false });
    start = end;
  }
  return pieces;
}

/** Greedy fill; with `hardBreak`, words wider than a line are cut between characters. */
function wrapGreedy(
  segs: readonly Segment[],
  maxWidth: number,
  measure: Measure,
  hardBreak: boolean,
): Wrapped {
  const lines: Segment[][] = [];
  let cur: Segment[] = [];
  const queue = [...segs];
  for (let i = 0; i < queue.length; i++) {
    const seg = queue[i];
    if (cur.length === 0) {
      if (hardBreak && measure(seg.text) > maxWidth && [...seg.text].length > 1) {
        queue.splice(i, 1, ...splitToWidth(seg, maxWidth, measure));
        i--;
        continue;
      }
      cur = [seg];
      continue;
    }
    if (measure(joinSegments([...cur, seg])) <= maxWidth) {
      cur.push(seg);
    } else {
      lines.push(cur);
      cur = [];
      i--;
    }
  }
  if (cur.length) lines.push(cur);
  const overflow = lines.some((l) => measure(joinSegments(l)) > maxWidth);
  return { lines, overflow };
}

/** Same line count as greedy at `maxWidth`, but with the narrowest measure that keeps it: even lines. */
function wrapBalanced(
  segs: readonly Segment[],
  maxWidth: number,
  measure: Measure,
  maxLines: number,
): Segment[][] | null {
  const greedy = wrapGreedy(segs, maxWidth, measure, false);
  if (greedy.overflow || greedy.lines.length > maxLines) return null;
  const count = greedy.lines.length;
  if (count < 2) return greedy.lines;
  let lo = 0;
  let hi = maxWidth;
  let best = greedy.lines;
  while (hi - lo > 0.5) {
    const mid = (lo + hi) / 2;
    const w = wrapGreedy(segs, mid, measure, false);
    if (!w.overflow && w.lines.length <= count) {
      hi = mid;
      best = w.lines;
    } else {
      lo = mid;
    }
  }
  return best;
}

function trimForEllipsis(text: string): string {
  return text.replace(/[\s,;:.\-–—·/|(（「]+$/u, '');
}

/** Longest prefix of `text` that fits with an ellipsis appended. */
export function ellipsize(text: string, maxWidth: number, measure: Measure): string {
  if (measure(text) <= maxWidth) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(trimForEllipsis(chars.slice(0, mid).join('')) + ELLIPSIS) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  const head = trimForEllipsis(chars.slice(0, lo).join(''));
  if (head) return head + ELLIPSIS;
  return measure(ELLIPSIS) <= maxWidth ? ELLIPSIS : '';
}

/**
 * Fits text into a box: at the largest size first with up to `maxLines` balanced lines, then
 * shrinking (whole pixels) to `minSize`, and only then cutting words and ending on an ellipsis.
 * The result never exceeds `maxWidth` nor `maxHeight`.
 */
export function fitText(ctx: SKRSContext2D, text: string, req: FitRequest): FittedText {
  const clean = normalizeText(text, req.uppercase);
  const segs = segment(clean);
  const maxLines = Math.max(1, Math.floor(req.maxLines ?? 1));
  const lineHeightEm = req.lineHeight ?? 1.2;
  const metrics = fontMetrics(ctx, req);
  const maxWidth = Math.max(1, req.maxWidth);
  const minSize = Math.max(1, Math.floor(Math.min(req.minSize, req.maxSize)));
  const maxSize = Math.max(minSize, Math.floor(req.maxSize));
  const linesAllowed = (size: number): number => {
    if (req.maxHeight === undefined) return maxLines;
    const first = req.heightBy === 'caps' ? metrics.cap : metrics.ascent + metrics.descent;
    const spare = req.maxHeight - first * size;
    return spare < 0 ? 0 : Math.min(maxLines, 1 + Math.floor(spare / (size * lineHeightEm) + 1e-9));
  };
  const build = (size: number, lines: string[], truncated: boolean): FittedText => {
    const font = fontString(req, size);
    const letterSpacingPx = (req.letterSpacing ?? 0) * size;
    const widths = lines.map((l) => measureWidth(ctx, font, letterSpacingPx, l));
    return {
      lines,
      widths,
      width: Math.max(0, ...widths),
      size,
      font,
      letterSpacingPx,
      lineHeightPx: size * lineHeightEm,
      metrics,
      truncated,
    };
  };
  const measurer = (size: number): Measure => {
    const font = fontString(req, size);
    const ls = (req.letterSpacing ?? 0) * size;
    const cache = new Map<string, number>();
    return (s) => {
      let w = cache.get(s);
      if (w === undefined) {
        w = measureWidth(ctx, font, ls, s);
        cache.set(s, w);
      }
      return w;
    };
  };

  if (segs.length === 0) return build(maxSize, [], false);

  const attempt = (size: number): Segment[][] | null => {
    const allowed = linesAllowed(size);
    return allowed < 1 ? null : wrapBalanced(segs, maxWidth, measurer(size), allowed);
  };
  // Smaller text never needs more room, so the largest size that fits is found by bisection.
  let fitted = attempt(maxSize);
  let best = maxSize;
  if (!fitted && maxSize > minSize) {
    const floor = attempt(minSize);
    if (floor) {
      let lo = minSize;
      let hi = maxSize;
      fitted = floor;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        const lines = attempt(mid);
        if (lines) {
          lo = mid;
          fitted = lines;
        } else {
          hi = mid;
        }
      }
      best = lo;
    }
  }
  if (fitted) return build(best, fitted.map(joinSegments), false);

  // Nothing fits whole even at the floor: fill the allowed lines and cut the rest.
  let size = minSize;
  while (size > 1 && linesAllowed(size) < 1) size--;
  const allowed = Math.max(1, linesAllowed(size));
  const measure = measurer(size);
  if (allowed === 1) {
    const line = ellipsize(clean, maxWidth, measure);
    return build(size, line ? [line] : [], line !== clean);
  }
  const wrapped = wrapGreedy(segs, maxWidth, measure, true).lines;
  const kept = wrapped.slice(0, allowed - 1).map(joinSegments);
  const rest = joinSegments(wrapped.slice(allowed - 1).flat());
  const last = ellipsize(rest, maxWidth, measure);
  const lines = [...kept, last].filter((l) => l !== '');
  return build(size, lines, wrapped.length > allowed || last !== rest);
}

export type Align = 'left' | 'center' | 'right';

/**
 * Draws fitted lines with the first baseline at `baseline`; `x`/`boxWidth` give the column the
 * lines are aligned in. Alignment is done here rather than with textAlign so that tracking after
 * the last glyph does not shift centred or right-aligned text.
 */
export function drawFitted(
  ctx: SKRSContext2D,
  f: FittedText,
  x: number,
  baseline: number,
  color: string,
  align: Align = 'left',
  boxWidth = f.width,
): void {
  ctx.save();
  ctx.font = f.font;
  ctx.letterSpacing = `${f.letterSpacingPx}px`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = color;
  f.lines.forEach((line, i) => {
    const w = f.widths[i];
    const dx = align === 'left' ? 0 : align === 'center' ? (boxWidth - w) / 2 : boxWidth - w;
    ctx.fillText(line, x + dx, baseline + i * f.lineHeightPx);
  });
  ctx.restore();
}
