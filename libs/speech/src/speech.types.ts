import type { SpeechResult } from '@app/core';

export interface SpeechRequest {
  text: string;
  /** SSML for providers that read it; text stays the plain reading. */
  ssml?: string;
  voice: string;
  /** words per minute */
  rate: number;
  /** folder to write into (exists) */
  workDir: string;
  signal?: AbortSignal;
}

export interface SpeechProvider {
  readonly id: string;
  synthesize(req: SpeechRequest): Promise<SpeechResult>;
}
