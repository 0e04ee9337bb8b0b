import * as path from 'node:path';
import type { ClauseTiming, SpeechResult, VisemeTiming, WordTiming } from '@app/core';
import { writeFileAtomic } from '@app/core';
import type { Clause } from '../clauses';
import { SPEECH_FILE } from '../espeak.provider';
import { mapLimited } from '../limit';
import { visemesFromPhonemes } from '../visemes';
import { espeakPhonemes } from '../visemes.espeak';
import { encodeWav, type PcmAudio } from '../wav';

/**
 * Float samples in [-1, 1] to 16-bit PCM, scaled so the loudest sample reaches `peak` (Piper's
 * normalize_audio does this per sentence; the engine's loudness pass sets the final level).
 */
export function floatToPcm(samples: Float32Array, sampleRate: number, peak = 0.9): PcmAudio {
  let max = 0;
  for (let i = 0; i < samples.length; i++) max = Math.max(max, Math.abs(samples[i]));
  const gain = max > 1e-8 ? (peak * 32767) / max : 0;
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = Math.round(samples[i] * gain);
  return { sampleRate, samples: out };
}

/** Pieces of audio at one sample rate laid end to end. */
export function concatPcm(parts: readonly Int16Array[], sampleRate: number): PcmAudio {
  const samples = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    samples.set(p, at);
    at += p.length;
  }
  return { sampleRate, samples };
}

/** Each clause from its first word's start to its last word's end (words in script order). */
export function clauseTimings(clauses: readonly Clause[], words: readonly WordTiming[]): ClauseTiming[] {
  return clauses.map((c) => {
    const firstWord = c.firstToken;
    const endWord = c.firstToken + c.tokens.length;
    return { text: c.text, start: words[firstWord].start, end: words[endWord - 1].end, firstWord, endWord };
  });
}

/**
 * Mouth shapes for a voice engine that reports none: each word's espeak-ng phonemes (`-x`, one
 * silent run per clause through the shared helper) spread over its time, as the espeak provider does.
 */
export async function visemesFromEspeak(
  binary: string,
  voice: string,
  clauses: readonly Clause[],
  words: readonly WordTiming[],
  duration: number,
  signal?: AbortSignal,
): Promise<VisemeTiming[]> {
  const phonemes = await mapLimited(clauses, 3, (c) => espeakPhonemes(binary, voice, c.tokens, signal));
  return visemesFromPhonemes(words, phonemes.flat(), duration);
}

export interface SpeechParts {
  audio: PcmAudio;
  words: WordTiming[];
  clauses: readonly Clause[];
  visemes: VisemeTiming[];
  provider: string;
  voice: string;
  workDir: string;
}

/** Write the reading as `speech.wav` in the work folder (atomically) and describe it as a SpeechResult. */
export async function writeSpeechResult(parts: SpeechParts): Promise<SpeechResult> {
  const audioPath = path.resolve(parts.workDir, SPEECH_FILE);
  await writeFileAtomic(audioPath, encodeWav(parts.audio));
  return {
    audioPath,
    sampleRate: parts.audio.sampleRate,
    duration: parts.audio.samples.length / parts.audio.sampleRate,
    words: parts.words,
    clauses: clauseTimings(parts.clauses, parts.words),
    visemes: parts.visemes,
    provider: parts.provider,
    voice: parts.voice,
  };
}
