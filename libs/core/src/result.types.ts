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
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RenderResult {
  clipwright: string;
  template: { id: string; version: number };
  item: { index: number; id: string | null };
  /** sha256 of the canonical JSON of the data item that was rendered. */
  inputsDigest: string;
  script: string;
  speech: { provider: string; voice: string; duration: number; words: number };
  captions: { cues: number; files: string[] };
  outputs: OutputResult[];
  /** Seconds each stage took, in the order they ran. */
  stages: Record<string, number>;
  createdAt: string;
}
