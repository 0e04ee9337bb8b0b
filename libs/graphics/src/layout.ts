import {
  ClipwrightError,
  ErrorCode,
  isLandscape,
  type Rect,
  rectBottom,
  rectRight,
  rectsIntersect,
} from '@app/core';

export { isLandscape, rectBottom, rectContains, rectRight, rectsIntersect, type Rect } from '@app/core';

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
  /**
   * Where the synthetic anchor's clip goes, when one was asked for (`layoutFor(w, h, { presenter })`).
   * The figure is a 4:5 bust drawn bottom-centred inside it (see `presenterHeadRect`).
   */
  presenter?: Rect;
  presenterPlacement?: PresenterPlacement;
}

/**
 * Where the presenter stands. Landscape: 'right-third' / 'left-third' give it a full-height third at
 * that edge and move every text-bearing region into the other two thirds; 'pip' is a small box in
 * the card's corner above the captions; 'full' is the whole frame (the default regions already
 * leave the head clear). Tall portrait (9:16): 'lower-half' and 'full' run it from below the card
 * (or, in a scene without one, below the bug) to the bottom edge, the strap and captions over its
 * chest; where the strap cannot pass under the chin it stands on the strap instead. Square and 4:5
 * frames with a data card stand it in a full-height column beside the card (about half the width).
 * 'pip' is a box above the strap. A landscape 'lower-half' is taken as 'right-third', a portrait
 * third as 'lower-half' (or the side column, in a squat frame with a card).
 */
export type PresenterPlacement = 'right-third' | 'left-third' | 'lower-half' | 'full' | 'pip';

export interface LayoutOptions {
  presenter?: PresenterPlacement;
  /**
   * Whether the scene holds a data card (default true). A scene without one gives its slot to the
   * presenter instead of reserving it: a square frame would otherwise leave the anchor a sliver.
   */
  dataCard?: boolean;
}

/**
 * The smallest head a presenter may have, as a fraction of the frame's height (a picture-in-picture
 * box in a square frame is about 0.09): below it the anchor is a speck no viewer can lip-read, and
 * a template asking for it is refused at load.
 */
export const PRESENTER_MIN_HEAD = 0.08;

/** Width / height of the presenters' art (models/presenters: 1000 x 1250 art units). */
export const PRESENTER_ASPECT = 0.8;
/**
 * The part of a presenter's art that holds the head (hair to chin, ears included), as fractions of
 * the figure: the built-in presenters keep their heads inside it, and text never covers it.
 */
export const PRESENTER_HEAD = { left: 0.26, right: 0.74, top: 0.08, bottom: 0.56 } as const;

/** The design numbers below are in px of a 972 px safe side (1080p): scaled by `layoutUnit`. */
const DESIGN_SAFE = 972;
/** Advance of average running text in em (Noto Sans Bold measures 0.49), used to size captions. */
export const CAPTION_AVG_CHAR_EM = 0.5;
/** Subtitle convention: a caption line must hold this many characters. */
export const CAPTION_CHARS_PER_LINE = 42;
/** Two caption lines of a face whose line box is up to 1.4 em, plus outline room. */
const CAPTION_BAND_EM = 3.1;
const MIN_FRAME = 100;

