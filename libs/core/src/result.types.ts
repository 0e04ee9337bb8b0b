import type { Rect } from './geometry';

/** The result manifest written as result.json beside the outputs. Field names are public: add, never rename. */
export interface OutputResult {
  aspect: string;
  /** Path relative to the output folder. */
  path: string;
  width: number;
  height: number;
  /** Seconds, measured with ffprobe on the finished file. */
  duration: number;
  videoCodec: string;
  audioCodec: string;
  /** Measured on the finished file (EBU R128 / ITU-R BS.1770-4). */
  loudness: { integrated: number; truePeak: number; target: number };
  /** Where the presenter stands in this output, and where its mouth is (for lip-sync checks). */
  presenter?: { id: string; placement: string; rect: Rect; mouth: Rect };
  /** Every overlay as placed: what it is, where (pixels at rest) and when (seconds), bottom to top. */
  layers?: { kind: string; rect: Rect; start: number; end: number }[];
  /**
   * This output's timeline as compose compiled it (the `Timeline` of @app/timeline: scenes,
   * transitions, every layer with its window in frames, audio tracks; `rate` as "30/1").
   */
  timeline?: Record<string, unknown>;
}

/** Something in a finished job that is not as asked: a stable code, what happened, and the field it concerns. */
export interface ResultWarning {
  code: string;
  message: string;
  /** The template field (`templates/<id>/template.json#$.scenes[0].layers[0].title`) or data path. */
  path?: string;
}

/** One stretch of voice-over: which voice read it, the exact text it read, and when (seconds on the clip). */
export interface SpeechSegmentRecord {
  voice: string;
  /** BCP 47 language of a run read by another voice than the template's (a place name in Chinese). */
  language?: string;
  text: string;
  start: number;
  end: number;
}

export interface RenderResult {
  clipwright: string;
  template: { id: string; version: number };
  item: { index: number; id: string | null };
  /** sha256 of the canonical JSON of the data item that was rendered. */
  inputsDigest: string;
  script: string;
  speech: {
    provider: string;
    voice: string;
    /** Seconds of voice-over in all (every segment). */
    duration: number;
    words: number;
    /** What the voice read, segment by segment (one per narrated scene), so it can be audited. */
    segments?: SpeechSegmentRecord[];
  };
  captions: { cues: number; files: string[] };
  outputs: OutputResult[];
  /** Seconds each stage took, in the order they ran. */
  stages: Record<string, number>;
  createdAt: string;
  /** What the job could not do as asked, though it finished (a glyph no font has, a word left unread). */
  warnings?: ResultWarning[];
}
