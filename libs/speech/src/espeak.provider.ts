import * as path from 'node:path';
import type { SpeechResult } from '@app/core';
import { ClipwrightError, ErrorCode, toClipwrightError, writeFileAtomic } from '@app/core';
import { ProcessRunner } from '@app/media';
import { assembleClauses, type RenderedClause } from './assemble';
import { type Clause, splitClauses } from './clauses';
import { cancelled, runSynthesizer } from './espeak.process';
import { mapLimited } from './limit';
import { trimSilence } from './silence';
import { separatedTokensSsml } from './ssml';
import { validateSpeechRequest } from './speech.request';
import { parseEspeakVoices } from './espeak.voices';
import type {
  SpeechCapabilities,
  SpeechHealth,
  SpeechProvider,
  SpeechRequest,
  VoiceInfo,
} from './speech.types';
import { visemesFromPhonemes } from './visemes';
import { espeakPhonemes } from './visemes.espeak';
import { encodeWav, parseWav, type PcmAudio } from './wav';
import { wordWeights } from './word-timing';

export interface EspeakOptions {
  /** Starts espeak-ng (its path comes from the runner's tool config); default: a runner with default paths. */
  runner?: ProcessRunner;
  /** Another espeak-ng executable than the runner's. */
  binary?: string;
  /** How many espeak-ng processes may run at once (two per clause); default 3. */
  concurrency?: number;
}

export const SPEECH_FILE = 'speech.wav';

type Job = { clause: number; separated: boolean };

/**
 * Speech from espeak-ng, run as a separate process. The CLI reports no word timings, so each clause
 * is synthesized on its own and placed by us (exact clause onsets), and the words inside a clause
 * get shares of its duration weighted by how long each takes when read apart (see word-timing.ts):
 * two espeak-ng runs per clause of more than one word.
 */
export class EspeakSpeechProvider implements SpeechProvider {
  readonly id = 'espeak';
  readonly capabilities: SpeechCapabilities = {
    ssml: false,
    visemes: false,
    wordTimings: 'measured',
    cloud: false,
  };
  private readonly runner: ProcessRunner;
  private readonly concurrency: number;

  constructor(options: EspeakOptions = {}) {
    const runner = options.runner ?? new ProcessRunner();
    this.runner = options.binary ? runner.withTools({ espeak: options.binary }) : runner;
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 3));
  }

  async synthesize(req: SpeechRequest): Promise<SpeechResult> {
    validateSpeechRequest(req);
    if (req.signal?.aborted) throw cancelled(req.signal.reason);
    const clauses = splitClauses(req.text);

    // Lets the first failing process stop its siblings without waiting for them to finish.
    const stopper = new AbortController();
    const signal = req.signal ? AbortSignal.any([req.signal, stopper.signal]) : stopper.signal;
    const jobs: Job[] = clauses.flatMap((c, i) =>
      c.tokens.length > 1
        ? [
            { clause: i, separated: false },
            { clause: i, separated: true },
          ]
        : [{ clause: i, separated: false }],
    );
    const audios = await mapLimited(
      jobs,
      this.concurrency,
      (job) => this.render(clauses[job.clause], job.separated, req, signal),
      () => stopper.abort(),
    );
    if (req.signal?.aborted) throw cancelled(req.signal.reason);
    // Mouth shapes need each word's phonemes: one more (silent) espeak-ng run per clause.
    const phonemes = await mapLimited(
      clauses,
      this.concurrency,
      (c) => espeakPhonemes(this.runner, req.voice, c.tokens, signal),
      () => stopper.abort(),
    );
    if (req.signal?.aborted) throw cancelled(req.signal.reason);

    const plain: PcmAudio[] = [];
    const separated: PcmAudio[] = [];
    jobs.forEach((job, k) => ((job.separated ? separated : plain)[job.clause] = audios[k]));
    const parts: RenderedClause[] = clauses.map((clause, i) => {
      const trim = trimSilence(plain[i]);
      const spoken = trim ? (trim.speech.end - trim.speech.start) / plain[i].sampleRate : undefined;
      return {
        clause,
        audio: plain[i],
        weights: wordWeights(clause.tokens, separated[i] ?? null, spoken).weights,
      };
    });
    const assembly = assembleClauses(parts);
    const audioPath = path.resolve(req.workDir, SPEECH_FILE);
    await writeFileAtomic(audioPath, encodeWav(assembly.audio));
    const duration = assembly.audio.samples.length / assembly.audio.sampleRate;
    return {
      audioPath,
      sampleRate: assembly.audio.sampleRate,
      duration,
      words: assembly.words,
      clauses: assembly.clauses,
      visemes: visemesFromPhonemes(assembly.words, phonemes.flat(), duration),
      provider: this.id,
      voice: req.voice,
    };
  }

  /** The voices of `espeak-ng --voices` (one per language; variants such as `+f3` are not listed). */
  async voices(signal?: AbortSignal): Promise<VoiceInfo[]> {
    const out = await runSynthesizer(this.runner, ['--voices'], '', signal);
    return parseEspeakVoices(out.toString('utf8'));
  }

  /** Runs `espeak-ng --version`: ok with the version line, or why the program cannot run. */
  async health(signal?: AbortSignal): Promise<SpeechHealth> {
    try {
      const out = await runSynthesizer(this.runner, ['--version'], '', signal);
      return { provider: this.id, ok: true, detail: out.toString('utf8').trim().split('\n')[0] };
    } catch (e) {
      const err = toClipwrightError(e);
      return { provider: this.id, ok: false, code: err.code, reason: err.message };
    }
  }

  /** One espeak-ng run: the clause as written, or (separated) its tokens apart in SSML. */
  private async render(
    clause: Clause,
    separated: boolean,
    req: SpeechRequest,
    signal?: AbortSignal,
  ): Promise<PcmAudio> {
    const args = ['-v', req.voice, '-s', String(Math.round(req.rate)), '-b', '1', '--stdout', '--stdin'];
    const input = separated ? separatedTokensSsml(clause.tokens) : clause.text;
    const wav = await runSynthesizer(this.runner, separated ? ['-m', ...args] : args, input, signal);
    try {
      return parseWav(wav);
    } catch (e) {
      throw new ClipwrightError(
        ErrorCode.SpeechFailed,
        `${this.runner.tools.espeak} gave no usable audio for "${clause.text}": ${(e as Error).message}`,
        { cause: e, detail: { bytes: wav.length } },
      );
    }
  }
}
