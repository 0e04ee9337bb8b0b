import { writableLines } from './cue-text';
import { Cue } from './cue.types';
import { formatVttTime } from './time-format';

/**
 * WebVTT (W3C WebVTT: The Web Video Text Tracks Format): the `WEBVTT` signature, then cues of
 * `HH:MM:SS.mmm --> HH:MM:SS.mmm` and their lines, separated by blank lines. Cue text is markup
 * (§4.2.2 "cue text"), so `&`, `<` and `>` are written as character references; this also keeps
 * "-->" out of the text, which the format forbids there.
 */
export function toVtt(cues: Cue[]): string {
  const blocks = ['WEBVTT\n'];
  for (const cue of cues) {
    const lines = writableLines(cue);
    if (lines.length === 0) continue;
    const times = `${formatVttTime(cue.start)} --> ${formatVttTime(cue.end)}`;
    blocks.push(`${times}\n${lines.map(escapeVttText).join('\n')}\n`);
  }
  return blocks.join('\n');
}

export function escapeVttText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
