import { filterbankEnergies, slaneyMelFilterbank } from '@app/dsp';

// Bound once: a global `Math` lookup inside a vm context (jest) is slow in the per-sample loops below.
const { log10, max, min } = Math;

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

export { hzToMelSlaney, melToHzSlaney } from '@app/dsp';

/** Wav2Lip's filterbank by default; see `slaneyMelFilterbank` in @app/dsp. Row-major [nMels][nFft/2 + 1]. */
export function melFilterbank(
  sampleRate: number = WAV2LIP_AUDIO.sampleRate,
  nFft: number = WAV2LIP_AUDIO.nFft,
  nMels: number = WAV2LIP_AUDIO.numMels,
  fmin: number = WAV2LIP_AUDIO.fmin,
  fmax: number = WAV2LIP_AUDIO.fmax,
): Float32Array[] {
  return slaneyMelFilterbank(sampleRate, nFft, nMels, fmin, fmax);
}

let cachedFilters: Float32Array[] | undefined;

/**
 * audio.melspectrogram(wav): pre-emphasis (scipy lfilter [1, -0.97]), librosa.stft with center=True
 * and reflect padding (librosa 0.7, which Wav2Lip pins), periodic Hann window, magnitude, mel, then
 * 20*log10(max(1e-5, x)) - ref_level_db, mapped linearly from [min_level_db, 0] to [-4, 4] and clipped.
 * `samples` are mono floats in [-1, 1] at 16 kHz.
 */
export function wav2lipMelSpectrogram(samples: Float32Array): MelSpectrogram {
  const a = WAV2LIP_AUDIO;
  const filters = (cachedFilters ??= melFilterbank());
  const length = samples.length;
  const emphasised = new Float64Array(length);
  for (let t = 0; t < length; t++) emphasised[t] = samples[t] - (t > 0 ? a.preemphasis * samples[t - 1] : 0);
  const mel = filterbankEnergies(emphasised, { nFft: a.nFft, hop: a.hopSize, filters });
  const minLevel = Math.pow(10, a.minLevelDb / 20);
  const data = mel.data;
  for (let i = 0; i < data.length; i++) {
    const db = 20 * log10(max(minLevel, data[i])) - a.refLevelDb;
    const norm = 2 * a.maxAbsValue * ((db - a.minLevelDb) / -a.minLevelDb) - a.maxAbsValue;
    data[i] = min(a.maxAbsValue, max(-a.maxAbsValue, norm));
  }
  return { bands: a.numMels, frames: mel.frames, data };
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
