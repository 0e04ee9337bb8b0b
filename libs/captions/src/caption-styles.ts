import { ClipwrightError, ErrorCode } from '@app/core';
import { AssStyle } from './ass.writer';
import { CueOptions } from './cue.types';

/** The burn-in styles every template may name. */
export type CaptionStyleName = 'broadcast' | 'social';

/**
 * A style a template defines: one of the named styles with its own font, colours and place.
 * Sizes are relative, so one definition serves every output aspect.
 */
export interface TemplateCaptionStyle {
  base: CaptionStyleName;
  fontName?: string;
  /** Multiplies the base style's font size: 0.5 to 2. */
  fontScale?: number;
  bold?: boolean;
  /** '#RRGGBB' */
  textColour?: string;
  /** '#RRGGBB': the box (broadcast) or outline (social) colour. */
  boxColour?: string;
  /** 0 to 1 */
  boxOpacity?: number;
  /** '#RRGGBB' of the word being spoken; turns karaoke highlighting on (off: null). */
  highlightColour?: string | null;
  position?: 'bottom' | 'middle' | 'top';
}

/** A rectangle in pixels. */
export interface CaptionRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The frame captions are burned into, and the band its layout keeps for them (if any). */
export interface CaptionFrame {
  width: number;
  height: number;
  /** The caption band of the frame's layout; the title-safe area (90 %) when not given. */
  band?: CaptionRect;
  /** The layout's caption font size in pixels; derived from the frame when not given. */
  fontSize?: number;
}

/** What a burn-in needs: the ASS style, and the cue limits that fit lines of that size. */
export interface ResolvedCaptionStyle {
  ass: AssStyle;
  cueOptions: Partial<CueOptions>;
}

/**
 * The bands of a vertical (9:16) frame that TikTok, Instagram Reels and YouTube Shorts cover with
 * their own controls (account name, description, like and share buttons), as fractions of the
 * frame: the union of the apps' published safe-zone templates, rounded up. Social captions keep out.
 */
export const VERTICAL_UI_BANDS = Object.freeze({ top: 0.14, bottom: 0.25, left: 0.06, right: 0.14 });

/** Average advance of running text in em (Noto Sans: 0.49 regular, 0.55 bold), to size lines. */
const AVERAGE_CHAR_EM = { regular: 0.5, bold: 0.56 };
const HIGHLIGHT = '#FFD21F';
const COLOUR = /^#[0-9a-fA-F]{6}$/;

/**
 * The ASS style and cue limits for a named or template-defined style on one frame.
 * - broadcast: white text on a translucent dark box, in the layout's caption band, 42 characters
 *   a line (BBC Subtitle Guidelines).
 * - social: large bold white text with a dark outline, each word turning yellow as it is spoken
 *   (ASS karaoke), short lines, kept out of the bands vertical-video apps cover.
 * Throws INVALID_ARGUMENT naming `captions.style.<field>` for a template value out of range.
 */
export function resolveCaptionStyle(
  style: CaptionStyleName | TemplateCaptionStyle,
  frame: CaptionFrame,
): ResolvedCaptionStyle {
  const custom = typeof style === 'string' ? undefined : validTemplateStyle(style);
  const base = typeof style === 'string' ? style : style.base;
  if (base !== 'broadcast' && base !== 'social') {
    throw styleError('base', `must be "broadcast" or "social", not "${String(base)}"`);
  }
  const resolved = base === 'social' ? social(frame) : broadcast(frame);
  if (custom === undefined) return resolved;
  const ass: AssStyle = { ...resolved.ass };
  if (custom.fontName !== undefined) ass.fontName = custom.fontName;
  if (custom.bold !== undefined) ass.bold = custom.bold;
  if (custom.textColour !== undefined) ass.primaryColour = custom.textColour;
  if (custom.boxColour !== undefined) ass.boxColour = custom.boxColour;
  if (custom.boxOpacity !== undefined) ass.boxOpacity = custom.boxOpacity;
  if (custom.position !== undefined) ass.position = custom.position;
  if (custom.highlightColour === null) delete ass.karaokeColour;
  else if (custom.highlightColour !== undefined) ass.karaokeColour = custom.highlightColour;
  let cueOptions = resolved.cueOptions;
  if (custom.fontScale !== undefined) {
    ass.fontSize = Math.max(8, Math.round(ass.fontSize * custom.fontScale));
    cueOptions = lineLimits(frame.width - ass.marginL - ass.marginR, ass.fontSize, ass.bold);
  }
  return { ass, cueOptions };
}

