import type { ClauseTiming, WordTiming } from '@app/core';
import { ClipwrightError, ErrorCode } from '@app/core';
import { type Clause, pauseAfter } from './clauses';
import { trimSilence } from './silence';
import type { PcmAudio } from './wav';
import { distributeByWeight } from './word-timing';

/** A clause synthesized on its own, with the weights that share its duration among its tokens. */
export interface RenderedClause {
  clause: Clause;
  audio: PcmAudio;
  weights: number[];
}

export interface AssemblyOptions {
  /** Seconds of silence before the first clause. */
  leadIn?: number;
  /** Seconds of silence after the last clause. */
  tail?: number;
  /** Seconds of each clause's own silence kept around its speech, so onsets and releases are not clipped. */
  margin?: number;
  /** Seconds given to a clause that makes no sound (only punctuation), so its words still get start < end. */
  silentClause?: number;
  /** Seconds of silence after a clause, by its closing punctuation. */
  pauseAfter?: (terminator: Clause['terminator']) => number;
}

export interface Assembly {
  audio: PcmAudio;
  words: WordTiming[];
  clauses: ClauseTiming[];
}

/**
 * Lay the clauses end to end with pauses of our choosing. Because every clause is placed by us, its
 * onset and offset in the result are known to the sample (to the 10 ms analysis frame, for where
 * its speech begins inside the trimmed audio).
 */
export function assembleClauses(parts: readonly RenderedClause[], options: AssemblyOptions = {}): Assembly {
  if (parts.length === 0) throw new ClipwrightError(ErrorCode.Internal, 'Nothing to assemble: no clauses');
  const sampleRate = parts[0].audio.sampleRate;
  const other = parts.find((p) => p.audio.sampleRate !== sampleRate);
  if (other) {
    throw new ClipwrightError(
      ErrorCode.SpeechFailed,
      `Clauses came back at different sample rates (${sampleRate} and ${other.audio.sampleRate} Hz)`,
    );
  }
  const mismatched = parts.find((p) => p.weights.length !== p.clause.tokens.length);
  if (mismatched) {
    throw new ClipwrightError(
      ErrorCode.Internal,
      `Clause "${mismatched.clause.text}" has ${mismatched.clause.tokens.length} words but ${mismatched.weights.length} weights`,
    );
  }
  const samplesOf = (seconds: number): number => Math.round(seconds * sampleRate);
  const leadIn = samplesOf(options.leadIn ?? 0.15);
  const tail = samplesOf(options.tail ?? 0.2);
  const silentClause = Math.max(1, samplesOf(options.silentClause ?? 0.1));
  const pause = options.pauseAfter ?? pauseAfter;

  type Placed = { from: Int16Array; length: number; speechStart: number; speechEnd: number };
  const placed: Placed[] = parts.map((p) => {
    const trim = trimSilence(p.audio, options.margin ?? 0.02);
    if (!trim)
      return { from: new Int16Array(0), length: silentClause, speechStart: 0, speechEnd: silentClause };
    return {
      from: p.audio.samples.subarray(trim.keep.start, trim.keep.end),
      length: trim.keep.end - trim.keep.start,
      speechStart: trim.speech.start - trim.keep.start,
      speechEnd: trim.speech.end - trim.keep.start,
    };
  });
  const gaps = parts.map((p, i) => (i === parts.length - 1 ? tail : samplesOf(pause(p.clause.terminator))));
  const total = leadIn + placed.reduce((sum, p, i) => sum + p.length + gaps[i], 0);

  const samples = new Int16Array(total);
  const words: WordTiming[] = [];
  const clauses: ClauseTiming[] = [];
  let at = leadIn;
  parts.forEach((part, i) => {
    const p = placed[i];
    samples.set(p.from, at);
    const start = (at + p.speechStart) / sampleRate;
    const end = (at + p.speechEnd) / sampleRate;
    const firstWord = words.length;
    distributeByWeight(start, end, part.weights).forEach((span, k) => {
      words.push({ text: part.clause.tokens[k], start: span.start, end: span.end });
    });
    clauses.push({ text: part.clause.text, start, end, firstWord, endWord: words.length });
    at += p.length + gaps[i];
  });
  return { audio: { sampleRate, samples }, words, clauses };
}
