import { ClipwrightError, ErrorCode } from '@app/core';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FrameLayout {
  width: number;
  height: number;
  /** 90% title-safe area: 5% margins each side. */
  safe: Rect;
  /** The opening title card's text block; only shown alone, so it may cover the other regions. */
  title: Rect;
  lowerThird: Rect;
  dataCard: Rect;
  /** Band for two lines of burned-in captions, bottom-centred. */
  captions: Rect;
  captionFontSize: number;
  label: Rect;
  bug: Rect;
}

/** At or above this width/height ratio regions sit side by side; squarer frames stack like portrait. */
const LANDSCAPE_MIN_RATIO = 1.2;
/** The design numbers below are in px of a 972 px safe side (1080p): scaled by `layoutUnit`. */
const DESIGN_SAFE = 972;
/** Advance of average running text in em (Noto Sans Bold measures 0.49), used to size captions. */
export const CAPTION_AVG_CHAR_EM = 0.5;
/** Subtitle convention: a caption line must hold this many characters. */
export const CAPTION_CHARS_PER_LINE = 42;
/** Two caption lines of a face whose line box is up to 1.4 em, plus outline room. */
const CAPTION_BAND_EM = 3.1;
const MIN_FRAME = 100;

export function isLandscape(width: number, height: number): boolean {
  return width >= height * LANDSCAPE_MIN_RATIO;
}

/** px per design px: landscape scales with the safe height, portrait with the safe width. */
export function layoutUnit(layout: Pick<FrameLayout, 'width' | 'height' | 'safe'>): number {
  const side = isLandscape(layout.width, layout.height) ? layout.safe.height : layout.safe.width;
  return side / DESIGN_SAFE;
}

export function rectRight(r: Rect): number {
  return r.x + r.width;
}

export function rectBottom(r: Rect): number {
  return r.y + r.height;
}

/** True when the rectangles share area; touching edges do not count. */
export function rectsIntersect(a: Rect, b: Rect): boolean {
  return a.x < rectRight(b) && b.x < rectRight(a) && a.y < rectBottom(b) && b.y < rectBottom(a);
}

export function rectContains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    rectRight(inner) <= rectRight(outer) &&
    rectBottom(inner) <= rectBottom(outer)
  );
}

function rect(x: number, y: number, width: number, height: number): Rect {
  return {
    x: Math.round(x),
    y: Math.round(y),
    width: Math.max(1, Math.round(width)),
    height: Math.max(1, Math.round(height)),
  };
}

/** Largest caption size at which `CAPTION_CHARS_PER_LINE` average characters fit `bandWidth` with side padding. */
function captionFontFor(bandWidth: number, padding: number, preferred: number): number {
  const fits = Math.floor((bandWidth - 2 * padding) / (CAPTION_CHARS_PER_LINE * CAPTION_AVG_CHAR_EM));
  return Math.max(8, Math.min(Math.round(preferred), fits));
}

function landscape(width: number, height: number, safe: Rect): FrameLayout {
  const u = safe.height / DESIGN_SAFE;
  const right = rectRight(safe);
  const bottom = rectBottom(safe);
  const gap = Math.round(20 * u);

  const bug = rect(safe.x, safe.y, Math.min(380 * u, safe.width * 0.3), 72 * u);
  const labelHeight = Math.round(44 * u);
  const labelWidth = Math.round(Math.min(300 * u, safe.width * 0.22));
  const label = rect(right - labelWidth, bug.y + (bug.height - labelHeight) / 2, labelWidth, labelHeight);

  const captionFontSize = captionFontFor(safe.width, 24 * u, 50 * u);
  const captionHeight = Math.round(captionFontSize * CAPTION_BAND_EM);
  const captions = rect(safe.x, bottom - captionHeight, safe.width, captionHeight);

  // The strap and the card share the band above the captions side by side, 5% of the width apart.
  const lowerHeight = Math.round(214 * u);
  const lowerThird = rect(safe.x, captions.y - gap - lowerHeight, safe.width * 0.64, lowerHeight);
  const cardWidth = Math.round(safe.width * 0.31);
  const top = rectBottom(bug) + Math.round(40 * u);
  const dataCard = rect(right - cardWidth, top, cardWidth, captions.y - gap - top);
  const title = rect(safe.x, top, safe.width * 0.7, captions.y - gap - top);

  return { width, height, safe, title, lowerThird, dataCard, captions, captionFontSize, label, bug };
}

function portrait(width: number, height: number, safe: Rect): FrameLayout {
  const u = safe.width / DESIGN_SAFE;
  const right = rectRight(safe);
  const bottom = rectBottom(safe);

  // Natural sizes first; a squat frame (square, 4:5) compresses every vertical measure alike.
  const natural = {
    bug: 72,
    label: 44,
    gapTop: 36,
    card: 700,
    cardMin: 360,
    lower: 240,
    gap: 24,
    lift: 0.05,
  };
  const captionNatural = captionFontFor(safe.width, 24 * u, 44 * u);
  const need =
    (natural.bug + natural.gapTop + natural.cardMin + natural.gapTop + natural.lower + natural.gap) * u +
    captionNatural * CAPTION_BAND_EM +
    natural.lift * safe.height;
  const v = Math.min(1, safe.height / need);
  const s = (n: number): number => Math.round(n * u * v);

  const bug = rect(safe.x, safe.y, Math.min(380 * u, safe.width * 0.5), s(natural.bug));
  const labelHeight = s(natural.label);
  const labelWidth = Math.round(Math.min(300 * u, safe.width * 0.4));
  const label = rect(right - labelWidth, bug.y + (bug.height - labelHeight) / 2, labelWidth, labelHeight);

  // Captions sit a little above the safe bottom, clear of the controls that phone apps draw there.
  const captionFontSize = Math.max(8, Math.floor(captionNatural * v));
  const captionHeight = Math.round(captionFontSize * CAPTION_BAND_EM);
  const lift = Math.round(natural.lift * safe.height * v);
  const captions = rect(safe.x, bottom - lift - captionHeight, safe.width, captionHeight);

  const lowerHeight = s(natural.lower);
  const lowerThird = rect(safe.x, captions.y - s(natural.gap) - lowerHeight, safe.width, lowerHeight);

  const top = rectBottom(bug) + s(natural.gapTop);
  const cardRoom = lowerThird.y - s(natural.gapTop) - top;
  const dataCard = rect(safe.x, top, safe.width, Math.min(s(natural.card), cardRoom));
  const title = rect(safe.x, top, safe.width, captions.y - s(natural.gap) - top);

  return { width, height, safe, title, lowerThird, dataCard, captions, captionFontSize, label, bug };
}

/**
 * Where every broadcast element goes in a frame of this size. Landscape frames put the data card
 * beside the strap; portrait and square frames stack card, strap and captions. All rectangles are
 * integers inside the 90% safe area, and bug, label, card, strap and captions never intersect.
 */
export function layoutFor(width: number, height: number): FrameLayout {
  if (!Number.isFinite(width) || !Number.isFinite(height) || width < MIN_FRAME || height < MIN_FRAME) {
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `A frame must be at least ${MIN_FRAME}x${MIN_FRAME} px, got ${width}x${height}`,
      { detail: { width, height } },
    );
  }
  const w = Math.round(width);
  const h = Math.round(height);
  const mx = Math.round(w * 0.05);
  const my = Math.round(h * 0.05);
  const safe: Rect = { x: mx, y: my, width: w - 2 * mx, height: h - 2 * my };
  return isLandscape(w, h) ? landscape(w, h, safe) : portrait(w, h, safe);
}
