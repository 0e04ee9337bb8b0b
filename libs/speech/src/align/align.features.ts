import { applyFilterbank, slaneyMelFilterbank, type Spectrogram, stftMagnitudes } from '@app/dsp';
import type { PcmAudio } from '../wav';

// Bound once: a global `Math` lookup inside a vm context (jest) is slow in the per-frame loops below.
const { cos, log, max, PI, sqrt } = Math;

/** Frame-major feature vectors at a fixed hop, plus each frame's level, for the aligner. */
export interface AlignFeatures {
  frames: number;
  dims: number;
  /** Frame f, dimension d is data[f * dims + d]. */
  data: Float32Array;
  /** Seconds between frame centres (hop / sample rate). */
  frameSeconds: number;
  /** Each frame's level in dB under the loudest frame (0 for the loudest, negative below). */
  levelDb: Float32Array;
}

export interface FeatureOptions {
  /** Seconds between frames; 10 ms, the usual MFCC hop. */
  hop?: number;
  /** Cepstral coefficients kept after c0 (c1..cN). */
  coefficients?: number;
  /** Mel bands before the DCT. */
  bands?: number;
  /**
   * Floor of the log-mel, in dB under the loudest frame: background noise and digital silence both
   * sit on it, so a quiet room and an empty synthesised pause look alike.
   */
  floorDb?: number;
  /** Frames within this many dB of the loudest one count as speech for the normalisation statistics. */
  speechDb?: number;
  /** Frequency warp of the filterbank (vocal tract length normalisation), 1 for none. */
  warp?: number;
}

const DEFAULTS: Required<FeatureOptions> = {
  hop: 0.01,
  coefficients: 12,
  bands: 40,
  floorDb: 50,
  speechDb: 35,
  warp: 1,
};

/** An analysed recording: its spectrogram and frame levels, from which features at any warp are cheap. */
export interface AnalysedAudio {
  sampleRate: number;
  nFft: number;
  hop: number;
  spectrum: Spectrogram;
  levelDb: Float32Array;
}

/** The STFT and frame levels of a recording at the aligner's hop (10 ms) and window (about 25 ms). */
export function analyseAudio(audio: PcmAudio, hopSeconds = DEFAULTS.hop): AnalysedAudio {
  const sr = audio.sampleRate;
  const hop = max(1, Math.round(hopSeconds * sr));
  let nFft = 1;
  while (nFft < 0.025 * sr) nFft *= 2;
  const samples = new Float32Array(audio.samples.length);
  for (let i = 0; i < samples.length; i++) samples[i] = audio.samples[i] / 32768;
  const spectrum = stftMagnitudes(samples, nFft, hop);
  return { sampleRate: sr, nFft, hop, spectrum, levelDb: frameLevels(samples, spectrum.frames, hop, nFft) };
}

/**
 * MFCCs for dynamic time warping between two readings of a text (Davis & Mermelstein 1980; the
 * HTK recipe: 25 ms Hann frames, 40 Slaney mel bands 60–7600 Hz, log, DCT-II, c1..c12), with
 * cepstral mean and variance normalised over the speech frames only, so that two voices, two
 * rooms and different amounts of pause compare on what was said. The log floor is relative to
 * the loudest frame (see `floorDb`). Any sample rate from 16 kHz up gives comparable vectors.
 */
export function alignFeatures(audio: PcmAudio | AnalysedAudio, options: FeatureOptions = {}): AlignFeatures {
  const o = { ...DEFAULTS, ...options };
  const analysed = 'spectrum' in audio ? audio : analyseAudio(audio, o.hop);
  const { sampleRate: sr, nFft, hop, levelDb } = analysed;
  const filters = slaneyMelFilterbank(sr, nFft, o.bands, 60, Math.min(7600, sr / 2 / o.warp), o.warp);
  const mel = applyFilterbank(analysed.spectrum, filters);
  const { frames, bands } = mel;

  // Log-mel per frame (frame-major), floored relative to the loudest frame's mean band.
  const logMel = new Float32Array(frames * bands);
  let loudest = 0;
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let b = 0; b < bands; b++) sum += mel.data[b * frames + f];
    loudest = max(loudest, sum);
  }
  const floor = (loudest / bands) * Math.pow(10, -o.floorDb / 20) + 1e-12;
  for (let f = 0; f < frames; f++) {
    for (let b = 0; b < bands; b++) logMel[f * bands + b] = log(max(floor, mel.data[b * frames + f]));
  }

  // DCT-II of the log-mel (orthonormal scaling), c1..cN.
  const dims = o.coefficients;
  const basis = new Float64Array(dims * bands);
  for (let k = 0; k < dims; k++) {
    for (let b = 0; b < bands; b++)
      basis[k * bands + b] = sqrt(2 / bands) * cos((PI * (k + 1) * (b + 0.5)) / bands);
  }
  const data = new Float32Array(frames * dims);
  for (let f = 0; f < frames; f++) {
    for (let k = 0; k < dims; k++) {
      let s = 0;
      for (let b = 0; b < bands; b++) s += basis[k * bands + b] * logMel[f * bands + b];
      data[f * dims + k] = s;
    }
  }
  normalise(data, frames, dims, levelDb, -o.speechDb);
  return { frames, dims, data, frameSeconds: hop / sr, levelDb };
}

/**
 * Each frame's RMS over the analysis window centred on it, in dB under the loudest frame. Taken from
 * the waveform rather than the mel bands, whose equal-area filters make broadband room noise look
 * louder against speech than it sounds.
 */
function frameLevels(samples: Float32Array, frames: number, hop: number, win: number): Float32Array {
  const power = new Float64Array(frames);
  let loudest = 0;
  for (let f = 0; f < frames; f++) {
    const from = max(0, f * hop - (win >> 1));
    const to = Math.min(samples.length, f * hop + (win >> 1));
    let s = 0;
    for (let i = from; i < to; i++) s += samples[i] * samples[i];
    power[f] = to > from ? s / (to - from) : 0;
    loudest = max(loudest, power[f]);
  }
  const levels = new Float32Array(frames);
  for (let f = 0; f < frames; f++) levels[f] = 10 * Math.log10(max(power[f], 1e-20) / max(loudest, 1e-20));
  return levels;
}

/** Subtract the mean and divide by the deviation of each dimension, both taken over speech frames. */
function normalise(
  data: Float32Array,
  frames: number,
  dims: number,
  levelDb: Float32Array,
  minDb: number,
): void {
  let count = 0;
  const mean = new Float64Array(dims);
  const sq = new Float64Array(dims);
  for (let f = 0; f < frames; f++) {
    if (levelDb[f] < minDb) continue;
    count++;
    for (let d = 0; d < dims; d++) {
      const v = data[f * dims + d];
      mean[d] += v;
      sq[d] += v * v;
    }
  }
  if (count < 2) return;
  for (let d = 0; d < dims; d++) {
    mean[d] /= count;
    const sd = sqrt(max(sq[d] / count - mean[d] * mean[d], 1e-9));
    for (let f = 0; f < frames; f++) data[f * dims + d] = (data[f * dims + d] - mean[d]) / sd;
  }
}
