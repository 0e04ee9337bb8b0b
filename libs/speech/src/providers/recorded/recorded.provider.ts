import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { SpeechResult } from '@app/core';
import { ClipwrightError, ErrorCode, isClipwrightError, toClipwrightError } from '@app/core';
import type { FfmpegExecutor } from '@app/media';
import { alignToReference } from '../../align';
import { splitClauses } from '../../clauses';
import { cancelled } from '../../espeak.process';
import { EspeakSpeechProvider } from '../../espeak.provider';
import { trimSilence } from '../../silence';
import { validateSpeechRequest } from '../../speech.request';
import type {
  SpeechCapabilities,
  SpeechHealth,
  SpeechProvider,
  SpeechRequest,
  VoiceInfo,
} from '../../speech.types';
import { parseWav, type PcmAudio } from '../../wav';
import { visemesFromEspeak, writeSpeechResult } from '../speech-result';
import { voiceOverDecodeArgs } from './voice-over.args';

export interface RecordedVoiceOptions {
  /** The reporter's recording of the script: WAV, MP3 or M4A (anything ffmpeg decodes). */
  recording: string;
  /** The one ffmpeg executor (libs/media); only `run` is used. */
  ffmpeg: Pick<FfmpegExecutor, 'run'>;
  /** espeak-ng, for the reference reading and the mouth shapes (a separate process). */
  espeakBinary: string;
}

/** Shortest recording worth aligning, seconds of speech. */
const MIN_SPEECH = 0.3;
/**
 * Words per minute a recording of the script may imply (script words over seconds from first to
 * last sound): read news runs 130–200, fast sport commentary under 300, so outside this range the
 * recording cannot be a reading of this script.
 */
const PACE_WPM = { min: 40, max: 350 } as const;

/**
 * A recorded voice-over as a voice: the reporter's recording becomes the reading, and the script's
 * words are aligned to it (libs/speech/src/align: dynamic time warping against an espeak-ng reading
 * whose word times are known), so captions and the presenter's mouth follow the reporter. The
 * request's `voice` is the espeak-ng voice of the script's language (`en-us`, `cmn`), used for the
 * reference reading and the phonemes of the mouth shapes; `rate` is ignored (the recording sets it).
 */
export class RecordedVoiceProvider implements SpeechProvider {
  readonly id = 'recorded';
  readonly capabilities: SpeechCapabilities = {
    ssml: false,
    visemes: false,
    wordTimings: 'aligned',
    cloud: false,
  };
  private readonly espeak: EspeakSpeechProvider;

  constructor(private readonly options: RecordedVoiceOptions) {
    this.espeak = new EspeakSpeechProvider({ binary: options.espeakBinary });
  }

  async synthesize(req: SpeechRequest): Promise<SpeechResult> {
    validateSpeechRequest(req);
    if (req.signal?.aborted) throw cancelled(req.signal.reason);
    const scratch = await fs.mkdtemp(path.join(req.workDir, '.voice-over-'));
    try {
      const audio = await this.decode(scratch, req.signal);
      const trim = trimSilence(audio);
      const speech = trim ? (trim.speech.end - trim.speech.start) / audio.sampleRate : 0;
      if (speech < MIN_SPEECH) {
        throw invalid(
          `The recording ${path.basename(this.options.recording)} has no speech in it (silent or too quiet)`,
        );
      }
      const clauses = splitClauses(req.text);
      const tokens = clauses.flatMap((c) => c.tokens);
      const pace = (tokens.length / speech) * 60;
      if (pace < PACE_WPM.min || pace > PACE_WPM.max) {
        throw invalid(
          `The recording has ${speech.toFixed(1)} s of speech for ${tokens.length} words of script ` +
            `(${Math.round(pace)} words a minute): is it the recording of this script?`,
        );
      }
      // The reference is read at the recording's own pace, which leaves the warp less to do.
      const reference = await this.espeak.synthesize({
        text: req.text,
        voice: req.voice,
        rate: Math.min(400, Math.max(80, Math.round(pace))),
        workDir: scratch,
        signal: req.signal,
      });
      const refAudio = parseWav(await fs.readFile(reference.audioPath));
      if (req.signal?.aborted) throw cancelled(req.signal.reason);
      const { words } = alignToReference({ audio: refAudio, words: reference.words }, audio);
      const duration = audio.samples.length / audio.sampleRate;
      const visemes = await visemesFromEspeak(
        this.options.espeakBinary,
        req.voice,
        clauses,
        words,
        duration,
        req.signal,
      );
      return await writeSpeechResult({
        audio,
        words,
        clauses,
        visemes,
        provider: this.id,
        voice: req.voice,
        workDir: req.workDir,
      });
    } finally {
      await fs.rm(scratch, { recursive: true, force: true });
    }
  }

  /** The languages a script can be aligned in: espeak-ng's voices (the reference reader). */
  voices(signal?: AbortSignal): Promise<VoiceInfo[]> {
    return this.espeak.voices(signal);
  }

  /** Needs espeak-ng (the reference) and ffmpeg (decoding); says which is missing. */
  async health(signal?: AbortSignal): Promise<SpeechHealth> {
    const espeak = await this.espeak.health(signal);
    if (!espeak.ok) return { ...espeak, provider: this.id };
    try {
      await this.options.ffmpeg.run(['-hide_banner', '-version'], { signal, label: 'ffmpeg -version' });
      return { provider: this.id, ok: true, detail: `${espeak.detail}; ffmpeg found` };
    } catch (e) {
      const err = toClipwrightError(e);
      return { provider: this.id, ok: false, code: err.code, reason: err.message };
    }
  }

  /** The recording as mono 16-bit PCM at 48 kHz, decoded by ffmpeg; a file it cannot read is the caller's to fix. */
  private async decode(scratch: string, signal?: AbortSignal): Promise<PcmAudio> {
    const name = path.basename(this.options.recording);
    const stat = await fs.stat(this.options.recording).catch(() => undefined);
    if (!stat?.isFile()) throw invalid(`The recording ${name} does not exist`);
    const out = path.join(scratch, 'decoded.wav');
    try {
      await this.options.ffmpeg.run(voiceOverDecodeArgs(this.options.recording, out), {
        signal,
        label: 'decode voice-over',
      });
    } catch (e) {
      if (isClipwrightError(e) && e.code === ErrorCode.FfmpegFailed) {
        const tail =
          String(e.detail?.logTail ?? '')
            .split('\n')
            .pop() ?? '';
        throw invalid(`The recording ${name} could not be decoded as audio${tail ? `: ${tail}` : ''}`, e);
      }
      throw e;
    }
    return parseWav(await fs.readFile(out));
  }
}

function invalid(message: string, cause?: unknown): ClipwrightError {
  return new ClipwrightError(ErrorCode.VoiceOverInvalid, message, {
    path: 'recording',
    ...(cause ? { cause } : {}),
  });
}
