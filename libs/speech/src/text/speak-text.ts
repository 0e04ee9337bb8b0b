import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ClauseTiming, SpeechResult, VisemeTiming } from '@app/core';
import { ClipwrightError, ErrorCode, writeFileAtomic } from '@app/core';
import { SPEECH_FILE } from '../espeak.provider';
import { escapeXml } from '../ssml';
import type { SpeechProvider } from '../speech.types';
import { encodeWav, parseWav, type PcmAudio } from '../wav';
import type { Lexicon } from './lexicon';
import { normaliseForSpeech } from './normalise';
import { languageName, primaryLanguage } from './scripts';
import type { SpokenPiece, TextWarning } from './text.types';
import { finishTokenTimes, mapClauses, type SpokenWord, timeTokens } from './token-map';

export interface SpeakOptions {
  voice: string;
  /**
   * BCP 47 language the voice reads ("en-us"), for the normalisation rules and the SSML `xml:lang`;
   * default: the voice id itself (espeak-ng's ids are languages; a Piper or Polly voice's are not).
   */
  language?: string;
  /** Words per minute. */
  rate: number;
  /** Existing folder; the reading is written there as speech.wav. */
  workDir: string;
  signal?: AbortSignal;
  /** The workspace's pronunciation lexicon. */
  lexicon?: Lexicon;
  /**
   * The voice of the same provider for a run in another language (BCP 47 "zh", "ar"), or undefined
   * when there is none, and the run is left out with a warning. Default: espeak-ng's voice for that
   * language when the provider is espeak-ng (`espeakVoiceFor`), none for other providers.
   */
  voiceFor?: (language: string) => string | undefined;
}

/** One stretch of the reading by one voice, for result.json (`speech.segments[]`). */
export interface VoiceSegment {
  voice: string;
  /** BCP 47 language of a run read by another voice than the template's; absent for the main voice. */
  language?: string;
  /** Exactly what the voice was given to read. */
  text: string;
  /** Seconds in speech.wav. */
  start: number;
  end: number;
}

/** The reading: a SpeechResult whose words are the display tokens the captions show. */
export interface SpokenText extends SpeechResult {
  spokenText: string;
  warnings: TextWarning[];
  segments: VoiceSegment[];
}

/** espeak-ng voices for languages a reading may switch to (espeak-ng 1.51 `--voices`). */
const ESPEAK_VOICES: Readonly<Record<string, string>> = {
  zh: 'cmn',
  ja: 'ja',
  ko: 'ko',
  ar: 'ar',
  he: 'he',
  ru: 'ru',
  el: 'el',
  th: 'th',
  hi: 'hi',
  bn: 'bn',
  ta: 'ta',
  hy: 'hy',
  ka: 'ka',
};

/** The espeak-ng voice that reads a language, if espeak-ng has one. */
export function espeakVoiceFor(language: string): string | undefined {
  return ESPEAK_VOICES[primaryLanguage(language)];
}

// Joins between two voices: speech kept before and after the words, and the pause between.
const SEGMENT_LEAD = 0.05;
const SEGMENT_TAIL = 0.1;
const SEGMENT_GAP = 0.15;

interface Segment {
  voice: string;
  language?: string;
  pieces: SpokenPiece[];
}

/**
 * The single entry point from a script to speech. Normalises the display text (numbers, units,
 * abbreviations, region codes, markup, the lexicon: see `normaliseForSpeech`), reads runs in other
 * scripts with a voice of their language or leaves them out with a warning, calls the provider once
 * per voice segment with plain `text` and its `ssml`, joins the segments' audio into speech.wav in
 * `workDir`, and maps the provider's word timings back onto the display tokens. Throws
 * INVALID_ARGUMENT when nothing readable is left, and what the provider throws.
 */
export async function speakText(
  provider: SpeechProvider,
  displayText: string,
  options: SpeakOptions,
): Promise<SpokenText> {
  const language = options.language ?? options.voice;
  const script = normaliseForSpeech(displayText, { language, lexicon: options.lexicon });
  const warnings = [...script.warnings];
  const voiceFor = options.voiceFor ?? (provider.id === 'espeak' ? espeakVoiceFor : () => undefined);
  const segments: Segment[] = [];
  const left = new Set<string>();
  for (const piece of script.pieces) {
    const voice = piece.language === undefined ? options.voice : voiceFor(piece.language);
    if (voice === undefined) {
      if (!left.has(piece.text)) {
        left.add(piece.text);
        const name = languageName(piece.language ?? '');
        warnings.push({
          code: 'TEXT_NOT_READ',
          message: `"${piece.text}" (${name}) was left out of the reading: no ${name} voice for ${options.voice}`,
          text: piece.text,
        });
      }
      continue;
    }
    const last = segments[segments.length - 1];
    if (last !== undefined && last.voice === voice) last.pieces.push(piece);
    else segments.push({ voice, language: piece.language, pieces: [piece] });
  }
  if (segments.length === 0) {
    throw new ClipwrightError(ErrorCode.InvalidArgument, 'The script has nothing a voice can read', {
      path: 'script',
      detail: { warnings },
    });
  }

  const results: SpeechResult[] = [];
  for (const [i, segment] of segments.entries()) {
    const workDir = segments.length === 1 ? options.workDir : path.join(options.workDir, `voice-${i}`);
    await fs.mkdir(workDir, { recursive: true });
    const text = segment.pieces.map((p) => p.text).join(' ');
    const lang = segment.language ?? primaryLanguage(language);
    const body = segment.pieces.map((p) => p.ssml ?? escapeXml(p.text)).join(' ');
    const ssml = `<speak version="1.1" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="${escapeXml(lang)}">${body}</speak>`;
    results.push(
      await provider.synthesize({
        text,
        ssml,
        voice: segment.voice,
        rate: options.rate,
        workDir,
        signal: options.signal,
      }),
    );
  }
  return segments.length === 1
    ? single(script.tokens, segments[0], results[0], warnings)
    : await joined(script.tokens, segments, results, warnings, options.workDir);
}

