import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SpeechResult } from '@app/core';
import { ClipwrightError, ErrorCode } from '@app/core';
import { splitClauses, tokenize } from './clauses';
import { runSynthesizer } from './espeak.process';
import { EspeakSpeechProvider } from './espeak.provider';
import { speechOnsets, speechSpans, trimSilence } from './silence';
import { separatedTokensSsml } from './ssml';
import { parseWav, type PcmAudio } from './wav';
import { distributeByWeight, wordWeights } from './word-timing';
import { ProcessRunner } from '@app/media';

const VOICE = 'en-us';
const RATE = 160;
const TEXT =
  'A magnitude 5.8 earthquake struck eastern Taiwan on Tuesday morning, the weather agency said.  No damage was reported.';
const ESPEAK = process.env.ESPEAK_PATH ?? 'espeak-ng';

/** The pids of this process's children, read from /proc so no other tool is involved. */
async function childPids(): Promise<number[]> {
  const tasks = await fs.readdir(`/proc/${process.pid}/task`);
  const lists = await Promise.all(
    tasks.map((t) => fs.readFile(`/proc/${process.pid}/task/${t}/children`, 'utf8').catch(() => '')),
  );
  return lists.flatMap((l) => l.split(/\s+/).filter(Boolean).map(Number));
}

