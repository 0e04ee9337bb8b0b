import { ClipwrightError, ErrorCode } from '@app/core';
import { writableLines } from './cue-text';
import { Cue } from './cue.types';
import { formatAssTime } from './time-format';

/** How burned-in captions look. Sizes and margins are in PlayRes units (pixels of a frame that size). */
export interface AssStyle {
  playResX: number;
  playResY: number;
  fontName: string;
  fontSize: number;
  bold: boolean;
  /** Text colour, '#RRGGBB'. */
  primaryColour: string;
  /** Colour of the box behind the text, '#RRGGBB'. */
  boxColour: string;
  /** 0 (clear) to 1 (solid). */
  boxOpacity: number;
  marginL: number;
  marginR: number;
  /** Distance of the bottom line from the bottom edge: cues are bottom-centred (Alignment 2). */
  marginV: number;
  /**
   * Box padding around the text; a fifth of the font size unless given. With a see-through box it
   * pads left and right only: libass boxes each line, and padded boxes of two lines would overlap in
   * a band of double darkness, so the lines' boxes are made to meet instead.
   */
  boxPadding?: number;
}

const STYLE_NAME = 'Caption';
const STYLE_FORMAT =
  'Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, ' +
  'Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, ' +
  'MarginL, MarginR, MarginV, Encoding';
const EVENT_FORMAT = 'Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text';
// U+2060 WORD JOINER: invisible (HarfBuzz hides default-ignorable characters), and it stands between
// a backslash and the letter after it, so a literal "\N" or "\pos" in the text is no ASS escape.
const WORD_JOINER = '\u2060';

/**
 * An ASS v4+ script (the "Advanced SubStation Alpha" format as libass reads it) for FFmpeg's
 * `subtitles` filter. Lines are broken by `buildCues` and joined with `\N`; WrapStyle 2 stops libass
 * from re-wrapping them. BorderStyle 3 draws an opaque box behind each line in OutlineColour, padded
 * by Outline; Shadow 0 keeps a second box from appearing. ScaledBorderAndShadow makes the padding
 * scale with PlayRes like the text does. Our own override tag (`\ybord0`, see `boxPadding`) is the
 * only one in the output: the cue text is escaped.
 */
export function toAss(cues: Cue[], style: AssStyle): string {
  const s = validStyle(style);
  const text = assColour(s.primaryColour, 1, 'primaryColour');
  const box = assColour(s.boxColour, s.boxOpacity, 'boxColour');
  const padding = s.boxPadding ?? Math.max(1, Math.round(s.fontSize / 5));
  const styleFields = [
    STYLE_NAME,
    s.fontName,
    num(s.fontSize),
    text,
    text,
    box,
    box,
    s.bold ? '-1' : '0',
    '0',
    '0',
    '0',
    '100',
    '100',
    '0',
    '0',
    '3',
    num(padding),
    '0',
    '2',
    String(Math.round(s.marginL)),
    String(Math.round(s.marginR)),
    String(Math.round(s.marginV)),
    '1',
  ];
  const out = [
    '[Script Info]',
    '; Captions written by Clipwright',
    'ScriptType: v4.00+',
    `PlayResX: ${Math.round(s.playResX)}`,
    `PlayResY: ${Math.round(s.playResY)}`,
    'WrapStyle: 2',
    'ScaledBorderAndShadow: yes',
    // The style's colours are plain RGB; "None" tells renderers not to apply a BT.601 correction.
    'YCbCr Matrix: None',
    '',
    '[V4+ Styles]',
    `Format: ${STYLE_FORMAT}`,
    `Style: ${styleFields.join(',')}`,
    '',
    '[Events]',
    `Format: ${EVENT_FORMAT}`,
  ];
  // \ybord0 sets this event's vertical box padding to zero (a VSFilter 2.39 tag libass reads).
  const override = s.boxOpacity < 1 ? '{\\ybord0}' : '';
  for (const cue of cues) {
    const lines = writableLines(cue);
    if (lines.length === 0) continue;
    const body = override + lines.map(escapeAssText).join('\\N');
    out.push(
      `Dialogue: 0,${formatAssTime(cue.start)},${formatAssTime(cue.end)},${STYLE_NAME},,0,0,0,,${body}`,
    );
  }
  return `${out.join('\n')}\n`;
}

/**
 * Make text inert in an ASS Dialogue: `{` would open an override block (`{\pos(0,0)}`) and a
 * backslash starts `\N`, `\n` and `\h`. libass reads `\{` and `\}` as literal braces; a backslash is
 * kept from escaping by an invisible word joiner after it.
 */
export function escapeAssText(text: string): string {
  return text.replace(/\\/g, `\\${WORD_JOINER}`).replace(/[{}]/g, (brace) => `\\${brace}`);
}

/**
 * '#RRGGBB' (or '#RGB') to ASS `&HAABBGGRR`: blue first, and alpha is transparency (00 = opaque),
 * the reverse of opacity.
 */
export function assColour(hex: string, opacity: number, field = 'colour'): string {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (match === null) {
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `Caption ${field} "${hex}" is not a #RRGGBB colour`,
      {
        path: `captions.${field}`,
      },
    );
  }
  const digits = match[1].length === 3 ? [...match[1]].map((d) => d + d).join('') : match[1];
  const [rr, gg, bb] = [0, 2, 4].map((i) => digits.slice(i, i + 2).toUpperCase());
  const alpha = Math.round((1 - opacity) * 255)
    .toString(16)
    .toUpperCase()
    .padStart(2, '0');
  return `&H${alpha}${bb}${gg}${rr}`;
}

function validStyle(style: AssStyle): AssStyle {
  const fail = (field: string, why: string): never => {
    throw new ClipwrightError(ErrorCode.InvalidArgument, `Caption style ${field} ${why}`, {
      path: `captions.${field}`,
    });
  };
  const positive: (keyof AssStyle)[] = ['playResX', 'playResY', 'fontSize'];
  for (const field of positive) {
    const value = style[field] as number;
    if (!Number.isFinite(value) || value <= 0) fail(field, `must be a positive number, not ${value}`);
  }
  const nonNegative: (keyof AssStyle)[] = ['marginL', 'marginR', 'marginV'];
  for (const field of nonNegative) {
    const value = style[field] as number;
    if (!Number.isFinite(value) || value < 0) fail(field, `must be zero or more, not ${value}`);
  }
  if (style.boxPadding !== undefined && !(Number.isFinite(style.boxPadding) && style.boxPadding >= 0)) {
    fail('boxPadding', `must be zero or more, not ${style.boxPadding}`);
  }
  if (!(Number.isFinite(style.boxOpacity) && style.boxOpacity >= 0 && style.boxOpacity <= 1)) {
    fail('boxOpacity', `must be between 0 and 1, not ${style.boxOpacity}`);
  }
  // Style fields are separated by commas and the section by lines: a font name holds neither.
  if (style.fontName.trim() === '' || /[,\r\n{}]/.test(style.fontName)) {
    fail('fontName', `"${style.fontName}" cannot name a font in ASS`);
  }
  return { ...style, fontName: style.fontName.trim() };
}

/** ASS numbers: integers as they are, others to two decimals. */
function num(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2)));
}
