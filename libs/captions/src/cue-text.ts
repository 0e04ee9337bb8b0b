import { Cue } from './cue.types';

// A line break or control character inside a line would end the cue early in SRT and WebVTT (a blank
// line ends a cue) and break the one-line Dialogue of ASS.
const BREAKS = /[\r\n\u2028\u2029\u0085\t]+/gu;
const CONTROLS = /\p{Cc}/gu;

/** The cue's lines as writers may put them in a file: one line each, none empty. */
export function writableLines(cue: Cue): string[] {
  return cue.lines
    .map((line) => line.replace(BREAKS, ' ').replace(CONTROLS, '').trim())
    .filter((line) => line !== '');
}