/** px per design px: landscape scales with the safe height, portrait with the safe width. */
export function layoutUnit(layout: Pick<FrameLayout, 'width' | 'height' | 'safe'>): number {
  const side = isLandscape(layout.width, layout.height) ? layout.safe.height : layout.safe.width;
  return side / DESIGN_SAFE;
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

/** Where the figure's head lands in a presenter rectangle: the 4:5 bust fitted bottom-centred, as it is drawn. */
export function presenterHeadRect(presenter: Rect): Rect {
  const scale = Math.min(presenter.width / PRESENTER_ASPECT, presenter.height);
  const fw = scale * PRESENTER_ASPECT;
  const fx = presenter.x + (presenter.width - fw) / 2;
  const fy = presenter.y + presenter.height - scale;
  const x = Math.floor(fx + fw * PRESENTER_HEAD.left);
  const y = Math.floor(fy + scale * PRESENTER_HEAD.top);
  return {
    x,
    y,
    width: Math.ceil(fx + fw * PRESENTER_HEAD.right) - x,
    height: Math.ceil(fy + scale * PRESENTER_HEAD.bottom) - y,
  };
}

/**
 * The presenter in a full-height column at one edge (a third of a landscape frame; about half of a
 * square or 4:5 one): text moves into the rest of the width.
 */
function sideColumn(l: FrameLayout, side: 'left' | 'right', share: number): FrameLayout {
  const { width: w, height: h, safe } = l;
  const u = layoutUnit(l);
  const gap = Math.round(20 * u);
  const third = Math.round(w * share);
  // Below the bug and the label, down to the frame's edge: a bust is cut by the frame, as on air.
  const top = Math.max(rectBottom(l.bug), rectBottom(l.label)) + gap;
  const presenter = rect(side === 'right' ? w - third : 0, top, third, h - top);
  const x0 = side === 'right' ? safe.x : Math.max(safe.x, rectRight(presenter) + gap);
  const x1 = side === 'right' ? Math.min(rectRight(safe), presenter.x - gap) : rectRight(safe);
  const columnWidth = x1 - x0;

  // Beside a landscape third the captions keep to the text column; beside a half-width column
  // (square, 4:5) that column is too narrow for 42 characters, so they keep their full-width band
  // low over the presenter's chest, clear of the head.
  const wide = share > 0.4 && !rectsIntersect(l.captions, presenterHeadRect(presenter));
  const captionFontSize = wide ? l.captionFontSize : captionFontFor(columnWidth, 24 * u, 50 * u);
  const captionHeight = Math.round(captionFontSize * CAPTION_BAND_EM);
  const captions = wide ? l.captions : rect(x0, rectBottom(safe) - captionHeight, columnWidth, captionHeight);
  const lowerThird = rect(x0, captions.y - gap - l.lowerThird.height, columnWidth, l.lowerThird.height);
  // The card keeps its width where it can and sits on the side away from the presenter.
  const cardWidth = Math.min(l.dataCard.width, Math.round(columnWidth * (share > 0.4 ? 1 : 0.6)));
  const cardTop = l.dataCard.y;
  const dataCard = rect(
    side === 'right' ? x0 : x1 - cardWidth,
    cardTop,
    cardWidth,
    lowerThird.y - gap - cardTop,
  );
  const title = rect(x0, cardTop, columnWidth, captions.y - gap - cardTop);
  return { ...l, title, lowerThird, dataCard, captions, captionFontSize, presenter };
}

/** A small 4:5 box in the landscape card's column, sitting on the captions; the card ends above it. */
function landscapePip(l: FrameLayout): FrameLayout {
  const u = l.safe.height / DESIGN_SAFE;
  const gap = Math.round(20 * u);
  const boxHeight = Math.round(Math.min(l.safe.height * 0.4, (l.dataCard.height - gap) * 0.6));
  const boxWidth = Math.min(l.dataCard.width, Math.round(boxHeight * PRESENTER_ASPECT));
  const presenter = rect(rectRight(l.safe) - boxWidth, l.captions.y - gap - boxHeight, boxWidth, boxHeight);
  const dataCard = rect(l.dataCard.x, l.dataCard.y, l.dataCard.width, presenter.y - gap - l.dataCard.y);
  return { ...l, dataCard, presenter };
}

/**
 * Portrait: the card (when the scene holds one) shortened to its minimum so the presenter gets the
 * rest of the frame down to the bottom edge.
 */
function portraitPresenter(
  l: FrameLayout,
  placement: 'lower-half' | 'full' | 'pip',
  holdsCard: boolean,
): FrameLayout {
  const u = l.safe.width / DESIGN_SAFE;
  const gap = Math.max(1, Math.round(24 * u * Math.min(1, l.dataCard.height / Math.max(1, 700 * u))));
  if (placement === 'pip') {
    const boxWidth = Math.round(l.safe.width * 0.36);
    const boxHeight = Math.min(
      Math.round(boxWidth / PRESENTER_ASPECT),
      Math.round((l.lowerThird.y - l.dataCard.y) * 0.5),
    );
    const presenter = rect(
      rectRight(l.safe) - Math.round(boxHeight * PRESENTER_ASPECT),
      l.lowerThird.y - gap - boxHeight,
      Math.round(boxHeight * PRESENTER_ASPECT),
      boxHeight,
    );
    const dataCard = rect(l.dataCard.x, l.dataCard.y, l.dataCard.width, presenter.y - gap - l.dataCard.y);
    return { ...l, dataCard, presenter };
  }
  const cardHeight = Math.min(l.dataCard.height, Math.round(360 * u));
  const dataCard = rect(l.dataCard.x, l.dataCard.y, l.dataCard.width, cardHeight);
  // Without a card the presenter starts below the bug and the label.
  const top = holdsCard ? rectBottom(dataCard) + gap : Math.max(rectBottom(l.bug), rectBottom(l.label)) + gap;
  // Framed to the frame's bottom edge, as on air (a torso ending above the captions floats in
  // mid-air); the strap and captions pass over the chest.
  let presenter = rect(0, top, l.width, l.height - top);
  // A squat frame leaves too little height for the strap to pass under the chin: there the
  // presenter stands on the strap instead.
  if (rectsIntersect(presenterHeadRect(presenter), l.lowerThird)) {
    presenter = rect(0, top, l.width, l.lowerThird.y - gap - top);
  }
  return { ...l, dataCard, presenter };
}

/** Frames from 4:5 to 1:1: too short to stack a card above a readable presenter. */
function isSquat(l: FrameLayout): boolean {
  return !isLandscape(l.width, l.height) && l.height < l.width * 1.5;
}

function withPresenter(l: FrameLayout, placement: PresenterPlacement, holdsCard: boolean): FrameLayout {
  const landscapeFrame = isLandscape(l.width, l.height);
  let out: FrameLayout;
  if (landscapeFrame) {
    if (placement === 'full') out = { ...l, presenter: rect(0, 0, l.width, l.height) };
    else if (placement === 'pip') out = landscapePip(l);
    else out = sideColumn(l, placement === 'left-third' ? 'left' : 'right', 1 / 3);
  } else if (isSquat(l) && holdsCard && placement !== 'pip') {
    // Square and 4:5 with a card: presenter and card side by side, as a landscape third would be.
    out = sideColumn(l, placement === 'left-third' ? 'left' : 'right', 0.45);
  } else {
    out = portraitPresenter(
      l,
      placement === 'full' || placement === 'pip' ? placement : 'lower-half',
      holdsCard,
    );
  }
  return { ...out, presenterPlacement: placement };
}

const PLACEMENTS: readonly PresenterPlacement[] = ['right-third', 'left-third', 'lower-half', 'full', 'pip'];

/**
 * Where every broadcast element goes in a frame of this size. Landscape frames put the data card
 * beside the strap; portrait and square frames stack card, strap and captions. All rectangles are
 * integers inside the 90% safe area, and bug, label, card, strap and captions never intersect.
 * With a presenter placement the regions are rearranged around it (see PresenterPlacement); the
 * presenter's rectangle may reach the frame's edges, since it is picture, not text.
 */
export function layoutFor(width: number, height: number, options: LayoutOptions = {}): FrameLayout {
  if (options.presenter !== undefined && !PLACEMENTS.includes(options.presenter)) {
    throw new ClipwrightError(
      ErrorCode.Internal,
      `Unknown presenter placement "${String(options.presenter)}"; use one of ${PLACEMENTS.join(', ')}`,
      { path: 'presenter.placement' },
    );
  }
  if (!Number.isFinite(width) || !Number.isFinite(height) || width < MIN_FRAME || height < MIN_FRAME) {
    throw new ClipwrightError(
      ErrorCode.Internal,
      `A frame must be at least ${MIN_FRAME}x${MIN_FRAME} px, got ${width}x${height}`,
      { detail: { width, height } },
    );
  }
  const w = Math.round(width);
  const h = Math.round(height);
  const mx = Math.round(w * 0.05);
  const my = Math.round(h * 0.05);
  const safe: Rect = { x: mx, y: my, width: w - 2 * mx, height: h - 2 * my };
  const base = isLandscape(w, h) ? landscape(w, h, safe) : portrait(w, h, safe);
  return options.presenter === undefined
    ? base
    : withPresenter(base, options.presenter, options.dataCard ?? true);
}
