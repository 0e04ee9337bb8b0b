import type { ErrorCode, SpeechResult } from '@app/core';

export interface SpeechRequest {
  /** The plain reading: what the captions show and what `words` in the result are made of. */
  text: string;
  /** SSML for providers that read it; text stays the plain reading. */
  ssml?: string;
  /** A voice id from the provider's catalogue (`voices()`). */
  voice: string;
  /** words per minute */
  rate: number;
  /** folder to write into (exists) */
  workDir: string;
  signal?: AbortSignal;
}

/** One voice of a provider's catalogue. */
export interface VoiceInfo {
  /** What goes in SpeechRequest.voice and a template's `voice.voice`. */
  id: string;
  /** The provider's id (`espeak`, `azure`, `polly`, `piper`). */
  provider: string;
  /** For people: "English (America)", "Jenny", "en_US-lessac-medium". */
  name: string;
  /** BCP 47 tags of the languages it reads, its own first. */
  languages: string[];
  gender?: 'female' | 'male' | 'neutral';
  /** How the voice is made: a neural model, a concatenative/standard engine, or formant synthesis. */
  kind: 'neural' | 'standard' | 'formant';
}

/** What a provider can do, so callers can choose (and the API can show) without trying. */
export interface SpeechCapabilities {
  /** Reads SpeechRequest.ssml (`phoneme`, `sub`, `break`); false: reads `text` only. */
  ssml: boolean;
  /** True when the voice engine itself reports mouth shapes; false: derived from espeak-ng phonemes. */
  visemes: boolean;
  /**
   * Where word times come from: the engine's own events ('engine'), the model's phoneme durations
   * or the aligner ('model'), measured by us from the audio ('measured'), or aligned to a
   * synthetic reading of the script ('aligned', a recorded voice-over).
   */
  wordTimings: 'engine' | 'model' | 'measured' | 'aligned';
  /** Needs the network and an account (a key). */
  cloud: boolean;
}

/** Whether a provider can run here, and if not, why, in words an operator can act on. */
export type SpeechHealth =
  | { provider: string; ok: true; detail: string }
  | { provider: string; ok: false; code: ErrorCode; reason: string };

export interface SpeechProvider {
  readonly id: string;
  readonly capabilities: SpeechCapabilities;
  synthesize(req: SpeechRequest): Promise<SpeechResult>;
  /** The voices this provider offers here. Throws (with the health reason) when it cannot run. */
  voices(signal?: AbortSignal): Promise<VoiceInfo[]>;
  /** Never throws: says why the provider cannot run (no key, bad region, missing model or program). */
  health(signal?: AbortSignal): Promise<SpeechHealth>;
}
