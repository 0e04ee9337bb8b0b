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

export interface SpeechResult {
  /** WAV file (PCM s16le, mono) holding the whole reading. */
  audioPath: string;
  sampleRate: number;
  /** Seconds of audio, leading and trailing silence included. */
  duration: number;
  words: WordTiming[];
  clauses: ClauseTiming[];
  provider: string;
  voice: string;
}
