import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { SpeechResult, WordTiming } from '@app/core';
import { ClipwrightError, ErrorCode, toClipwrightError } from '@app/core';
import { alignToReference } from '../../align';
import { splitClauses } from '../../clauses';
import { cancelled } from '../../espeak.process';
import { EspeakSpeechProvider } from '../../espeak.provider';
import { NEUTRAL_RATE_WPM, validateSpeechRequest } from '../../speech.request';
import type {
  SpeechCapabilities,
  SpeechHealth,
  SpeechProvider,
  SpeechRequest,
  VoiceInfo,
} from '../../speech.types';
import { parseWav, type PcmAudio } from '../../wav';
import { concatPcm, floatToPcm, visemesFromEspeak, writeSpeechResult } from '../speech-result';
import { phonemeIds, sentencePhonemes, sentencesOf } from './piper.phonemes';
import { piperVoiceInfos, resolvePiperVoice, scanPiperVoices, type PiperVoiceFile } from './piper.catalog';
import { openPiperSession, type PiperRuntime } from './piper.session';

export interface PiperOptions {
  /** Folder of user-supplied voices: `<name>.onnx` + `<name>.onnx.json` (undefined: not configured). */
  voicesDir?: string;
  /** The espeak-ng executable that phonemizes (run as a separate process). */
  espeakBinary: string;
  /** Silence between sentences, seconds (Piper's own `--sentence_silence` default is 0.2). */
  sentenceSilence?: number;
  /** Opens a model; tests may pass their own. Default: onnxruntime-node on the CPU. */
  open?: (model: string, label: string, hopLength: number) => Promise<PiperRuntime>;
}

/**
 * Piper-format neural voices (VITS models exported to ONNX, github.com/rhasspy/piper) run in-process
 * with onnxruntime-node. Text is phonemized by espeak-ng (`--ipa`, a separate process) and mapped to
 * ids with the voice's phoneme_id_map as Piper does; one inference per sentence. Word times come from
 * the model's per-id durations when it exposes them (a voice patched for alignments), otherwise from
 * aligning its audio to an espeak-ng reading of the same text (libs/speech/src/align).
 */
export class PiperSpeechProvider implements SpeechProvider {
  readonly id = 'piper';
  readonly capabilities: SpeechCapabilities = {
    ssml: false,
    visemes: false,
    wordTimings: 'model',
    cloud: false,
  };
  private readonly sessions = new Map<string, Promise<PiperRuntime>>();
  private readonly open: NonNullable<PiperOptions['open']>;

  constructor(private readonly options: PiperOptions) {
    this.open = options.open ?? openPiperSession;
  }

  async voices(): Promise<VoiceInfo[]> {
    return piperVoiceInfos((await this.scan()).voices);
  }

  async health(): Promise<SpeechHealth> {
    try {
      const { voices, problems } = await this.scan();
      if (voices.length === 0) {
        const why = problems.length ? `: ${problems.join('; ')}` : '';
        return {
          provider: this.id,
          ok: false,
          code: ErrorCode.SpeechNotConfigured,
          reason: `No Piper voice (a .onnx with its .onnx.json) in ${this.options.voicesDir}${why}`,
        };
      }
      require.resolve('onnxruntime-node');
      const skipped = problems.length ? `; skipped ${problems.join('; ')}` : '';
      return {
        provider: this.id,
        ok: true,
        detail: `${voices.length} voice(s) in ${this.options.voicesDir}${skipped}`,
      };
    } catch (e) {
      const err = toClipwrightError(e);
      return {
        provider: this.id,
        ok: false,
        code: err.code === ErrorCode.Internal ? ErrorCode.SpeechNotConfigured : err.code,
        reason: err.message,
      };
    }
  }

