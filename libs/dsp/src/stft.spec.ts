import { hzToMelSlaney, melToHzSlaney, slaneyMelFilterbank } from './mel-scale';
import { filterbankEnergies, reflectIndex } from './stft';

function tone(hz: number, sampleRate: number, seconds: number, amplitude = 0.5): Float64Array {
  const out = new Float64Array(Math.round(sampleRate * seconds));
  for (let t = 0; t < out.length; t++) out[t] = amplitude * Math.sin((2 * Math.PI * hz * t) / sampleRate);
  return out;
}

describe('reflectIndex (numpy reflect padding)', () => {
  it('mirrors about the end samples without repeating them', () => {
    expect([-3, -2, -1, 0, 1, 4, 5, 6, 7].map((i) => reflectIndex(i, 5))).toEqual([
      3, 2, 1, 0, 1, 4, 3, 2, 1,
    ]);
    expect(reflectIndex(7, 1)).toBe(0);
  });
});

describe('filterbankEnergies', () => {
  it('gives 1 + floor(n / hop) centred frames, band-major', () => {
    const filters = slaneyMelFilterbank(16000, 512, 40, 0, 8000);
    const e = filterbankEnergies(new Float64Array(1000), { nFft: 512, hop: 160, filters });
    expect([e.bands, e.frames, e.data.length]).toEqual([40, 7, 280]);
    expect(Math.max(...e.data)).toBe(0);
    expect(filterbankEnergies([], { nFft: 512, hop: 160, filters }).frames).toBe(0);
  });

  it('puts a tone at the sample rate given into the band that spans it, with Hann-window magnitude', () => {
    // 22050 Hz, 1024-point FFT: 2756.25 Hz is exactly bin 128, so a periodic Hann window puts n/4 * A
    // in that bin and n/8 * A in each neighbour; the band value is the filter weights times those.
    const sr = 22050;
    const filters = slaneyMelFilterbank(sr, 1024, 64, 50, 10000);
    const e = filterbankEnergies(tone(2756.25, sr, 0.5), { nFft: 1024, hop: 256, filters });
    const frame = 20;
    let best = 0;
    for (let b = 0; b < e.bands; b++)
      if (e.data[b * e.frames + frame] > e.data[best * e.frames + frame]) best = b;
    const expected = (k: number) => (k === 128 ? 1024 / 4 : 1024 / 8) * 0.5;
    const value = [127, 128, 129].reduce((sum, k) => sum + filters[best][k] * expected(k), 0);
    expect(e.data[best * e.frames + frame]).toBeCloseTo(value, 3);
    const step = (hzToMelSlaney(10000) - hzToMelSlaney(50)) / 65;
    expect(melToHzSlaney(hzToMelSlaney(50) + best * step)).toBeLessThan(2756.25);
    expect(melToHzSlaney(hzToMelSlaney(50) + (best + 2) * step)).toBeGreaterThan(2756.25);
  });
});
