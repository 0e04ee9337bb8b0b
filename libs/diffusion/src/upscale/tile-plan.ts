/**
 * Tiling for super-resolution at any size in bounded memory: the picture is cut into cores that
 * partition it, each run through the model with `overlap` extra pixels of context on every side,
 * and neighbouring tiles are cross-faded over a band `feather` pixels wide centred on their shared
 * border. The fade weights of two neighbours sum to 1, and each tile's weight is 0 within
 * overlap - feather/2 pixels of its own cut edge, where a convolutional model sees padding instead
 * of the picture: with a receptive radius r <= overlap - feather/2 the tiled result equals the
 * untiled one (up to float rounding), so no seam can show.
 */

/** One tile along one axis, in input pixels: [start, end) ranges. */
export interface TileSpan {
  /** The part of the picture this tile is responsible for. */
  core: [number, number];
  /** What the model sees: the core plus overlap, clipped to the picture (or a fixed window). */
  input: [number, number];
}

/**
 * Spans along an axis of `size` pixels with cores of at most `tile` pixels (balanced, so the last is
 * not a sliver). With `window` (a model exported for a fixed input size) every input is exactly that
 * long: it may reach outside the picture, and the caller repeats edge pixels there.
 */
export function planSpans(size: number, tile: number, overlap: number, window?: number): TileSpan[] {
  const coreMax = window ? Math.max(1, window - 2 * overlap) : Math.max(1, tile);
  const count = Math.max(1, Math.ceil(size / coreMax));
  const spans: TileSpan[] = [];
  for (let k = 0; k < count; k++) {
    const a = Math.round((k * size) / count);
    const b = Math.round(((k + 1) * size) / count);
    if (window) {
      const start = Math.min(a - overlap, Math.max(0, size - window));
      const from = size <= window ? 0 : Math.max(0, start);
      spans.push({ core: [a, b], input: [from, from + window] });
    } else {
      spans.push({ core: [a, b], input: [Math.max(0, a - overlap), Math.min(size, b + overlap)] });
    }
  }
  return spans;
}

/**
 * The cross-fade weight of span k at output pixel x (pixel centres; `scale` output pixels per input
 * pixel): 1 inside the core, ramping linearly to 0 across `feather` input pixels centred on each
 * border shared with a neighbour; borders of the picture itself do not fade.
 */
export function spanWeight(
  spans: readonly TileSpan[],
  k: number,
  x: number,
  scale: number,
  feather: number,
): number {
  const centre = x + 0.5;
  const f = feather * scale;
  let w = 1;
  if (k > 0) {
    const border = spans[k].core[0] * scale;
    w = Math.min(w, f > 0 ? (centre - (border - f / 2)) / f : centre >= border ? 1 : 0);
  }
  if (k < spans.length - 1) {
    const border = spans[k].core[1] * scale;
    w = Math.min(w, f > 0 ? (border + f / 2 - centre) / f : centre < border ? 1 : 0);
  }
  return Math.max(0, Math.min(1, w));
}

/** Output pixels [from, to) where span k's weight is above 0 (so only they are accumulated). */
export function weightedRange(
  spans: readonly TileSpan[],
  k: number,
  scale: number,
  feather: number,
  size: number,
): [number, number] {
  const half = feather / 2;
  const from = k > 0 ? Math.floor((spans[k].core[0] - half) * scale) : 0;
  const to = k < spans.length - 1 ? Math.ceil((spans[k].core[1] + half) * scale) : size * scale;
  return [Math.max(0, from), Math.min(size * scale, to)];
}
