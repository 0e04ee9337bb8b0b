/** One caption on screen, times in seconds from the start of the audio; `lines` top to bottom. */
export interface Cue {
  start: number;
  end: number;
  lines: string[];
  /**
   * The spoken pieces of the cue in order, each on its line, for word-by-word highlighting (ASS `\k`
   * karaoke). Joined per line with a space where `spaceBefore`, they give `lines`.
   */
  words?: CueWord[];
}

export interface CueWord {
  text: string;
  /** Seconds, as Cue.start. */
  start: number;
  end: number;
  /** Index into Cue.lines. */
  line: number;
  spaceBefore: boolean;
}

/**
 * Limits a cue must keep. Defaults follow the BBC Subtitle Guidelines and the Netflix Timed Text
 * Style Guide: two lines of at most 42 characters (16 for Chinese, Japanese and Korean, mixed lines
 * in proportion), a reading speed of 17 characters per second, between 1 and 7 seconds on screen,
 * 2 frames (~80 ms) between cues.
 */
export interface CueOptions {
  maxLines: number;
  /** Narrow characters (Latin, Arabic, Cyrillic...) a line may hold. */
  maxCharsPerLine: number;
  /** Wide characters (CJK, emoji) a line may hold; a mixed line keeps narrow/max + wide/maxWide <= 1. */
  maxWideCharsPerLine: number;
  /** Characters of all lines (spaces included, line breaks not) per second on screen. */
  maxCharsPerSecond: number;
  minDuration: number;
  maxDuration: number;
  /** Seconds between one cue's end and the next cue's start. */
  minGap: number;
}

export const LATIN_MAX_CHARS_PER_LINE = 42;
export const CJK_MAX_CHARS_PER_LINE = 16;

export const DEFAULT_CUE_OPTIONS: Readonly<CueOptions> = Object.freeze({
  maxLines: 2,
  maxCharsPerLine: LATIN_MAX_CHARS_PER_LINE,
  maxWideCharsPerLine: CJK_MAX_CHARS_PER_LINE,
  maxCharsPerSecond: 17,
  minDuration: 1.0,
  maxDuration: 7,
  minGap: 0.08,
});
