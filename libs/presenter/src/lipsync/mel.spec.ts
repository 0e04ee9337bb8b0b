import {
  hzToMelSlaney,
  MEL_FRAMES_PER_SECOND,
  melFilterbank,
  melToHzSlaney,
  melWindow,
  melWindowStart,
  wav2lipMelSpectrogram,
} from './mel';

import golden from './fixtures/mel-golden.json';

const SR = 16000;

function tone(hz: number, amplitude: number, seconds: number): Float32Array {
  const out = new Float32Array(Math.round(SR * seconds));
  for (let t = 0; t < out.length; t++) out[t] = amplitude * Math.sin((2 * Math.PI * hz * t) / SR);
  return out;
}

/** audio.py's _amp_to_db - ref_level_db then _normalize, written out with its literal constants. */
function normalisedDb(energy: number): number {
  const db = 20 * Math.log10(Math.max(1e-5, energy)) - 20;
  return Math.max(-4, Math.min(4, (8 * (db + 100)) / 100 - 4));
}

/**
 * Hand-derived constants for Wav2Lip's filterbank (Slaney scale: 200/3 Hz per mel below 1 kHz,
 * 27 mels per factor 6.4 above): mel(55 Hz) = 0.825, mel(7600 Hz) = 15 + 27 ln(7.6)/ln(6.4)
 * = 44.499575, so the 82 edge points are 0.539192 mel = 35.946 Hz apart below 1 kHz.
 */
const MEL_55 = 0.825;
const MEL_7600 = 44.499575;
const HZ_STEP_BELOW_1K = 35.946;

describe('Slaney mel scale', () => {
  it('is linear (200/3 Hz a mel) below 1 kHz and 27 mels per factor 6.4 above', () => {
    expect(hzToMelSlaney(55)).toBeCloseTo(MEL_55, 10);
    expect(hzToMelSlaney(1000)).toBeCloseTo(15, 10);
    expect(hzToMelSlaney(6400)).toBeCloseTo(42, 10);
    expect(hzToMelSlaney(7600)).toBeCloseTo(MEL_7600, 4);
    for (const hz of [55, 500, 999, 1000, 3000, 7600])
      expect(melToHzSlaney(hzToMelSlaney(hz))).toBeCloseTo(hz, 8);
  });
});

describe('melFilterbank (librosa.filters.mel, htk=False, norm=slaney)', () => {
  const fb = melFilterbank();

  it('has 80 filters over the 401 bins of an 800-point FFT at 16 kHz (20 Hz a bin)', () => {
    expect(fb).toHaveLength(80);
    for (const row of fb) expect(row).toHaveLength(401);
  });

  it('starts at 55 Hz and ends at 7600 Hz', () => {
    // bin 2 = 40 Hz is below the first edge, bin 3 = 60 Hz inside it; bin 380 = 7600 Hz is the last edge.
    expect(fb[0][2]).toBe(0);
    expect(fb[0][3]).toBeGreaterThan(0);
    expect(fb[79][379]).toBeGreaterThan(0);
    expect(fb[79][380]).toBe(0);
    for (const row of fb) for (let k = 381; k < 401; k++) expect(row[k]).toBe(0);
  });

  it('gives the hand-computed weight of the first filter at 80 Hz', () => {
    // Band 0: edges 55, 90.946, 126.892 Hz; at 80 Hz the rising slope is (80-55)/35.946 = 0.69549,
    // times the Slaney area norm 2/(126.892-55) = 0.027820 -> 0.019348.
    expect(fb[0][4]).toBeCloseTo(0.019348, 5);
    // At 100 Hz it is on the falling slope: (126.892-100)/35.946 * 0.027820 = 0.020812.
    expect(fb[0][5]).toBeCloseTo(0.020812, 5);
  });

  it('puts the filter centres 35.946 Hz apart below 1 kHz', () => {
    // The peak bin of each low filter is the bin nearest its centre 55 + (i+1) * 35.946 Hz.
    for (let i = 0; i < 20; i++) {
      const centre = 55 + (i + 1) * HZ_STEP_BELOW_1K;
      const peak = fb[i].indexOf(Math.max(...fb[i]));
      expect(Math.abs(peak * 20 - centre)).toBeLessThanOrEqual(10.01);
    }
  });

  it('gives each wide filter unit area in Hz (the Slaney normalisation)', () => {
    for (const i of [40, 60, 79]) {
      const area = fb[i].reduce((a, w) => a + w * 20, 0);
      expect(area).toBeGreaterThan(0.98);
      expect(area).toBeLessThan(1.02);
    }
  });
});

