import { speechOnsets, speechSegments, speechSpans, trimSilence, voicedFrames } from './silence';
import type { PcmAudio } from './wav';

/** 8 kHz so that a 10 ms frame is exactly 80 samples and every boundary below is exact. */
const RATE = 8000;

/** Alternating silence and 440 Hz tone, lengths in seconds; the first piece is silence. */
function pcm(pieces: number[], amplitude = 8000): PcmAudio {
  const parts: number[] = [];
  pieces.forEach((seconds, i) => {
    const n = Math.round(seconds * RATE);
    for (let k = 0; k < n; k++)
      parts.push(i % 2 === 1 ? Math.round(amplitude * Math.sin((2 * Math.PI * 440 * k) / RATE)) : 0);
  });
  return { sampleRate: RATE, samples: Int16Array.from(parts) };
}

describe('silence', () => {
  const audio = pcm([0.1, 0.3, 0.05, 0.2, 0.3, 0.4, 0.15]);

  it('finds the speech segments between silences of at least minSilence', () => {
    expect(speechSegments(audio, 0.25)).toEqual([
      { start: 0.1, end: 0.65 },
      { start: 0.95, end: 1.35 },
    ]);
    expect(speechSpans(audio, 0.25)).toEqual([
      { start: 800, end: 5200 },
      { start: 7600, end: 10800 },
    ]);
    expect(speechSegments(audio, 0.05)).toEqual([
      { start: 0.1, end: 0.4 },
      { start: 0.45, end: 0.65 },
      { start: 0.95, end: 1.35 },
    ]);
  });

  it('counts a gap of exactly minSilence as a separation', () => {
    expect(speechSegments(audio, 0.3)).toHaveLength(2);
    expect(speechSegments(audio, 0.31)).toHaveLength(1);
  });

  it('tells quiet from silent at -45 dBFS', () => {
    // A sine's RMS is amplitude/√2: 300 → -43.8 dBFS (speech), 230 → -46.1 dBFS (silence).
    expect(voicedFrames(pcm([0.02, 0.02], 300))).toEqual([false, false, true, true]);
    expect(voicedFrames(pcm([0.02, 0.02], 230))).toEqual([false, false, false, false]);
  });

  it('gives the onsets after pauses, the first one always', () => {
    expect(speechOnsets(audio)).toEqual([0.1, 0.95]);
    expect(speechOnsets(audio, 0.05)).toEqual([0.1, 0.45, 0.95]);
    expect(speechOnsets(pcm([0.01, 0.1]))).toEqual([0.01]);
    expect(speechOnsets(pcm([0.5]))).toEqual([]);
  });

  it('trims leading and trailing silence keeping a margin', () => {
    expect(trimSilence(audio, 0.02)).toEqual({
      keep: { start: 640, end: 10960 },
      speech: { start: 800, end: 10800 },
    });
    // The margin cannot reach outside the audio.
    expect(trimSilence(pcm([0.01, 0.1, 0.005]), 0.02)).toEqual({
      keep: { start: 0, end: 920 },
      speech: { start: 80, end: 880 },
    });
    expect(trimSilence(pcm([0.3]))).toBeNull();
  });
});
