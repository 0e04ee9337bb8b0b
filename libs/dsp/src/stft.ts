import { Fft } from './fft';

// Bound once: a global `Math` lookup inside a vm context (jest) is slow in the per-bin loops below.
const { cos, PI } = Math;

/** Band-major energies, like numpy's (bands, T): band b at frame t is data[b * frames + t]. */
export interface BandFrames {
  bands: number;
  frames: number;
  data: Float32Array;
}

export interface MelEnergyOptions {
  /** FFT length in samples. */
  nFft: number;
  /** Samples between frame starts. */
  hop: number;
  /** Rows of a filterbank over the nFft/2 + 1 bins (e.g. slaneyMelFilterbank). */
  filters: readonly Float32Array[];
}

/** numpy.pad(mode='reflect') index: mirror about the end samples without repeating them. */
export function reflectIndex(i: number, length: number): number {
  if (length === 1) return 0;
  const period = 2 * (length - 1);
  let j = ((i % period) + period) % period;
  if (j >= length) j = period - j;
  return j;
}

const ffts = new Map<number, Fft>();

/** One-sided magnitude spectra, frame-major: bin k of frame f is data[f * bins + k]. */
export interface Spectrogram {
  frames: number;
  bins: number;
  data: Float32Array;
}

/**
 * librosa.stft(center=True, pad_mode='reflect', window='hann' periodic, win_length = n_fft)
 * magnitudes: 1 + floor(n / hop) frames, frame f centred on sample f * hop, nFft/2 + 1 bins.
 */
export function stftMagnitudes(samples: ArrayLike<number>, nFft: number, hop: number): Spectrogram {
  const length = samples.length;
  const frames = length === 0 ? 0 : 1 + Math.floor(length / hop);
  const fft = ffts.get(nFft) ?? new Fft(nFft);
  ffts.set(nFft, fft);
  const half = Math.floor(nFft / 2);
  const bins = half + 1;
  const window = new Float64Array(nFft);
  for (let t = 0; t < nFft; t++) window[t] = 0.5 - 0.5 * cos((2 * PI * t) / nFft);
  const data = new Float32Array(frames * bins);
  const frame = new Float64Array(nFft);
  const mag = new Float64Array(bins);
  for (let f = 0; f < frames; f++) {
    const start = f * hop - half;
    for (let t = 0; t < nFft; t++) frame[t] = samples[reflectIndex(start + t, length)] * window[t];
    fft.magnitudes(frame, mag);
    data.set(mag, f * bins);
  }
  return { frames, bins, data };
}

/** Each frame's spectrum projected on a filterbank (rows over the same bins), band-major. */
export function applyFilterbank(spectrum: Spectrogram, filters: readonly Float32Array[]): BandFrames {
  const { frames, bins } = spectrum;
  const bands = filters.length;
  // Where each filter is non-zero, so a frame costs the filters' widths rather than bands * bins.
  const spans = filters.map((row) => {
    let lo = row.findIndex((w) => w !== 0);
    if (lo < 0) lo = row.length;
    let hi = Math.min(row.length, bins);
    while (hi > lo && row[hi - 1] === 0) hi--;
    return [lo, hi] as const;
  });
  const data = new Float32Array(bands * frames);
  for (let f = 0; f < frames; f++) {
    const base = f * bins;
    for (let m = 0; m < bands; m++) {
      const row = filters[m];
      const [lo, hi] = spans[m];
      let energy = 0;
      for (let k = lo; k < hi; k++) energy += row[k] * spectrum.data[base + k];
      data[m * frames + f] = energy;
    }
  }
  return { bands, frames, data };
}

/**
 * The STFT magnitudes (see stftMagnitudes) projected on a filterbank: linear magnitude (not power,
 * not dB), band-major; callers choose their own compression.
 */
export function filterbankEnergies(samples: ArrayLike<number>, options: MelEnergyOptions): BandFrames {
  return applyFilterbank(stftMagnitudes(samples, options.nFft, options.hop), options.filters);
}
