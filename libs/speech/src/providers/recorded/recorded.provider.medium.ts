import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { WordTiming } from '@app/core';
import { ErrorCode } from '@app/core';
import { FfmpegExecutor } from '@app/media';
import { quantile, stretchReading } from '../../align/stretched-reading.fixture';
import { tokenize } from '../../clauses';
import { EspeakSpeechProvider } from '../../espeak.provider';
import { encodeWav, parseWav } from '../../wav';
import { RecordedVoiceProvider } from './recorded.provider';

jest.setTimeout(120_000);

const SCRIPT =
  'Firefighters contained a brush fire near Valencia on Sunday afternoon, the regional government said. ' +
  'About two hundred residents were told to leave their homes as a precaution.';
const ESPEAK = process.env.ESPEAK_PATH ?? 'espeak-ng';

describe('RecordedVoiceProvider: a voice-over aligned to its script (issue 11, item 3)', () => {
  const ffmpeg = new FfmpegExecutor();
  let dir: string;
  let truth: WordTiming[];
  let wav: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-voice-over-'));
    // The "reporter": another espeak-ng voice and pace, stretched and paused, as a 44.1 kHz WAV.
    const readDir = await fs.mkdtemp(path.join(dir, 'read-'));
    const read = await new EspeakSpeechProvider().synthesize({
      text: SCRIPT,
      voice: 'en-gb',
      rate: 150,
      workDir: readDir,
    });
    const stretched = await stretchReading(
      { audio: parseWav(await fs.readFile(read.audioPath)), words: read.words },
      [
        { fromWord: 0, stretch: 1.15, pauseAfter: 0.6 },
        { fromWord: 8, stretch: 0.85, pauseAfter: 0.4 },
        { fromWord: 15, stretch: 1.2, pauseAfter: 0.3 },
      ],
      ffmpeg,
      dir,
    );
    truth = stretched.words;
    wav = path.join(dir, 'reporter.wav');
    await fs.writeFile(wav, encodeWav(stretched.audio));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  async function voiceOver(recording: string, text = SCRIPT, parent = dir) {
    const workDir = await fs.mkdtemp(path.join(parent, 'work-'));
    const provider = new RecordedVoiceProvider({ recording, ffmpeg, espeakBinary: ESPEAK });
    const result = await provider.synthesize({ text, voice: 'en-us', rate: 160, workDir });
    return { result, workDir };
  }

  it.each(['wav', 'm4a', 'mp3'])(
    'returns the %s recording as 48 kHz mono WAV with the script aligned to it',
    async (format) => {
      let recording = wav;
      if (format !== 'wav') {
        recording = path.join(dir, `reporter.${format}`);
        const codec =
          format === 'm4a' ? ['-c:a', 'aac', '-b:a', '96k'] : ['-c:a', 'libmp3lame', '-b:a', '96k'];
        await ffmpeg.run(['-v', 'error', '-y', '-i', wav, '-ar', '44100', ...codec, recording]);
      }
      const { result, workDir } = await voiceOver(recording);
      expect(await fs.readdir(workDir)).toEqual(['speech.wav']);
      expect(result.provider).toBe('recorded');
      expect(result.sampleRate).toBe(48000);
      const audio = parseWav(await fs.readFile(result.audioPath));
      expect(audio.sampleRate).toBe(48000);
      const truthLength = truth[truth.length - 1].end;
      expect(result.duration).toBeGreaterThan(truthLength);
      expect(result.words.map((w) => w.text)).toEqual(tokenize(SCRIPT));
      const errors = result.words.map((w, i) => Math.abs(w.start - truth[i].start));
      const median = quantile(errors, 0.5);
      const p95 = quantile(errors, 0.95);
      console.log(
        `${format}: word-onset error median ${Math.round(median * 1000)} ms, p95 ${Math.round(p95 * 1000)} ms`,
      );
      expect(median).toBeLessThanOrEqual(0.08);
      expect(p95).toBeLessThanOrEqual(0.2);
      expect(result.clauses.map((c) => [c.firstWord, c.endWord])).toEqual([
        [0, 10],
        [10, 14],
        [14, 27],
      ]);
      expect(result.visemes?.length).toBeGreaterThan(20);
    },
  );

  it('refuses a silent recording, a file that is not audio, and a recording far from the script', async () => {
    const failed = await fs.mkdtemp(path.join(dir, 'failed-'));
    const silent = path.join(dir, 'silent.wav');
    await fs.writeFile(silent, encodeWav({ sampleRate: 48000, samples: new Int16Array(48000 * 3) }));
    await expect(voiceOver(silent, SCRIPT, failed)).rejects.toMatchObject({
      code: ErrorCode.VoiceOverInvalid,
      path: 'recording',
      message: expect.stringMatching(/no speech/),
    });
    const text = path.join(dir, 'notes.mp3');
    await fs.writeFile(text, 'these are my notes, not audio\n');
    await expect(voiceOver(text, SCRIPT, failed)).rejects.toMatchObject({
      code: ErrorCode.VoiceOverInvalid,
      message: expect.stringMatching(/notes\.mp3 could not be decoded as audio/),
    });
    const long = `${SCRIPT} `.repeat(5);
    await expect(voiceOver(wav, long, failed)).rejects.toMatchObject({
      code: ErrorCode.VoiceOverInvalid,
      message: expect.stringMatching(/is it the recording of this script\?/),
    });
    await expect(voiceOver(path.join(dir, 'missing.wav'), SCRIPT, failed)).rejects.toMatchObject({
      code: ErrorCode.VoiceOverInvalid,
    });
    // Nothing is left behind in the work folders of failed runs.
    const runs = await fs.readdir(failed);
    expect(runs).toHaveLength(4);
    for (const run of runs) expect(await fs.readdir(path.join(failed, run))).toEqual([]);
  });
});
