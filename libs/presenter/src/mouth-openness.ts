import type { Rect } from './presenter.clip';

/**
 * How open the mouth is in a frame: the share of the mouth rectangle's pixels that are the dark
 * inside of the mouth or the teeth. Lips and skin are mid-tones in any of our presenters, so this
 * reads the same from our RGBA frames as from a decoded video (pass alpha 255 there). Compared
 * frame by frame with the audio's loudness it measures lip sync (EBU R37) without knowing the rig.
 */
export function mouthOpenness(frameRgba: Uint8Array, width: number, height: number, mouthRect: Rect): number {
  const x0 = Math.max(0, Math.floor(mouthRect.x));
  const y0 = Math.max(0, Math.floor(mouthRect.y));
  const x1 = Math.min(width, Math.ceil(mouthRect.x + mouthRect.width));
  const y1 = Math.min(height, Math.ceil(mouthRect.y + mouthRect.height));
  if (x1 <= x0 || y1 <= y0) return 0;
  let open = 0;
  for (let y = y0; y < y1; y++) {
    let i = (y * width + x0) * 4;
    for (let x = x0; x < x1; x++, i += 4) {
      if (frameRgba[i + 3] < 128) continue;
      const r = frameRgba[i];
      const g = frameRgba[i + 1];
      const b = frameRgba[i + 2];
      const lum = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      const chroma = Math.max(r, g, b) - Math.min(r, g, b);
      if (lum < 0.12 || (lum > 0.8 && chroma < 40)) open++;
    }
  }
  return open / ((x1 - x0) * (y1 - y0));
}

/** Pearson correlation of two equally long series (0 when either is flat). */
export function correlation(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  if (n < 2) return 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/**
 * The lag (in frames) at which the mouth's openness best follows the sound's loudness, searched in
 * [minLag, maxLag]. Positive: the sound comes later than the picture (audio lags video).
 */
export function bestLag(
  openness: readonly number[],
  loudness: readonly number[],
  minLag: number,
  maxLag: number,
): { lag: number; r: number } {
  let best = { lag: minLag, r: -Infinity };
  for (let lag = minLag; lag <= maxLag; lag++) {
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < openness.length; i++) {
      const j = i + lag;
      if (j < 0 || j >= loudness.length) continue;
      a.push(openness[i]);
      b.push(loudness[j]);
    }
    const r = correlation(a, b);
    if (r > best.r) best = { lag, r };
  }
  return best;
}
