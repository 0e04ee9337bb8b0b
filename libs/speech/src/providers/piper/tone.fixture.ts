/** The strongest of some candidate frequencies (Hz) in a stretch of samples, by correlation. */
export function dominantHz(
  samples: ArrayLike<number>,
  sampleRate: number,
  candidates: readonly number[],
): number {
  let best = candidates[0];
  let bestPower = -1;
  for (const hz of candidates) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < samples.length; i++) {
      const w = (2 * Math.PI * hz * i) / sampleRate;
      re += samples[i] * Math.cos(w);
      im += samples[i] * Math.sin(w);
    }
    const power = re * re + im * im;
    if (power > bestPower) {
      bestPower = power;
      best = hz;
    }
  }
  return best;
}
