import type { VisemeTiming } from '@app/core';
import { ClipwrightError, ErrorCode } from '@app/core';
import { POLLY_VISEMES, visemesFromEvents } from '../../visemes';
import type { BoundaryWord } from '../boundary.words';

/**
 * One Amazon Polly speech mark (docs.aws.amazon.com/polly/latest/dg/speechmarks.html): `time` in
 * milliseconds from the start of the audio; `start`/`end` byte offsets of a word in the input text;
 * `value` the word as written, or the viseme code.
 */
export interface PollyMark {
  time: number;
  type: 'sentence' | 'word' | 'viseme' | 'ssml';
  start?: number;
  end?: number;
  value: string;
}

/** Speech marks arrive as JSON lines (`application/x-json-stream`), one mark a line. */
export function parseSpeechMarks(body: string): PollyMark[] {
  const marks: PollyMark[] = [];
  body.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let mark: unknown;
    try {
      mark = JSON.parse(line);
    } catch {
      throw new ClipwrightError(
        ErrorCode.SpeechFailed,
        `Amazon Polly sent a speech mark that is not JSON (line ${i + 1})`,
      );
    }
    const m = mark as Partial<PollyMark>;
    if (typeof m.time !== 'number' || typeof m.type !== 'string' || typeof m.value !== 'string') {
      throw new ClipwrightError(
        ErrorCode.SpeechFailed,
        `Amazon Polly sent a speech mark without time, type or value (line ${i + 1})`,
      );
    }
    marks.push(m as PollyMark);
  });
  return marks.sort((a, b) => a.time - b.time);
}

/**
 * Word marks as boundaries. Polly gives a word's start only: it ends where the next word starts, or
 * earlier where a `sil` viseme closes it (the pause after a clause), or at `duration`.
 */
export function wordBoundaries(marks: readonly PollyMark[], duration: number, offset = 0): BoundaryWord[] {
  const words = marks.filter((m) => m.type === 'word');
  const silences = marks.filter((m) => m.type === 'viseme' && m.value === 'sil').map((m) => m.time / 1000);
  return words.map((w, k) => {
    const start = w.time / 1000;
    const next = k + 1 < words.length ? words[k + 1].time / 1000 : duration;
    const silence = silences.find((s) => s > start && s < next);
    return { text: w.value, start: offset + start, end: offset + (silence ?? next) };
  });
}

/** Viseme marks as mouth shapes over [0, duration] (codes mapped by POLLY_VISEMES; unknown codes skipped). */
export function pollyVisemes(marks: readonly PollyMark[], duration: number): VisemeTiming[] {
  const events = marks.flatMap((m) =>
    m.type === 'viseme' && Object.prototype.hasOwnProperty.call(POLLY_VISEMES, m.value)
      ? [{ viseme: POLLY_VISEMES[m.value], at: m.time / 1000 }]
      : [],
  );
  return visemesFromEvents(events, duration);
}