describe('wav2lipMelSpectrogram', () => {
  it('maps silence to -4 everywhere, with 1 + floor(n / 200) frames', () => {
    const mel = wav2lipMelSpectrogram(new Float32Array(16000));
    expect(mel.bands).toBe(80);
    expect(mel.frames).toBe(81);
    expect(mel.data).toHaveLength(80 * 81);
    expect(Math.min(...mel.data)).toBe(-4);
    expect(Math.max(...mel.data)).toBe(-4);
    expect(wav2lipMelSpectrogram(new Float32Array(1999)).frames).toBe(10);
  });

  it('matches the analytic spectrum of a 1 kHz tone through pre-emphasis and the Hann window', () => {
    // 1000 Hz is exactly FFT bin 50. Pre-emphasis scales a sinusoid by |1 - 0.97 e^{-iw}|, w = 2 pi/16;
    // a periodic Hann window puts n/4 * A in the tone's bin and n/8 * A in each neighbour, nothing
    // elsewhere. The mel value is then the filter weights applied to those three bins.
    const amplitude = 0.5;
    const w = (2 * Math.PI * 1000) / SR;
    const gain = Math.hypot(1 - 0.97 * Math.cos(w), 0.97 * Math.sin(w));
    const spectrum = new Map([
      [49, (amplitude * gain * 800) / 8],
      [50, (amplitude * gain * 800) / 4],
      [51, (amplitude * gain * 800) / 8],
    ]);
    const fb = melFilterbank();
    const mel = wav2lipMelSpectrogram(tone(1000, amplitude, 0.5));
    for (const frame of [5, 20, 30]) {
      for (let b = 0; b < 80; b++) {
        let energy = 0;
        for (const [k, m] of spectrum) energy += fb[b][k] * m;
        expect(mel.data[b * mel.frames + frame]).toBeCloseTo(normalisedDb(energy), 3);
      }
    }
  });

  it.each([440, 1000, 3000, 6000])(
    'puts the energy of a %i Hz tone in the band whose filter spans it',
    (hz) => {
      const mel = wav2lipMelSpectrogram(tone(hz, 0.3, 0.4));
      const frame = 16;
      let best = 0;
      for (let b = 1; b < 80; b++) {
        if (mel.data[b * mel.frames + frame] > mel.data[best * mel.frames + frame]) best = b;
      }
      // Edges of band b are points b and b+2 of 82 equally spaced mel points from 55 to 7600 Hz.
      const step = (MEL_7600 - MEL_55) / 81;
      const lowerHz = melToHzSlaney(MEL_55 + best * step);
      const upperHz = melToHzSlaney(MEL_55 + (best + 2) * step);
      expect(lowerHz).toBeLessThan(hz);
      expect(upperHz).toBeGreaterThan(hz);
      // Far from the tone the bands stay near the floor.
      expect(mel.data[(best > 40 ? 0 : 79) * mel.frames + frame]).toBeLessThan(-3);
    },
  );

  it('is louder for a louder tone, by 20*log10(ratio) dB scaled by 8/100', () => {
    const quiet = wav2lipMelSpectrogram(tone(1000, 0.05, 0.3));
    const loud = wav2lipMelSpectrogram(tone(1000, 0.5, 0.3));
    const band = 26;
    const i = band * quiet.frames + 10;
    expect(loud.data[i] - quiet.data[i]).toBeCloseTo((20 * 8) / 100, 3);
  });
});

/** The signal fixtures/mel-golden.py analyses: a 220 Hz tone plus a rising chirp, faded in. */
function goldenSignal(n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / SR;
    const x = 0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * (500 + 3000 * t) * t);
    out[i] = x * Math.min(1, t * 20);
  }
  return out;
}

describe('wav2lipMelSpectrogram against numpy/scipy', () => {
  it('matches audio.py computed with numpy FFT, scipy lfilter/Hann and reflect padding, edges included', () => {
    // fixtures/mel-golden.py: an independent transcription in Python, run once to make the JSON.
    const mel = wav2lipMelSpectrogram(goldenSignal(golden.samples));
    expect([mel.bands, mel.frames]).toEqual([golden.bands, golden.frames]);
    let worst = 0;
    golden.data.forEach((v: number, i: number) => (worst = Math.max(worst, Math.abs(mel.data[i] - v))));
    expect(worst).toBeLessThan(1e-4);
  });
});

describe('mel windows per video frame', () => {
  it('runs at 80 mel frames per second', () => {
    expect(MEL_FRAMES_PER_SECOND).toBe(80);
  });

  it('starts frame i at int(i * 80 / fps)', () => {
    expect([0, 1, 2, 3, 4, 5].map((i) => melWindowStart(i, 25))).toEqual([0, 3, 6, 9, 12, 16]);
    expect([0, 1, 2, 3].map((i) => melWindowStart(i, 30))).toEqual([0, 2, 5, 8]);
    expect(melWindowStart(100, 29.97)).toBe(266);
  });

  it('copies 16 frames of every band and pads past the end with silence (-4)', () => {
    const frames = 20;
    const data = new Float32Array(80 * frames);
    for (let b = 0; b < 80; b++) for (let t = 0; t < frames; t++) data[b * frames + t] = b + t / 100;
    const mel = { bands: 80, frames, data };
    // fps 10 -> 8 mel frames per video frame; frame 1 starts at mel frame 8, frames 20..23 are padding.
    const win = melWindow(mel, 1, 10);
    expect(win).toHaveLength(80 * 16);
    expect(win[0]).toBeCloseTo(0.08, 6);
    expect(win[11]).toBeCloseTo(0.19, 6);
    expect(Array.from(win.slice(12, 16))).toEqual([-4, -4, -4, -4]);
    expect(win[5 * 16 + 3]).toBeCloseTo(5.11, 5);
  });
});
