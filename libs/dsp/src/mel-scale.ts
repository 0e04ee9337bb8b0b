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
 * so every filter has unit area. Row-major [nMels][nFft/2 + 1]; frequencies in Hz.
 *
 * `warp` scales every edge frequency (clamped to Nyquist), the piecewise-linear-free form of vocal
 * tract length normalisation (Lee & Rose 1998): a voice whose formants sit 15 % higher is analysed
 * with warp 1.15 to look like one at 1.
 */
export function slaneyMelFilterbank(
  sampleRate: number,
  nFft: number,
  nMels: number,
  fmin: number,
  fmax: number,
  warp = 1,
): Float32Array[] {
  const bins = Math.floor(nFft / 2) + 1;
  const fftFreqs = Array.from({ length: bins }, (_, k) => (k * sampleRate) / nFft);
  const lo = hzToMelSlaney(fmin);
  const hi = hzToMelSlaney(fmax);
  const points = Array.from({ length: nMels + 2 }, (_, i) =>
    Math.min(sampleRate / 2, warp * melToHzSlaney(lo + ((hi - lo) * i) / (nMels + 1))),
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
