import { ClipwrightError, ErrorCode } from '@app/core';
import { cueDirection, embedRtl, inertBackslashes, writableLines } from './cue-text';
import { Cue, CueWord } from './cue.types';
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
  /**
   * 'box' (default): text on a box in `boxColour`. 'outline': no box; each glyph is outlined in
   * `boxColour` by `outlineWidth` pixels, with a soft shadow (the look of social-video captions).
   */
  border?: 'box' | 'outline';
  /** Outline thickness for `border: 'outline'`; a twelfth of the font size unless given. */
  outlineWidth?: number;
  /** Where cues sit: bottom centre (default, ASS alignment 2), middle (5) or top (8) centre. */
  position?: 'bottom' | 'middle' | 'top';
  /**
   * Highlight each word as it is spoken (ASS karaoke, `\k` tags from the cues' word timings): words
   * not yet spoken are in `primaryColour`, spoken ones turn this '#RRGGBB' colour.
   */
  karaokeColour?: string;
}

const STYLE_NAME = 'Caption';
const STYLE_FORMAT =
  'Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, ' +
  'Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, ' +
  'MarginL, MarginR, MarginV, Encoding';
const EVENT_FORMAT = 'Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text';
const ALIGNMENT = { bottom: '2', middle: '5', top: '8' } as const;

/**
 * An ASS v4+ script (the "Advanced SubStation Alpha" format as libass reads it) for FFmpeg's
 * `subtitles` filter. Lines are broken by `buildCues` and joined with `\N`; WrapStyle 2 stops libass
 * from re-wrapping them. BorderStyle 3 draws an opaque box behind each line in OutlineColour, padded
 * by Outline; Shadow 0 keeps a second box from appearing. ScaledBorderAndShadow makes the padding
 * scale with PlayRes like the text does. Our own override tags (`\ybord0`, see `boxPadding`; `\k`,
 * see `karaokeColour`) are the only ones in the output: the cue text is escaped. Karaoke swaps the
 * colours: ASS draws a syllable in SecondaryColour until its `\k` time, then in PrimaryColour.
 * Right-to-left cues are embedded in RLE...PDF, as libass takes a style's base direction as
 * left-to-right.
 */
export function toAss(cues: Cue[], style: AssStyle): string {
  const s = validStyle(style);
  const text = assColour(s.primaryColour, 1, 'primaryColour');
  const sung = s.karaokeColour === undefined ? text : assColour(s.karaokeColour, 1, 'karaokeColour');
  const box = assColour(s.boxColour, s.boxOpacity, 'boxColour');
  const outline = s.border === 'outline';
  const padding = outline
    ? (s.outlineWidth ?? Math.max(1, Math.round(s.fontSize / 12)))
    : (s.boxPadding ?? Math.max(1, Math.round(s.fontSize / 5)));
  const styleFields = [
    STYLE_NAME,
    s.fontName,
    num(s.fontSize),
    sung,
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
    outline ? '1' : '3',
    num(padding),
    outline ? num(Math.max(1, Math.round(s.fontSize / 24))) : '0',
    ALIGNMENT[s.position ?? 'bottom'],
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
  const override = !outline && s.boxOpacity < 1 ? '{\\ybord0}' : '';
  for (const cue of cues) {
    const lines = writableLines(cue);
    if (lines.length === 0) continue;
    const rtl = cueDirection(lines) === 'rtl';
    let shown = lines.map(escapeAssText);
    if (s.karaokeColour !== undefined) {
      // Without word timings the whole cue stays in the unspoken colour until it ends.
      const whole = `{\\k${Math.max(0, Math.round((cue.end - cue.start) * 100))}}`;
      shown = karaokeLines(cue, lines) ?? shown.map((line) => whole + line);
    }
    const body = override + shown.map((line) => (rtl ? embedRtl(line) : line)).join('\\N');
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
  return inertBackslashes(text).replace(/[{}]/g, (brace) => `\\${brace}`);
}

/**
 * The cue's lines with a `\k` tag before each word: its duration in centiseconds runs from the word's
 * start to the next word's (the last word's to its end), so each word lights up as it is spoken.
 * Undefined when the cue carries no word timings that rebuild its lines (then it is shown plain).
 */
function karaokeLines(cue: Cue, lines: readonly string[]): string[] | undefined {
  const words = cue.words;
  if (words === undefined || words.length === 0) return undefined;
  const rebuilt = lines.map((_, l) => joinWords(words.filter((w) => w.line === l)));
  if (rebuilt.some((line, l) => line !== lines[l])) return undefined;
  const cs = (seconds: number): number => Math.max(0, Math.round(seconds * 100));
  const out = lines.map(() => '');
  const lead = cs(words[0].start - cue.start);
  words.forEach((word, i) => {
    const next = words[i + 1];
    const until = next === undefined ? Math.max(word.end, word.start) : next.start;
    const before = i === 0 && lead > 0 ? `{\\k${lead}}` : '';
    const space = word.spaceBefore ? ' ' : '';
    out[word.line] += `${space}${before}{\\k${cs(until - word.start)}}${escapeAssText(word.text)}`;
  });
  return out;
}

function joinWords(words: readonly CueWord[]): string {
  return words.map((w, i) => (i > 0 && w.spaceBefore ? ` ${w.text}` : w.text)).join('');
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
  for (const field of ['boxPadding', 'outlineWidth'] as const) {
    const value = style[field];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      fail(field, `must be zero or more, not ${value}`);
    }
  }
  if (style.position !== undefined && !(style.position in ALIGNMENT)) {
    fail('position', `must be bottom, middle or top, not "${String(style.position)}"`);
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
