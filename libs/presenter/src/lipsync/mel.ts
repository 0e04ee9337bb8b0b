import { Fft } from './fft';

// Bound once: a global `Math` lookup inside a vm context (jest) is slow in the per-bin loops below.
const { cos, log10, max, min, PI } = Math;

/**
 * Wav2Lip's audio front end, ported from github.com/Rudrabha/Wav2Lip audio.py + hparams.py, which the
 * published checkpoints were trained with; a model fed any other mel (other scale, other normalisation)
 * still runs but moves the lips wrongly, so every constant below is theirs.
 */
export const WAV2LIP_AUDIO = {
  sampleRate: 16000,
  preemphasis: 0.97,
  nFft: 800,
  hopSize: 200,
  winSize: 800,
  numMels: 80,
  fmin: 55,
  fmax: 7600,
  refLevelDb: 20,
  minLevelDb: -100,
  maxAbsValue: 4,
  /** Mel frames per video-frame window (inference.py `mel_step_size`). */
  windowFrames: 16,
} as const;

/** 16000 / 200: mel frames per second of audio. */
export const MEL_FRAMES_PER_SECOND = WAV2LIP_AUDIO.sampleRate / WAV2LIP_AUDIO.hopSize;

/** The value silence maps to: the bottom of the symmetric [-4, 4] range. */
export const MEL_SILENCE = -WAV2LIP_AUDIO.maxAbsValue;

export interface MelSpectrogram {
  bands: number;
  frames: number;
  /** Band-major, like numpy's (80, T): value of band b at frame t is data[b * frames + t]. */
  data: Float32Array;
}

/** Slaney's Auditory Toolbox mel scale (librosa `hz_to_mel(htk=False)`): linear below 1 kHz, log above. */
export function hzToMelSlaney(hz: number): number {
  const fSp = 200 / 3;
  const minLogHz = 1000;
  const minLogMel = minLogHz / fSp;
  const logStep = Math.log(6.4) / 27;
  return hz >= minLogHz ? minLogMel + Math.log(hz / minLogHz) / logStep : hz / fSp;
}

export function melToHzSlaney(mel: number): number {
  const fSp = 200 / 3;
  const minLogHz = 1000;
  const minLogMel = minLogHz / fSp;
  const logStep = Math.log(6.4) / 27;
  return mel >= minLogMel ? minLogHz * Math.exp(logStep * (mel - minLogMel)) : fSp * mel;
}

/**
 * librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False, norm='slaney'): triangles between
 * n_mels + 2 points equally spaced on the Slaney scale, each scaled by 2 / (upper - lower edge in Hz)
 * so every filter has unit area. Row-major [nMels][nFft/2 + 1].
 */
export function melFilterbank(
  sampleRate: number = WAV2LIP_AUDIO.sampleRate,
  nFft: number = WAV2LIP_AUDIO.nFft,
  nMels: number = WAV2LIP_AUDIO.numMels,
  fmin: number = WAV2LIP_AUDIO.fmin,
  fmax: number = WAV2LIP_AUDIO.fmax,
): Float32Array[] {
  const bins = Math.floor(nFft / 2) + 1;
  const fftFreqs = Array.from({ length: bins }, (_, k) => (k * sampleRate) / nFft);
  const lo = hzToMelSlaney(fmin);
  const hi = hzToMelSlaney(fmax);
  const points = Array.from({ length: nMels + 2 }, (_, i) =>
    melToHzSlaney(lo + ((hi - lo) * i) / (nMels + 1)),
  );
  const rows: Float32Array[] = [];
  for (let m = 0; m < nMels; m++) {
    const row = new Float32Array(bins);
    const [left, centre, right] = [points[m], points[m + 1], points[m + 2]];
    const norm = 2 / (right - left);
    for (let k = 0; k < bins; k++) {
      const rising = (fftFreqs[k] - left) / (centre - left);
      const falling = (right - fftFreqs[k]) / (right - centre);
      row[k] = Math.max(0, Math.min(rising, falling)) * norm;
    }
    rows.push(row);
  }
  return rows;
}

