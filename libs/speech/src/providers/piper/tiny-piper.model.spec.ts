/** @jest-environment ./libs/presenter/src/lipsync/onnxruntime.jest-environment.js */
import { openPiperSession } from './piper.session';
import { buildTinyPiperModel, TINY_PIPER } from './tiny-piper.model';
import { dominantHz } from './tone.fixture';

describe('buildTinyPiperModel run by ONNX Runtime', () => {
  const t = TINY_PIPER;
  const framesOf = (id: number, scale: number): number =>
    Math.ceil((t.minFrames + (id % t.frameCycle)) * scale);

  it('plays one tone per phoneme id for (2 + id mod 3) * length_scale frames, and reports those frames', async () => {
    const session = await openPiperSession(buildTinyPiperModel({ durations: true }), 'tiny', t.hopLength);
    try {
      expect(session.reportsDurations).toBe(true);
      expect(session.takesSpeaker).toBe(false);
      const ids = [1, 0, 20, 0, 7, 0, 2];
      const out = await session.infer(ids, [0.667, 1.5, 0.8]);
      const frames = ids.map((id) => framesOf(id, 1.5));
      expect(Array.from(out.samplesPerId ?? [])).toEqual(frames.map((f) => f * t.hopLength));
      expect(out.audio.length).toBe(frames.reduce((a, b) => a + b, 0) * t.hopLength);
      const candidates = Array.from({ length: 40 }, (_, i) => t.baseHz + t.stepHz * i);
      let at = 0;
      ids.forEach((id, k) => {
        const n = frames[k] * t.hopLength;
        const middle = out.audio.subarray(at + n / 4, at + (3 * n) / 4);
        expect(dominantHz(middle, t.sampleRate, candidates)).toBe(t.baseHz + t.stepHz * id);
        at += n;
      });
    } finally {
      await session.release();
    }
  });

  it('shifts every tone by the speaker id on a multi-speaker model, and has no durations unless asked', async () => {
    const session = await openPiperSession(buildTinyPiperModel({ speakers: true }), 'tiny', t.hopLength);
    try {
      expect(session.takesSpeaker).toBe(true);
      expect(session.reportsDurations).toBe(false);
      const out = await session.infer([10], [0.667, 10, 0.8], 3);
      expect(out.samplesPerId).toBeUndefined();
      const candidates = Array.from({ length: 31 }, (_, i) => 400 + 10 * i);
      expect(dominantHz(out.audio, t.sampleRate, candidates)).toBe(
        t.baseHz + t.stepHz * 10 + t.speakerHz * 3,
      );
    } finally {
      await session.release();
    }
  });
});
