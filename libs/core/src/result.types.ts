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
  /** `preset`: the output's loudness preset (broadcast, web, social), absent for the template's own target. */
  loudness: { integrated: number; truePeak: number; target: number; preset?: string };
  /** `mov_text` subtitle tracks in the MP4: the captions first (the default), then each translation. */
  subtitleTracks?: number;
  /** Where the presenter stands in this output, and where its mouth is (for lip-sync checks). */
  presenter?: { id: string; placement: string; rect: Rect; mouth: Rect };
  /** Every overlay as placed: what it is, where (pixels at rest) and when (seconds), bottom to top. */
  layers?: { kind: string; rect: Rect; start: number; end: number }[];
  /**
   * This output's timeline as compose compiled it (the `Timeline` of @app/timeline: scenes,
   * transitions, every layer with its window in frames, audio tracks; `rate` as "30/1").
   */
  timeline?: Record<string, unknown>;
  /** What the finish stage wrote into this file: implicit labels, and whether it is signed (C2PA). */
  provenance?: OutputProvenance;
}

/** The implicit labels and content credentials of one finished file. */
export interface OutputProvenance {
  /** An XMP packet with the IPTC DigitalSourceType is in the file. */
  xmp: boolean;
  /** The GB 45438-2025 `AIGC` field is in the file. */
  aigc: boolean;
  /** The C2PA manifest, signed as the last write to the file; `signed: false` when no key is configured. */
  c2pa: { signed: false } | { signed: true; alg: string; signer: string; issuer: string };
}

/** The job's provenance as result.json records it (docs/provenance.md). */
export interface JobProvenance {
  /** The label profile applied: `eu`, `cn`, `none` or a custom profile's id. */
  labelProfile: string;
  /** The visible label as drawn (seconds on the clip), or null when the profile shows none. */
  visibleLabel: { text: string; language: string; start: number; end: number } | null;
  /** IPTC DigitalSourceType URI written in the XMP packet and the C2PA `c2pa.created` action. */
  digitalSourceType: string;
  /** `signed`: every output carries signed content credentials; `unsigned`: none is configured (see warnings). */
  credentials: 'signed' | 'unsigned';
  /** What was used and under which licence and consent (the rights report; consent record ids only). */
  rights: Record<string, unknown>;
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

/**
 * One output's editable timelines: a folder beside the clip holding each timeline file and a
 * `media/` folder they reference by relative paths (layers as PNG or ProRes 4444 with alpha, sound
 * as 48 kHz WAV, the caption sidecars).
 */
export interface TimelineExportRecord {
  aspect: string;
  /** The folder's name in the output folder (`timeline-16x9`). */
  folder: string;
  /** Each format's files, relative to the folder (`clip-16x9.otio`; FCPXML 1.10 and 1.9). */
  formats: { format: string; files: string[] }[];
  /** The media, relative to the folder (`media/01-read-presenter.mov`). */
  media: string[];
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
  /**
   * The caption files beside the clip (`captions.srt`, `.vtt`, `.ttml`), their language (BCP 47),
   * and each translation's files (`captions.es.vtt`...), in the order the job gave them.
   */
  captions: {
    cues: number;
    files: string[];
    language?: string;
    translations?: { language: string; cues: number; files: string[] }[];
  };
  outputs: OutputResult[];
  /** The editable timelines the job was asked for, one folder per output (docs/timelines.md). */
  timelines?: TimelineExportRecord[];
  /** Seconds each stage took, in the order they ran. */
  stages: Record<string, number>;
  createdAt: string;
  /** What the job could not do as asked, though it finished (a glyph no font has, a word left unread). */
  warnings?: ResultWarning[];
  /** Labels, content credentials and rights of the job (absent in results made before issue 16). */
  provenance?: JobProvenance;
}
