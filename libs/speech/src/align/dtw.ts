// Bound once: a global `Math` lookup inside a vm context (jest) is slow in the per-cell loops below.
const { max, min, sqrt } = Math;

/** Frame-major vectors: frame f, dimension d is data[f * dims + d]. */
export interface FeatureFrames {
  frames: number;
  dims: number;
  data: Float32Array;
  /** 1 where the frame is a pause (silence or room noise), 0 in speech; absent: no pauses known. */
  pause?: Uint8Array;
}

/** Matched frame pairs (a[k], b[k]) from (0, 0) to the last frames of both, each step +1 in a, b or both. */
export interface WarpPath {
  a: Int32Array;
  b: Int32Array;
}

export interface DtwOptions {
  /** Frames either side of the coarser level's path searched at the next finer one. */
  radius?: number;
  /** Sequences this short are warped in full rather than through a coarser level. */
  fullBelow?: number;
  /**
   * What a pause frame of one sequence costs when passed over alone (a horizontal or vertical step),
   * at most: a pause one reading has and the other lacks is then absorbed where it is, instead of
   * being matched against the other's speech. In units of the local distance.
   */
  pauseCost?: number;
}

/** Allowed columns per row, [lo[i], hi[i]] inclusive. */
interface Band {
  lo: Int32Array;
  hi: Int32Array;
}

/**
 * Dynamic time warping (Sakoe & Chiba 1978, the symmetric form: a diagonal step costs twice the
 * local distance, so no direction is favoured) of two feature sequences, Euclidean distance between
 * frames. Long sequences are solved coarse to fine (Salvador & Chan, "FastDTW", 2007): the path of
 * the half-rate sequences, widened by `radius` frames, bounds the search at full rate, so memory and
 * time grow with length times radius, not with the product of the lengths. Horizontal and vertical
 * runs are unlimited, as a pause inserted in one reading needs.
 */
export function warpPath(a: FeatureFrames, b: FeatureFrames, options: DtwOptions = {}): WarpPath {
  if (a.dims !== b.dims) throw new RangeError(`warpPath: ${a.dims}- and ${b.dims}-dimensional features`);
  if (a.frames === 0 || b.frames === 0) throw new RangeError('warpPath: an empty sequence');
  const radius = max(1, Math.floor(options.radius ?? 24));
  const fullBelow = max(4, options.fullBelow ?? 400);
  const pauseCost = options.pauseCost ?? 0.5;
  if (a.frames <= fullBelow || b.frames <= fullBelow)
    return solve(a, b, fullBand(a.frames, b.frames), pauseCost);
  const coarse = warpPath(halve(a), halve(b), options);
  return solve(a, b, widen(coarse, a.frames, b.frames, radius), pauseCost);
}

function fullBand(n: number, m: number): Band {
  return { lo: new Int32Array(n), hi: new Int32Array(n).fill(m - 1) };
}

/** Average consecutive pairs of frames (a last odd frame stays as it is); a pair is a pause if both are. */
export function halve(x: FeatureFrames): FeatureFrames {
  const frames = Math.ceil(x.frames / 2);
  const data = new Float32Array(frames * x.dims);
  const pause = x.pause ? new Uint8Array(frames) : undefined;
  for (let f = 0; f < frames; f++) {
    const i = 2 * f;
    const j = min(i + 1, x.frames - 1);
    for (let d = 0; d < x.dims; d++)
      data[f * x.dims + d] = (x.data[i * x.dims + d] + x.data[j * x.dims + d]) / 2;
    if (pause && x.pause) pause[f] = x.pause[i] & x.pause[j];
  }
  return { frames, dims: x.dims, data, ...(pause ? { pause } : {}) };
}

/** The coarse path's cells at double rate, then `radius` more frames around them in both directions. */
function widen(path: WarpPath, n: number, m: number, radius: number): Band {
  const lo = new Int32Array(n).fill(m);
  const hi = new Int32Array(n).fill(-1);
  for (let k = 0; k < path.a.length; k++) {
    for (let di = 0; di < 2; di++) {
      const i = 2 * path.a[k] + di;
      if (i >= n) continue;
      lo[i] = min(lo[i], 2 * path.b[k]);
      hi[i] = max(hi[i], min(m - 1, 2 * path.b[k] + 1));
    }
  }
  const band: Band = { lo: new Int32Array(n), hi: new Int32Array(n) };
  for (let i = 0; i < n; i++) {
    let l = m;
    let h = -1;
    for (let r = max(0, i - radius); r <= min(n - 1, i + radius); r++) {
      l = min(l, lo[r]);
      h = max(h, hi[r]);
    }
    band.lo[i] = max(0, l - radius);
    band.hi[i] = min(m - 1, h + radius);
  }
  band.lo[0] = 0;
  band.hi[n - 1] = m - 1;
  return band;
}

const DIAGONAL = 0;
const UP = 1; // from (i - 1, j)
const LEFT = 2; // from (i, j - 1)

/** DTW restricted to the band, then the path traced back from the last cell. */
function solve(a: FeatureFrames, b: FeatureFrames, band: Band, pauseCost: number): WarpPath {
  const n = a.frames;
  const dims = a.dims;
  const offset = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offset[i + 1] = offset[i] + (band.hi[i] - band.lo[i] + 1);
  const cost = new Float64Array(offset[n]);
  const step = new Uint8Array(offset[n]);
  const at = (i: number, j: number): number =>
    i < 0 || j < band.lo[i] || j > band.hi[i] ? Infinity : cost[offset[i] + j - band.lo[i]];

  for (let i = 0; i < n; i++) {
    for (let j = band.lo[i]; j <= band.hi[i]; j++) {
      let s = 0;
      for (let d = 0; d < dims; d++) {
        const diff = a.data[i * dims + d] - b.data[j * dims + d];
        s += diff * diff;
      }
      const local = sqrt(s);
      const cell = offset[i] + j - band.lo[i];
      if (i === 0 && j === 0) {
        cost[cell] = local;
        continue;
      }
      const diagonal = at(i - 1, j - 1) + 2 * local;
      const up = at(i - 1, j) + (a.pause?.[i] ? min(local, pauseCost) : local);
      const left =
        j > band.lo[i] ? cost[cell - 1] + (b.pause?.[j] ? min(local, pauseCost) : local) : Infinity;
      if (diagonal <= up && diagonal <= left) {
        cost[cell] = diagonal;
        step[cell] = DIAGONAL;
      } else if (up <= left) {
        cost[cell] = up;
        step[cell] = UP;
      } else {
        cost[cell] = left;
        step[cell] = LEFT;
      }
    }
  }
  if (!Number.isFinite(at(n - 1, b.frames - 1))) throw new RangeError('warpPath: the band leaves no path');

  const pa: number[] = [];
  const pb: number[] = [];
  let i = n - 1;
  let j = b.frames - 1;
  for (;;) {
    pa.push(i);
    pb.push(j);
    if (i === 0 && j === 0) break;
    const s = step[offset[i] + j - band.lo[i]];
    if (s === DIAGONAL) {
      i--;
      j--;
    } else if (s === UP) i--;
    else j--;
  }
  return { a: Int32Array.from(pa.reverse()), b: Int32Array.from(pb.reverse()) };
}