function wordsOf(segment: Segment): SpokenWord[] {
  return segment.pieces.flatMap((p) =>
    p.text
      .split(' ')
      .filter((w) => w !== '')
      .map((text) => ({ text, token: p.token })),
  );
}

function emptySpans(count: number): { start: number; end: number }[] {
  return Array.from({ length: count }, () => ({ start: Infinity, end: -Infinity }));
}

function single(
  tokens: string[],
  segment: Segment,
  result: SpeechResult,
  warnings: TextWarning[],
): SpokenText {
  const spans = emptySpans(tokens.length);
  const tokenOf = timeTokens(tokens, wordsOf(segment), result.words, spans);
  const text = segment.pieces.map((p) => p.text).join(' ');
  return {
    ...result,
    words: finishTokenTimes(tokens, spans),
    clauses: mapClauses(result.clauses, tokenOf, tokens, 0),
    spokenText: text,
    warnings,
    segments: [
      {
        voice: segment.voice,
        ...(segment.language ? { language: segment.language } : {}),
        text,
        start: 0,
        end: result.duration,
      },
    ],
  };
}

/** Several voices: their audio cut to the speech and laid end to end, times shifted to match. */
async function joined(
  tokens: string[],
  segments: Segment[],
  results: SpeechResult[],
  warnings: TextWarning[],
  workDir: string,
): Promise<SpokenText> {
  const audios: PcmAudio[] = [];
  for (const r of results) audios.push(parseWav(await fs.readFile(r.audioPath)));
  const sampleRate = audios[0].sampleRate;
  const other = audios.findIndex((a) => a.sampleRate !== sampleRate);
  if (other >= 0) {
    throw new ClipwrightError(
      ErrorCode.SpeechFailed,
      `Voices ${segments[0].voice} and ${segments[other].voice} speak at different sample rates (${sampleRate} and ${audios[other].sampleRate} Hz)`,
    );
  }
  const spans = emptySpans(tokens.length);
  const parts: Int16Array[] = [];
  const clauses: ClauseTiming[] = [];
  const visemes: VisemeTiming[] = [];
  const voiceSegments: VoiceSegment[] = [];
  let at = 0;
  results.forEach((result, i) => {
    const first = result.words[0]?.start ?? 0;
    const lastWord = result.words.reduce((end, w) => Math.max(end, w.end), 0);
    const cutFrom = i === 0 ? 0 : Math.max(0, first - SEGMENT_LEAD);
    const cutTo =
      i === results.length - 1 ? result.duration : Math.min(result.duration, lastWord + SEGMENT_TAIL);
    const from = Math.round(cutFrom * sampleRate);
    const to = Math.max(from, Math.round(cutTo * sampleRate));
    const offset = at - from / sampleRate;
    const tokenOf = timeTokens(tokens, wordsOf(segments[i]), result.words, spans, offset);
    clauses.push(...mapClauses(result.clauses, tokenOf, tokens, offset));
    for (const v of result.visemes ?? []) {
      const start = Math.max(v.start, cutFrom) + offset;
      const end = Math.min(v.end, cutTo) + offset;
      if (end > start) visemes.push({ viseme: v.viseme, start, end });
    }
    parts.push(audios[i].samples.subarray(from, to));
    const text = segments[i].pieces.map((p) => p.text).join(' ');
    const end = at + (to - from) / sampleRate;
    voiceSegments.push({
      voice: segments[i].voice,
      ...(segments[i].language ? { language: segments[i].language } : {}),
      text,
      start: at,
      end,
    });
    at = end;
    if (i < results.length - 1) {
      const gap = new Int16Array(Math.round(SEGMENT_GAP * sampleRate));
      parts.push(gap);
      visemes.push({ viseme: 'X', start: at, end: at + gap.length / sampleRate });
      at += gap.length / sampleRate;
    }
  });
  const samples = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    samples.set(p, pos);
    pos += p.length;
  }
  const audioPath = path.resolve(workDir, SPEECH_FILE);
  await writeFileAtomic(audioPath, encodeWav({ sampleRate, samples }));
  for (let i = 0; i < results.length; i++) {
    await fs.rm(path.join(workDir, `voice-${i}`), { recursive: true, force: true });
  }
  return {
    audioPath,
    sampleRate,
    duration: samples.length / sampleRate,
    words: finishTokenTimes(tokens, spans),
    clauses,
    visemes,
    provider: results[0].provider,
    voice: results[0].voice,
    spokenText: voiceSegments.map((s) => s.text).join(' '),
    warnings,
    segments: voiceSegments,
  };
}
