import { writableLines } from './cue-text';
import { Cue } from './cue.types';
import { formatSrtTime } from './time-format';

/**
 * SubRip text (.srt) as players read it (SubRip has no formal spec; this is the form SubRip wrote and
 * FFmpeg and the Matroska spec describe): a counter from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, the
 * lines, then a blank line. SubRip has no escape mechanism, so the text goes out as it is. A cue with
 * no visible text is left out, as its empty text would read as the end of the cue, and the counter
 * stays unbroken.
 */
export function toSrt(cues: Cue[]): string {
  const blocks: string[] = [];
  for (const cue of cues) {
    const lines = writableLines(cue);
    if (lines.length === 0) continue;
    const times = `${formatSrtTime(cue.start)} --> ${formatSrtTime(cue.end)}`;
    blocks.push(`${blocks.length + 1}\n${times}\n${lines.join('\n')}\n`);
  }
  return blocks.join('\n');
}