function broadcast(frame: CaptionFrame): ResolvedCaptionStyle {
  const band = frame.band ?? titleSafe(frame, 0.05);
  const fontSize = frame.fontSize ?? Math.max(8, Math.round(Math.min(frame.width, frame.height) * 0.045));
  const ass: AssStyle = {
    playResX: frame.width,
    playResY: frame.height,
    fontName: 'Noto Sans',
    fontSize,
    bold: false,
    primaryColour: '#FFFFFF',
    boxColour: '#0B0F1A',
    boxOpacity: 0.78,
    marginL: band.x,
    marginR: frame.width - (band.x + band.width),
    marginV: frame.height - (band.y + band.height),
  };
  // The layout sized the band and font for 42 characters: the default limits already fit it.
  return { ass, cueOptions: {} };
}

function social(frame: CaptionFrame): ResolvedCaptionStyle {
  const vertical = frame.height > frame.width;
  const bands = vertical ? VERTICAL_UI_BANDS : { top: 0.05, bottom: 0.08, left: 0.05, right: 0.05 };
  const fontSize = Math.max(8, Math.round(Math.min(frame.width, frame.height) * (vertical ? 0.068 : 0.06)));
  const reach = Math.ceil(fontSize / 6);
  const ass: AssStyle = {
    playResX: frame.width,
    playResY: frame.height,
    fontName: 'Noto Sans',
    fontSize,
    bold: true,
    primaryColour: '#FFFFFF',
    boxColour: '#000000',
    boxOpacity: 1,
    border: 'outline',
    karaokeColour: HIGHLIGHT,
    // The outline and shadow reach past the glyphs: the margins keep them out of the bands too.
    marginL: Math.ceil(frame.width * bands.left) + reach,
    marginR: Math.ceil(frame.width * bands.right) + reach,
    marginV: Math.ceil(frame.height * bands.bottom) + reach,
  };
  return { ass, cueOptions: lineLimits(frame.width - ass.marginL - ass.marginR, fontSize, true) };
}

/** Characters of average text that fit `width` at `fontSize`, never more than the broadcast 42. */
function lineLimits(width: number, fontSize: number, bold: boolean): Partial<CueOptions> {
  const em = bold ? AVERAGE_CHAR_EM.bold : AVERAGE_CHAR_EM.regular;
  const narrow = Math.max(8, Math.min(42, Math.floor(width / (fontSize * em))));
  // A CJK character is one em wide.
  const wide = Math.max(4, Math.min(16, Math.floor(width / fontSize)));
  return { maxCharsPerLine: narrow, maxWideCharsPerLine: wide };
}

function titleSafe(frame: CaptionFrame, inset: number): CaptionRect {
  const x = Math.round(frame.width * inset);
  const y = Math.round(frame.height * inset);
  return { x, y, width: frame.width - 2 * x, height: frame.height - 2 * y };
}

function validTemplateStyle(style: TemplateCaptionStyle): TemplateCaptionStyle {
  if (style === null || typeof style !== 'object') throw styleError('', 'must be a style name or an object');
  for (const field of ['textColour', 'boxColour', 'highlightColour'] as const) {
    const value = style[field];
    if (value !== undefined && value !== null && !(typeof value === 'string' && COLOUR.test(value))) {
      throw styleError(field, `must be a #RRGGBB colour, not ${JSON.stringify(value)}`);
    }
  }
  if (
    style.fontScale !== undefined &&
    !(Number.isFinite(style.fontScale) && style.fontScale >= 0.5 && style.fontScale <= 2)
  ) {
    throw styleError('fontScale', `must be between 0.5 and 2, not ${String(style.fontScale)}`);
  }
  if (
    style.boxOpacity !== undefined &&
    !(Number.isFinite(style.boxOpacity) && style.boxOpacity >= 0 && style.boxOpacity <= 1)
  ) {
    throw styleError('boxOpacity', `must be between 0 and 1, not ${String(style.boxOpacity)}`);
  }
  // A font name goes into the ASS style line: commas, braces and line breaks would break it.
  if (
    style.fontName !== undefined &&
    (typeof style.fontName !== 'string' || !/^[\p{L}\p{N} ._-]{1,64}$/u.test(style.fontName))
  ) {
    throw styleError('fontName', `${JSON.stringify(style.fontName)} is not a font family name`);
  }
  if (style.position !== undefined && !['bottom', 'middle', 'top'].includes(style.position)) {
    throw styleError('position', `must be bottom, middle or top, not ${JSON.stringify(style.position)}`);
  }
  if (style.bold !== undefined && typeof style.bold !== 'boolean')
    throw styleError('bold', 'must be true or false');
  return style;
}

function styleError(field: string, why: string): ClipwrightError {
  const path = field === '' ? 'captions.style' : `captions.style.${field}`;
  return new ClipwrightError(ErrorCode.InvalidArgument, `Caption style ${field || 'value'} ${why}`, { path });
}