/** numpy.pad(mode='reflect') index: mirror about the end samples without repeating them. */
function reflectIndex(i: number, length: number): number {
  if (length === 1) return 0;
  const period = 2 * (length - 1);
  let j = ((i % period) + period) % period;
  if (j >= length) j = period - j;
  return j;
}

let cachedFilters: Float32Array[] | undefined;
let cachedFft: Fft | undefined;

/**
 * audio.melspectrogram(wav): pre-emphasis (scipy lfilter [1, -0.97]), librosa.stft with center=True
 * and reflect padding (librosa 0.7, which Wav2Lip pins), periodic Hann window, magnitude, mel, then
 * 20*log10(max(1e-5, x)) - ref_level_db, mapped linearly from [min_level_db, 0] to [-4, 4] and clipped.
 * `samples` are mono floats in [-1, 1] at 16 kHz.
 */
export function wav2lipMelSpectrogram(samples: Float32Array): MelSpectrogram {
  const a = WAV2LIP_AUDIO;
  const filters = (cachedFilters ??= melFilterbank());
  const fft = (cachedFft ??= new Fft(a.nFft));
  const length = samples.length;
  const emphasised = new Float64Array(length);
  for (let t = 0; t < length; t++) emphasised[t] = samples[t] - (t > 0 ? a.preemphasis * samples[t - 1] : 0);

  const frames = length === 0 ? 0 : 1 + Math.floor(length / a.hopSize);
  const half = a.nFft / 2;
  const window = new Float64Array(a.winSize);
  for (let t = 0; t < a.winSize; t++) window[t] = 0.5 - 0.5 * cos((2 * PI * t) / a.winSize);
  const minLevel = Math.pow(10, a.minLevelDb / 20);

  const data = new Float32Array(a.numMels * frames);
  const frame = new Float64Array(a.nFft);
  const mag = new Float64Array(half + 1);
  for (let f = 0; f < frames; f++) {
    const start = f * a.hopSize - half;
    for (let t = 0; t < a.nFft; t++) frame[t] = emphasised[reflectIndex(start + t, length)] * window[t];
    fft.magnitudes(frame, mag);
    for (let m = 0; m < a.numMels; m++) {
      const row = filters[m];
      let energy = 0;
      for (let k = 0; k <= half; k++) energy += row[k] * mag[k];
      const db = 20 * log10(max(minLevel, energy)) - a.refLevelDb;
      const norm = 2 * a.maxAbsValue * ((db - a.minLevelDb) / -a.minLevelDb) - a.maxAbsValue;
      data[m * frames + f] = min(a.maxAbsValue, max(-a.maxAbsValue, norm));
    }
  }
  return { bands: a.numMels, frames, data };
}

/** First mel frame of video frame i: inference.py's `int(i * mel_idx_multiplier)`, multiplier = 80 / fps. */
export function melWindowStart(frameIndex: number, fps: number): number {
  const multiplier = MEL_FRAMES_PER_SECOND / fps;
  return Math.floor(frameIndex * multiplier);
}

/**
 * The [80, 16] window for video frame i, written into `out` (band-major, as the model's [1, 80, 16]).
 * Wav2Lip's inference.py slides the last window back inside the audio; here a window that runs past
 * the end is padded with silence instead, because our clips may outlast the speech and a closed
 * mouth is the right picture there.
 */
export function melWindow(
  mel: MelSpectrogram,
  frameIndex: number,
  fps: number,
  out = new Float32Array(mel.bands * WAV2LIP_AUDIO.windowFrames),
): Float32Array {
  const w = WAV2LIP_AUDIO.windowFrames;
  const start = melWindowStart(frameIndex, fps);
  for (let b = 0; b < mel.bands; b++) {
    for (let t = 0; t < w; t++) {
      const src = start + t;
      out[b * w + t] = src < mel.frames ? mel.data[b * mel.frames + src] : MEL_SILENCE;
    }
  }
  return out;
}