async function commOf(pid: number): Promise<string> {
  return (await fs.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
}

async function speak(text: string, ssml = false): Promise<PcmAudio> {
  const args = ['-v', VOICE, '-s', String(RATE), '-b', '1', '--stdout', '--stdin'];
  return parseWav(
    await runSynthesizer(
      new ProcessRunner({ tools: { espeak: ESPEAK } }),
      ssml ? ['-m', ...args] : args,
      text,
    ),
  );
}

/** Seconds of speech in the audio, leading and trailing silence cut. */
function spokenLength(audio: PcmAudio): number {
  const trim = trimSilence(audio);
  if (!trim) throw new Error('no speech');
  return (trim.speech.end - trim.speech.start) / audio.sampleRate;
}

describe('EspeakSpeechProvider with espeak-ng', () => {
  let workDir: string;
  let result: SpeechResult;
  let audio: PcmAudio;

  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-speech-medium-'));
    result = await new EspeakSpeechProvider().synthesize({ text: TEXT, voice: VOICE, rate: RATE, workDir });
    audio = parseWav(await fs.readFile(result.audioPath));
  });
  afterAll(() => fs.rm(workDir, { recursive: true, force: true }));

  it('gives one timed word per token, in order, without overlaps', () => {
    expect(result.provider).toBe('espeak');
    expect(result.voice).toBe(VOICE);
    expect(result.words.map((w) => w.text)).toEqual(tokenize(TEXT));
    expect(result.words.map((w) => w.text).join(' ')).toBe(TEXT.replace(/\s+/g, ' '));
    let last = 0;
    for (const w of result.words) {
      expect(w.start).toBeGreaterThanOrEqual(last);
      expect(w.end).toBeGreaterThan(w.start);
      last = w.end;
    }
    expect(last).toBeLessThan(result.duration);
  });

  it('gives three clauses that cover their words', () => {
    expect(result.clauses.map((c) => c.text)).toEqual([
      'A magnitude 5.8 earthquake struck eastern Taiwan on Tuesday morning,',
      'the weather agency said.',
      'No damage was reported.',
    ]);
    expect(result.clauses.map((c) => [c.firstWord, c.endWord])).toEqual([
      [0, 10],
      [10, 14],
      [14, 18],
    ]);
    for (const c of result.clauses) {
      expect(result.words[c.firstWord].start).toBe(c.start);
      expect(result.words[c.endWord - 1].end).toBe(c.end);
    }
  });

  it('writes a mono 22050 Hz WAV inside workDir whose length is the reported duration', async () => {
    expect(path.dirname(result.audioPath)).toBe(path.resolve(workDir));
    expect(await fs.readdir(workDir)).toEqual(['speech.wav']);
    expect(result.sampleRate).toBe(22050);
    expect(audio.sampleRate).toBe(22050);
    expect(audio.samples.length / audio.sampleRate).toBeCloseTo(result.duration, 9);
    // Lead-in, three clauses of several words with 0.12 and 0.5 s pauses, tail.
    expect(result.duration).toBeGreaterThan(5);
    expect(result.duration).toBeLessThan(12);
    const header = await fs.readFile(result.audioPath);
    expect(header.readUInt32LE(40)).toBe(audio.samples.length * 2);
  });

  it('puts every clause onset and offset within 20 ms of those measured in the WAV', () => {
    const onsets = speechOnsets(audio, 0.1);
    expect(onsets).toHaveLength(result.clauses.length);
    result.clauses.forEach((c, i) => expect(Math.abs(c.start - onsets[i])).toBeLessThanOrEqual(0.02));
    const spans = speechSpans(audio, 0.1);
    result.clauses.forEach((c, i) =>
      expect(Math.abs(c.end - spans[i].end / audio.sampleRate)).toBeLessThanOrEqual(0.02),
    );
    expect(result.clauses[0].start).toBeCloseTo(0.17, 1);
    // The chosen pauses: a comma, then a full stop.
    expect(result.clauses[1].start - result.clauses[0].end).toBeCloseTo(0.16, 1);
    expect(result.clauses[2].start - result.clauses[1].end).toBeCloseTo(0.54, 1);
    expect(result.duration - result.clauses[2].end).toBeCloseTo(0.22, 1);
  });

  it('measures word lengths from the tokens read apart (not the spelling fallback)', async () => {
    for (const clause of splitClauses(TEXT)) {
      const apart = await speak(separatedTokensSsml(clause.tokens), true);
      expect(wordWeights(clause.tokens, apart).source).toBe('segments');
    }
  });

  it('places word boundaries close to where the words part when read in pieces', async () => {
    // Independent reference for the boundary after word k of a clause: the first k tokens read alone
    // end there, and the remaining tokens read alone start there (counted back from the clause end).
    // The prefix runs long (its last word gets final lengthening) and the suffix short, by about
    // 100 ms between them at this rate, so their midpoint is the reference; both are reported.
    const errors: Record<'result' | 'prefix' | 'suffix' | 'uncorrected' | 'spelling', number[]> = {
      result: [],
      prefix: [],
      suffix: [],
      uncorrected: [],
      spelling: [],
    };
    for (const c of result.clauses) {
      const tokens = c.text.split(' ');
      const spoken = c.end - c.start;
      const apart = await speak(separatedTokensSsml(tokens), true);
      const raw = distributeByWeight(0, spoken, wordWeights(tokens, apart).weights);
      const byChars = distributeByWeight(0, spoken, wordWeights(tokens, null).weights);
      for (let k = 1; k < tokens.length; k++) {
        const prefix = spokenLength(await speak(tokens.slice(0, k).join(' ')));
        const suffix = spoken - spokenLength(await speak(tokens.slice(k).join(' ')));
        const reference = (prefix + suffix) / 2;
        const boundary = result.words[c.firstWord + k].start - c.start;
        errors.result.push(Math.abs(boundary - reference));
        errors.prefix.push(Math.abs(boundary - prefix));
        errors.suffix.push(Math.abs(boundary - suffix));
        errors.uncorrected.push(Math.abs(raw[k - 1].end - reference));
        errors.spelling.push(Math.abs(byChars[k - 1].end - reference));
      }
    }
    const ms = (x: number): string => `${Math.round(x * 1000)} ms`;
    const summary = (xs: number[]): { median: number; mean: number; max: number } => {
      const sorted = [...xs].sort((a, b) => a - b);
      return {
        median: sorted[Math.floor(sorted.length / 2)],
        mean: xs.reduce((a, b) => a + b, 0) / xs.length,
        max: sorted[sorted.length - 1],
      };
    };
    const lines = Object.entries(errors).map(([name, xs]) => {
      const s = summary(xs);
      return `${name.padEnd(12)} n=${xs.length} median ${ms(s.median)}  mean ${ms(s.mean)}  max ${ms(s.max)}`;
    });
    console.log(
      `word-boundary error at ${RATE} wpm (vs midpoint reference unless named):\n${lines.join('\n')}`,
    );
    const ours = summary(errors.result);
    expect(ours.median).toBeLessThan(0.08);
    expect(ours.max).toBeLessThan(0.25);
    // The measured weights must beat the spelling estimate they replace.
    expect(ours.mean).toBeLessThan(summary(errors.spelling).mean);
  });

  it('lists its voices from espeak-ng --voices and says it is healthy', async () => {
    const provider = new EspeakSpeechProvider();
    const voices = await provider.voices();
    expect(voices.map((v) => v.id)).toEqual(expect.arrayContaining(['en-us', 'en-gb', 'cmn', 'ar']));
    expect(voices.find((v) => v.id === 'en-us')).toMatchObject({ provider: 'espeak', kind: 'formant' });
    expect(await provider.health()).toEqual({
      provider: 'espeak',
      ok: true,
      detail: expect.stringMatching(/^eSpeak NG text-to-speech: \d/),
    });
  });

  it('fails with SPEECH_FAILED and espeak-ng stderr for an unknown voice', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-speech-voice-'));
    try {
      const error = await new EspeakSpeechProvider()
        .synthesize({ text: 'Hello, world.', voice: 'xx-no-such-voice', rate: RATE, workDir: dir })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClipwrightError);
      expect((error as ClipwrightError).code).toBe(ErrorCode.SpeechFailed);
      expect(String((error as ClipwrightError).detail?.stderr)).toMatch(/voice does not exist/);
      expect(await fs.readdir(dir)).toEqual([]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('kills espeak-ng and rejects with CANCELLED when aborted mid-run', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-speech-abort-'));
    try {
      const long = Array.from(
        { length: 40 },
        (_, i) => `Sentence number ${i + 1} is long enough to take a while.`,
      ).join(' ');
      const controller = new AbortController();
      const run = new EspeakSpeechProvider({ concurrency: 2 }).synthesize({
        text: long,
        voice: VOICE,
        rate: RATE,
        workDir: dir,
        signal: controller.signal,
      });
      // Wait until an espeak-ng child is actually running, then abort.
      let seen: number[] = [];
      for (let i = 0; i < 200 && seen.length === 0; i++) {
        const pids = await childPids();
        const names = await Promise.all(pids.map(commOf));
        seen = pids.filter((_, k) => names[k].startsWith('espeak'));
        if (seen.length === 0) await new Promise((r) => setTimeout(r, 5));
      }
      expect(seen.length).toBeGreaterThan(0);
      controller.abort();
      await expect(run).rejects.toMatchObject({ code: ErrorCode.Cancelled });
      // Reaped, not just signalled: no child of ours is left, and nothing was written.
      expect(await childPids()).toEqual([]);
      for (const pid of seen) expect(() => process.kill(pid, 0)).toThrow();
      expect(await fs.readdir(dir)).toEqual([]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('kills a synthesizer that hangs', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-speech-hang-'));
    try {
      const script = path.join(dir, 'hanging-espeak');
      const pidFile = path.join(dir, 'pid');
      await fs.writeFile(script, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 30\n`, { mode: 0o755 });
      const controller = new AbortController();
      const started = Date.now();
      const run = new EspeakSpeechProvider({ binary: script, concurrency: 1 }).synthesize({
        text: 'Never spoken.',
        voice: VOICE,
        rate: RATE,
        workDir: dir,
        signal: controller.signal,
      });
      // Wait until the script has become `sleep`, so the abort hits a running synthesizer.
      let pid = 0;
      while (Date.now() - started < 5000) {
        pid = Number((await fs.readFile(pidFile, 'utf8').catch(() => '')).trim());
        if (pid && (await commOf(pid)) === 'sleep') break;
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(await commOf(pid)).toBe('sleep');
      controller.abort();
      await expect(run).rejects.toMatchObject({ code: ErrorCode.Cancelled });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
