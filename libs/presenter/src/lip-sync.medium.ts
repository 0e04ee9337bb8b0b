import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SpeechResult } from '@app/core';
import { EspeakSpeechProvider, parseWav, type PcmAudio } from '@app/speech';
import { bestLag, correlation, mouthOpenness } from './mouth-openness';
import { animatePresenter, mouthRect } from './presenter.clip';
import { PresenterLibrary } from './presenter.library';

const TEXT =
  'A magnitude 5.8 earthquake struck eastern Taiwan on Tuesday morning, the weather agency said. ' +
  'Buildings swayed in the capital, but no damage was reported.';
const FPS = 50;

/** Root mean square of the samples shown with each frame. */
function loudnessPerFrame(audio: PcmAudio, fps: number, frames: number): number[] {
  const per = audio.sampleRate / fps;
  const out: number[] = [];
  for (let i = 0; i < frames; i++) {
    const from = Math.round(i * per);
    const to = Math.min(audio.samples.length, Math.round((i + 1) * per));
    let sum = 0;
    for (let k = from; k < to; k++) sum += (audio.samples[k] / 32768) ** 2;
    out.push(to > from ? Math.sqrt(sum / (to - from)) : 0);
  }
  return out;
}

describe('lip sync from a real espeak-ng reading (EBU R37)', () => {
  let workDir: string;
  let speech: SpeechResult;
  let audio: PcmAudio;

  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-lipsync-'));
    speech = await new EspeakSpeechProvider().synthesize({ text: TEXT, voice: 'en-us', rate: 160, workDir });
    audio = parseWav(await fs.readFile(speech.audioPath));
  });
  afterAll(() => fs.rm(workDir, { recursive: true, force: true }));

  it.each(['ada', 'kofi'])('%s: mouth openness follows the loudness, lag within -40..+60 ms', async (id) => {
    const p = await new PresenterLibrary(path.join(__dirname, '../../../models/presenters')).load(id);
    const width = 320;
    const height = 400;
    const clip = animatePresenter(p, {
      visemes: speech.visemes ?? [],
      clauses: speech.clauses,
      duration: speech.duration,
      fps: FPS,
      width,
      height,
      seed: 11,
    });
    const rect = mouthRect(p, width, height);
    const open: number[] = [];
    for await (const frame of clip.frames()) open.push(mouthOpenness(frame, width, height, rect));
    const loud = loudnessPerFrame(audio, FPS, open.length);

    expect(open.length).toBe(Math.round(speech.duration * FPS));
    expect(correlation(open, loud)).toBeGreaterThan(0.3);
    // Search a wider window than allowed, so a real offset would show rather than be clipped.
    const best = bestLag(open, loud, -5, 5);
    const ms = (best.lag * 1000) / FPS;
    expect(best.r).toBeGreaterThan(0.3);
    expect(ms).toBeGreaterThanOrEqual(-40);
    expect(ms).toBeLessThanOrEqual(60);
  });
});
