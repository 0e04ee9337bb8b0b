import { ClipwrightError, ErrorCode, Rect } from '@app/core';
import { LabelPlacement, LabelProfile, pickWording } from './label-profile';

/** Where, when and how big the visible label is drawn in one output. */
export interface LabelPlan {
  profileId: string;
  text: string;
  /** The wording's language tag (the job's, its primary language, or the profile's default). */
  language: string;
  placement: LabelPlacement;
  /** The badge, in pixels of the output frame: integers, inside the 90% title-safe area. */
  rect: Rect;
  /** Seconds from the start of the clip. */
  start: number;
  end: number;
  /** Pixels: the drawn text (capital or ideograph height) must be at least this tall. */
  minTextHeight: number;
  /** Pixels: the font size that gives `minTextHeight` with room to spare. */
  fontSize: number;
  /** Pixels: horizontal and vertical padding inside the badge. */
  padding: { x: number; y: number };
}

/**
 * Cap height of the sans faces we draw with, in ems (Noto Sans: 714/1000; DejaVu Sans: 729/2048*2).
 * Sizing by a slightly smaller figure means the capitals, and the taller CJK ideographs, always reach
 * the minimum text height.
 */
export const CAP_HEIGHT_EM = 0.7;
/** Line box of the badge's text, in ems: room for ascenders and descenders. */
const LINE_EM = 1.25;
/**
 * Advance widths used to reserve the badge's width before any font is loaded: wide (CJK, emoji)
 * graphemes are one em; others are reserved at 0.68 em, above the widest bold Latin average, so the
 * drawn text fits the rect (the drawer narrows it if a face is wider still).
 */
const WIDE_ADVANCE_EM = 1;
const NARROW_ADVANCE_EM = 0.68;
const WIDE =
  /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Bopomofo}\u3000-\u303f\uff00-\uff60\p{Extended_Pictographic}]/u;
/** Title-safe area: 90% of the frame (EBU R 95), 5% margin on each side. */
const SAFE_MARGIN = 0.05;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Ems the text needs at most: the sum of the reserved advances of its graphemes. */
export function reservedTextWidthEm(text: string): number {
  let em = 0;
  for (const { segment } of segmenter.segment(text))
    em += WIDE.test(segment) ? WIDE_ADVANCE_EM : NARROW_ADVANCE_EM;
  return em;
}

/** Collapses whitespace and strips control characters: the label is one line. */
export function normaliseLabelText(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface LabelPlanInput {
  profile: LabelProfile;
  /** Output frame size in pixels. */
  width: number;
  height: number;
  /** Clip length in seconds. */
  duration: number;
  /** The job's language, BCP 47 (`en`, `zh-CN`). */
  language: string;
}

/**
 * The visible label of one output, or null when the profile shows none. Pure: the rect is reserved
 * from the wording's graphemes, the font size from the minimum text height (a fraction of the
 * frame's shorter side) divided by the cap height. Timing `start` shows the label from 0 s for the
 * profile's seconds, or for the whole clip when it is shorter; `whole` shows it throughout.
 * @throws ClipwrightError INVALID_ARGUMENT when the frame or duration is not positive, or when the
 *   wording cannot fit the title-safe width at the required size (the message names the wording).
 */
export function planVisibleLabel(input: LabelPlanInput): LabelPlan | null {
  const { profile, width, height, duration } = input;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `Label plan: frame ${width}x${height} is not a size`,
    );
  }
  if (!(Number.isFinite(duration) && duration > 0)) {
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `Label plan: duration ${duration} s is not positive`,
    );
  }
  const spec = profile.visible;
  if (!spec) return null;
  const wording = pickWording(spec.text, input.language, spec.defaultLanguage);
  const text = normaliseLabelText(wording.text);
  const short = Math.min(width, height);
  const minTextHeight = Math.ceil(spec.minTextHeight * short);
  const fontSize = Math.ceil(minTextHeight / CAP_HEIGHT_EM);
  const padding = { x: Math.round(fontSize * 0.55), y: Math.round(fontSize * 0.2) };
  const rectHeight = Math.ceil(fontSize * LINE_EM) + 2 * padding.y;
  const rectWidth = Math.ceil(reservedTextWidthEm(text) * fontSize) + 2 * padding.x;

  const safe = {
    x: Math.ceil(width * SAFE_MARGIN),
    y: Math.ceil(height * SAFE_MARGIN),
    right: Math.floor(width * (1 - SAFE_MARGIN)),
    bottom: Math.floor(height * (1 - SAFE_MARGIN)),
  };
  if (rectWidth > safe.right - safe.x || rectHeight > safe.bottom - safe.y) {
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `Label profile "${profile.id}": the wording "${text}" (${wording.language}) needs ${rectWidth} px at ` +
        `${minTextHeight} px text height, wider than the title-safe ${safe.right - safe.x} px of a ${width}x${height} frame`,
      { path: `$.visible.text.${wording.language}` },
    );
  }
  const [vertical, horizontal] = spec.placement.split('-') as ['top' | 'bottom', 'left' | 'right' | 'center'];
  const x =
    horizontal === 'left'
      ? safe.x
      : horizontal === 'right'
        ? safe.right - rectWidth
        : Math.round((width - rectWidth) / 2);
  const y = vertical === 'top' ? safe.y : safe.bottom - rectHeight;
  const end = spec.timing.kind === 'whole' ? duration : Math.min(duration, spec.timing.seconds);
  return {
    profileId: profile.id,
    text,
    language: wording.language,
    placement: spec.placement,
    rect: { x, y, width: rectWidth, height: rectHeight },
    start: 0,
    end,
    minTextHeight,
    fontSize,
    padding,
  };
}
