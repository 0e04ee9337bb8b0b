import { cueDirection, inertBackslashes, markRtl, writableLines } from './cue-text';
import { Cue } from './cue.types';
import { formatVttTime } from './time-format';

/**
 * WebVTT (W3C WebVTT: The Web Video Text Tracks Format): the `WEBVTT` signature, then cues of
 * `HH:MM:SS.mmm --> HH:MM:SS.mmm` and their lines, separated by blank lines. Cue text is markup
 * (§4.2.2 "cue text"), so `&`, `<` and `>` are written as character references; this also keeps
 * "-->" out of the text, which the format forbids there. WebVTT sets a cue's direction from its
 * first strong character (§7.2 "obtain a set of CSS boxes"), so a right-to-left cue starts each
 * line with a RIGHT-TO-LEFT MARK.
 */
export function toVtt(cues: Cue[]): string {
  const blocks = ['WEBVTT\n'];
  for (const cue of cues) {
    const lines = writableLines(cue);
    if (lines.length === 0) continue;
    const rtl = cueDirection(lines) === 'rtl';
    const text = lines.map((line) => (rtl ? markRtl(escapeVttText(line)) : escapeVttText(line)));
    const times = `${formatVttTime(cue.start)} --> ${formatVttTime(cue.end)}`;
    blocks.push(`${times}\n${text.join('\n')}\n`);
  }
  return blocks.join('\n');
}

/**
 * Cue text made inert: WebVTT's own markup by character references, and ASS escapes (`\N`), which
 * FFmpeg's WebVTT decoder passes on to libass, by a word joiner after each backslash.
 */
export function escapeVttText(text: string): string {
  return inertBackslashes(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}
