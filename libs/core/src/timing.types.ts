/** Times are seconds from the start of the audio they describe. */
export interface WordTiming {
  /** The word as written in the script, punctuation attached ("Taiwan."), so captions can rebuild the text. */
  text: string;
  start: number;
  end: number;
}

/** A stretch of speech between pauses (a clause or sentence of the script). */
export interface ClauseTiming {
  text: string;
  start: number;
  end: number;
  /** Index of its first word in SpeechResult.words, and one past its last. */
  firstWord: number;
  endWord: number;
}

/**
 * Mouth shapes, the Preston Blair / Rhubarb set: A (M B P, closed), B (K S T etc., slightly open,
 * teeth), C (EH AE, open), D (AA, wide open), E (AO ER, rounded), F (UW OW W, puckered),
 * G (F V, teeth on lip), H (L, tongue up), X (rest/silence).
 */
export type Viseme = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'X';

export interface VisemeTiming {
  viseme: Viseme;
  start: number;
  end: number;
}

export interface SpeechResult {
  /** WAV file (PCM s16le, mono) holding the whole reading. */
  audioPath: string;
  sampleRate: number;
  /** Seconds of audio, leading and trailing silence included. */
  duration: number;
  words: WordTiming[];
  clauses: ClauseTiming[];
  /** Mouth shapes over time (silence included as X), for the presenter's lip sync. */
  visemes?: VisemeTiming[];
  provider: string;
  voice: string;
  /** The exact text the voice read (after normalisation), for the audit record in result.json. */
  spokenText?: string;
  /** Things the voice could not read as written (e.g. a run in a script the voice has no language for). */
  warnings?: { code: string; message: string }[];
}
