/** Something a voice could not read as written, for result.json. */
export interface TextWarning {
  /** Stable: TEXT_NOT_READ, EMOJI_NOT_READ, READ_BY_OTHER_VOICE. */
  code: string;
  message: string;
  /** The run of the display text that was not read as written (an emoji, a word in another script). */
  text?: string;
}

/** Part of the reading: what one display token (or part of one) is read as. */
export interface SpokenPiece {
  /** Words to read, plain text with single spaces; never markup a voice would interpret. */
  text: string;
  /** Index of the display token (the script split at whitespace, as the captions show it). */
  token: number;
  /** BCP 47 language of a run read by another voice; undefined for the reading voice's own. */
  language?: string;
  /** SSML for the piece (a lexicon `phoneme` or `sub`), already escaped; else the text, escaped. */
  ssml?: string;
}

/** The display text taken apart into tokens and the pieces a voice reads for them. */
export interface NormalisedScript {
  tokens: string[];
  pieces: SpokenPiece[];
  warnings: TextWarning[];
}

/** A locale's rules: the spoken form of one token that the voice's own language can read. */
export interface LocaleRules {
  /** '' when nothing is to be read (markup, a lone dash). */
  speak(token: string, context: TokenContext): string;
}

export interface TokenContext {
  /** The display tokens around it (undefined at the ends). */
  previous?: string;
  next?: string;
}