  async synthesize(req: SpeechRequest): Promise<SpeechResult> {
    validateSpeechRequest(req);
    if (req.signal?.aborted) throw cancelled(req.signal.reason);
    const { file, speaker } = resolvePiperVoice((await this.scan()).voices, req.voice);
    const config = file.config;
    const runtime = await this.session(file);
    const clauses = splitClauses(req.text);
    const sr = config.sampleRate;
    const silence = new Int16Array(Math.round((this.options.sentenceSilence ?? 0.2) * sr));
    const lengthScale = (config.lengthScale * NEUTRAL_RATE_WPM) / req.rate;
    const parts: Int16Array[] = [];
    const modelWords: Array<{ start: number; end: number } | undefined> = [];
    let durationsComplete = runtime.reportsDurations;
    let at = 0;
    const sentences = sentencesOf(clauses);
    for (const [s, sentence] of sentences.entries()) {
      if (req.signal?.aborted) throw cancelled(req.signal.reason);
      const phonemes = await sentencePhonemes(this.options.espeakBinary, config, sentence, req.signal);
      const { ids, owners } = phonemeIds(phonemes, config.phonemeIdMap);
      const out = await runtime.infer(ids, [config.noiseScale, lengthScale, config.noiseW], speaker);
      const pcm = floatToPcm(out.audio, sr);
      if (out.samplesPerId)
        tokenSpans(owners, out.samplesPerId, at, pcm.samples.length).forEach(
          (span, t) => (modelWords[t] = span),
        );
      else durationsComplete = false;
      parts.push(pcm.samples);
      at += pcm.samples.length;
      if (s < sentences.length - 1) {
        parts.push(silence);
        at += silence.length;
      }
    }
    const audio = concatPcm(parts, sr);
    const tokens = clauses.flatMap((c) => c.tokens);
    const words = durationsComplete
      ? wordsFromSpans(tokens, modelWords, sr)
      : await this.alignedWords(req, config.espeakVoice, audio);
    const duration = audio.samples.length / sr;
    return writeSpeechResult({
      audio,
      words,
      clauses,
      visemes: await visemesFromEspeak(
        this.options.espeakBinary,
        config.espeakVoice,
        clauses,
        words,
        duration,
        req.signal,
      ),
      provider: this.id,
      voice: req.voice,
      workDir: req.workDir,
    });
  }

  /** Release every open model. */
  async close(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(open.map(async (s) => (await s.catch(() => undefined))?.release()));
  }

  private async scan(): Promise<{ voices: PiperVoiceFile[]; problems: string[] }> {
    if (!this.options.voicesDir) {
      throw new ClipwrightError(
        ErrorCode.SpeechNotConfigured,
        'No Piper voices folder is configured (set PIPER_VOICES_DIR to a folder of .onnx + .onnx.json voices)',
        { path: 'PIPER_VOICES_DIR' },
      );
    }
    return scanPiperVoices(this.options.voicesDir);
  }

  private session(file: PiperVoiceFile): Promise<PiperRuntime> {
    let s = this.sessions.get(file.model);
    if (!s) {
      s = this.open(file.model, path.basename(file.model), file.config.hopLength);
      // A model that failed to open is tried again next time (the file may have been fixed).
      s.catch(() => this.sessions.delete(file.model));
      this.sessions.set(file.model, s);
    }
    return s;
  }

  /** Word times by aligning the voice's audio to an espeak-ng reading whose word times are known. */
  private async alignedWords(
    req: SpeechRequest,
    espeakVoice: string,
    audio: PcmAudio,
  ): Promise<WordTiming[]> {
    const dir = await fs.mkdtemp(path.join(req.workDir, '.piper-reference-'));
    try {
      const reference = await new EspeakSpeechProvider({ binary: this.options.espeakBinary }).synthesize({
        text: req.text,
        voice: espeakVoice,
        rate: req.rate,
        workDir: dir,
        signal: req.signal,
      });
      const refAudio = parseWav(await fs.readFile(reference.audioPath));
      return alignToReference({ audio: refAudio, words: reference.words }, audio).words;
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}

/**
 * Sample spans of the tokens in one sentence: token t runs from its first id to the end of its last
 * (a phoneme's trailing pad included), offset by where the sentence starts. The model's durations
 * are frames of hop_length samples and may not sum to the audio length exactly: clamped to it.
 */
export function tokenSpans(
  owners: readonly number[],
  samplesPerId: Float64Array,
  offset: number,
  length: number,
): Map<number, { start: number; end: number }> {
  const spans = new Map<number, { start: number; end: number }>();
  let at = 0;
  owners.forEach((owner, i) => {
    const next = at + samplesPerId[i];
    if (owner >= 0) {
      const s = spans.get(owner);
      const start = offset + Math.min(at, length);
      const end = offset + Math.min(next, length);
      if (s) s.end = end;
      else spans.set(owner, { start, end });
    }
    at = next;
  });
  return spans;
}

/** Words from sample spans; a token the model gave no ids (a dash, symbols) gets an empty span where it falls. */
function wordsFromSpans(
  tokens: readonly string[],
  spans: ReadonlyArray<{ start: number; end: number } | undefined>,
  sampleRate: number,
): WordTiming[] {
  const words: WordTiming[] = [];
  let last = 0;
  tokens.forEach((text, t) => {
    const span = spans[t];
    const start = span ? Math.max(last, span.start) : last;
    const end = span ? Math.max(start, span.end) : start;
    words.push({ text, start: start / sampleRate, end: end / sampleRate });
    last = end;
  });
  return words;
}
