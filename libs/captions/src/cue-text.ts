import { Cue } from './cue.types';

// A line break or control character inside a line would end the cue early in SRT and WebVTT (a blank
// line ends a cue) and break the one-line Dialogue of ASS.
const BREAKS = /[\r\n\u2028\u2029\u0085\t]+/gu;
const CONTROLS = /\p{Cc}/gu;
// Bidi controls in the text itself could reorder what follows them, so the writers own them all.
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/gu;

/** U+2060 WORD JOINER: invisible (a default-ignorable character), and it joins nothing visible. */
export const WORD_JOINER = '\u2060';

/** The cue's lines as writers may put them in a file: one line each, none empty, no bidi controls. */
export function writableLines(cue: Cue): string[] {
  return cue.lines
    .map((line) => line.replace(BREAKS, ' ').replace(CONTROLS, '').replace(BIDI_CONTROLS, '').trim())
    .filter((line) => line !== '');
}

/**
 * A backslash followed by a letter is an escape in ASS (`\N`, `\h`, `\pos`), and every other format
 * is turned into ASS somewhere: FFmpeg converts SubRip and WebVTT to ASS before libass draws them.
 * A word joiner after each backslash keeps the backslash visible and makes it escape nothing.
 */
export function inertBackslashes(text: string): string {
  return text.replace(/\\/g, `\\${WORD_JOINER}`);
}

// Strong right-to-left letters (Unicode bidi classes R and AL, by script).
const RTL_LETTER =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;
const LETTER = /\p{L}/u;

/**
 * The paragraph direction a cue is read in: right-to-left when most of its letters are Arabic,
 * Hebrew or another right-to-left script. A line that opens with a Latin name or a number still
 * belongs to its Arabic sentence, which the first-strong-character rule of the Unicode bidi
 * algorithm (UAX #9, P2) would get wrong, so the writers state the direction.
 */
export function cueDirection(lines: readonly string[]): 'ltr' | 'rtl' {
  let rtl = 0;
  let ltr = 0;
  for (const char of lines.join(' ')) {
    if (!LETTER.test(char)) continue;
    if (RTL_LETTER.test(char)) rtl++;
    else ltr++;
  }
  return rtl > ltr ? 'rtl' : 'ltr';
}

/** UAX #9 explicit embedding: RIGHT-TO-LEFT EMBEDDING ... POP DIRECTIONAL FORMATTING. */
export function embedRtl(line: string): string {
  return `\u202b${line}\u202c`;
}

/** UAX #9 implicit mark: a RIGHT-TO-LEFT MARK first makes the paragraph right-to-left. */
export function markRtl(line: string): string {
  return `\u200f${line}`;
}
