import { isWide } from '@app/core';
import { resolveCueOptions } from './cue-options';
import { fitsLine, graphemesOf, lineWidth } from './line-measure';
import { Cue, CueOptions } from './cue.types';
import { formatVttTime } from './time-format';

// Times are compared with a microsecond of slack so float noise is not reported as a broken rule.
const SLACK = 1e-6;

/**
 * Every rule of `CueOptions` the cues break, one message each; empty when they keep them all. The
 * same checks a broadcast QC tool makes: lines, line length (wide characters measured as in
 * `buildCues`), time on screen, reading speed, gaps.
 */
export function checkCues(cues: Cue[], options?: Partial<CueOptions>): string[] {
  const o = resolveCueOptions(options);
  const problems: string[] = [];
  cues.forEach((cue, index) => {
    if (!Number.isFinite(cue.start) || !Number.isFinite(cue.end)) {
      problems.push(`cue ${index + 1}: start or end is not a number`);
      return;
    }
    const at = `cue ${index + 1} at ${formatVttTime(cue.start)}`;
    const say = (problem: string): void => {
      problems.push(`${at}: ${problem}`);
    };
    if (cue.lines.length === 0) say('has no text');
    if (cue.lines.length > o.maxLines) say(`has ${cue.lines.length} lines, more than ${o.maxLines}`);
    cue.lines.forEach((line, l) => {
      const length = graphemesOf(line).length;
      if (line.trim() === '') say(`line ${l + 1} is empty`);
      if (/[\r\n\u2028\u2029]/u.test(line)) say(`line ${l + 1} holds a line break`);
      if (!fitsLine(lineWidth(line, o), o)) {
        const wide = graphemesOf(line).filter(isWide).length;
        say(
          wide === 0
            ? `line ${l + 1} has ${length} characters, more than ${o.maxCharsPerLine}`
            : `line ${l + 1} has ${length} characters (${wide} wide), more than fit in ${o.maxWideCharsPerLine} wide or ${o.maxCharsPerLine} narrow`,
        );
      }
    });
    const duration = cue.end - cue.start;
    if (duration <= 0) {
      say(`ends at ${formatVttTime(cue.end)}, not after it starts`);
    } else {
      const chars = cue.lines.reduce((sum, line) => sum + graphemesOf(line).length, 0);
      if (duration < o.minDuration - SLACK) {
        say(`is on screen ${duration.toFixed(3)} s, less than ${o.minDuration} s`);
      }
      if (duration > o.maxDuration + SLACK) {
        say(`is on screen ${duration.toFixed(3)} s, more than ${o.maxDuration} s`);
      }
      if (duration < chars / o.maxCharsPerSecond - SLACK) {
        say(
          `needs reading at ${(chars / duration).toFixed(2)} characters per second, more than ${o.maxCharsPerSecond}`,
        );
      }
    }
    const previous = cues[index - 1];
    if (previous !== undefined && Number.isFinite(previous.end)) {
      const gap = cue.start - previous.end;
      if (cue.start < previous.start) {
        say('starts before the cue before it');
      } else if (gap < 0) {
        say(`overlaps the cue before it by ${(-gap).toFixed(3)} s`);
      } else if (gap < o.minGap - SLACK) {
        say(`starts ${gap.toFixed(3)} s after the cue before it ends, less than ${o.minGap} s`);
      }
    }
  });
  return problems;
}
