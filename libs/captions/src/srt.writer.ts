import { cueDirection, embedRtl, inertBackslashes, WORD_JOINER, writableLines } from './cue-text';
import { Cue } from './cue.types';
import { formatSrtTime } from './time-format';

/**
 * SubRip text (.srt) as players read it (SubRip has no formal spec; this is the form SubRip wrote and
 * FFmpeg and the Matroska spec describe): a counter from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, the
 * lines, then a blank line. A cue with no visible text is left out, as its empty text would read as
 * the end of the cue, and the counter stays unbroken. Right-to-left cues are embedded in RLE...PDF,
 * the convention of subtitle editors for SubRip, which FFmpeg's libass honours.
 */
export function toSrt(cues: Cue[]): string {
  const blocks: string[] = [];
  for (const cue of cues) {
    const lines = writableLines(cue);
    if (lines.length === 0) continue;
    const rtl = cueDirection(lines) === 'rtl';
    const text = lines.map((line) => {
      const inert = escapeSrtText(line);
      return rtl ? embedRtl(inert) : inert;
    });
    const times = `${formatSrtTime(cue.start)} --> ${formatSrtTime(cue.end)}`;
    blocks.push(`${blocks.length + 1}\n${times}\n${text.join('\n')}\n`);
  }
  return blocks.join('\n');
}

/**
 * Make text inert in SubRip, which has no escape mechanism but whose readers obey markup: HTML-like
 * tags (`<i>`, `<font color>`: a word joiner after `<` makes them no tag), ASS override blocks
 * (`{\an8}`: FFmpeg copies a brace into the ASS it hands libass, which opens a block at any `{`, so
 * braces become their fullwidth forms ｛ ｝), ASS escapes (`\N`), and a timing arrow that a reader
 * resynchronising on `-->` would take for the next cue.
 */
export function escapeSrtText(text: string): string {
  return inertBackslashes(text)
    .replace(/</g, `<${WORD_JOINER}`)
    .replace(/-->/g, `--${WORD_JOINER}>`)
    .replace(/\{/g, '\uff5b')
    .replace(/\}/g, '\uff5d');
}
