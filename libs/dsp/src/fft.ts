// Bound once: a global `Math` lookup inside a vm context (jest) is slow in the per-bin loop.
const { hypot } = Math;

/**
 * Mixed-radix Cooley–Tukey FFT (decimation in time) for any length: Wav2Lip's n_fft is 800 = 2^5 * 5^2,
 * not a power of two, so a radix-2 transform would not do. Each stage splits by the smallest prime
 * factor p and recombines with a direct p-point DFT, so the cost is n * (sum of the factors) per frame
 * (800 * 20 here) instead of the n^2 of a direct DFT. Prime lengths fall back to a direct DFT.
 * Powers of two (the aligner's 512 and 1024) take an iterative in-place radix-2 path instead, which
 * does the same arithmetic without the recursion and modulo index work.
 */
export class Fft {
  readonly size: number;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly scratchRe: Float64Array;
  private readonly scratchIm: Float64Array;
  /** Bit-reversed index of each position, for power-of-two sizes only. */
  private readonly reversed?: Uint32Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`FFT size must be a positive integer, got ${size}`);
    this.size = size;
    this.cos = new Float64Array(size);
    this.sin = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      this.cos[j] = Math.cos((2 * Math.PI * j) / size);
      this.sin[j] = Math.sin((2 * Math.PI * j) / size);
    }
    this.scratchRe = new Float64Array(size);
    this.scratchIm = new Float64Array(size);
    if ((size & (size - 1)) === 0) {
      const bits = Math.round(Math.log2(size));
      this.reversed = new Uint32Array(size);
      for (let i = 0; i < size; i++) {
        let r = 0;
        for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
        this.reversed[i] = r;
      }
    }
  }

  /** Forward transform X[k] = sum x[t] e^{-2 pi i k t / n}; writes into outRe/outIm (length n). */
  transform(
    inRe: ArrayLike<number>,
    inIm: ArrayLike<number> | undefined,
    outRe: Float64Array,
    outIm: Float64Array,
  ): void {
    if (inRe.length !== this.size || outRe.length !== this.size || outIm.length !== this.size) {
      throw new RangeError(`FFT of size ${this.size} given arrays of another length`);
    }
    if (this.reversed) {
      this.radix2(inRe, inIm, outRe, outIm, this.reversed);
      return;
    }
    this.step(inRe, inIm, 0, 1, this.size, outRe, outIm, 0);
  }

  /** Magnitudes |X[k]| for k = 0..n/2 of a real signal (the one-sided spectrum librosa.stft returns). */
  magnitudes(signal: ArrayLike<number>, out = new Float64Array(Math.floor(this.size / 2) + 1)): Float64Array {
    const re = new Float64Array(this.size);
    const im = new Float64Array(this.size);
    this.transform(signal, undefined, re, im);
    for (let k = 0; k < out.length; k++) out[k] = hypot(re[k], im[k]);
    return out;
  }

  /** Iterative decimation in time: bit-reversed copy, then log2(n) passes of butterflies. */
  private radix2(
    inRe: ArrayLike<number>,
    inIm: ArrayLike<number> | undefined,
    re: Float64Array,
    im: Float64Array,
    reversed: Uint32Array,
  ): void {
    const n = this.size;
    for (let i = 0; i < n; i++) {
      re[reversed[i]] = inRe[i];
      im[reversed[i]] = inIm ? inIm[i] : 0;
    }
    for (let len = 2; len <= n; len <<= 1) {
      const half = len >> 1;
      const stride = n / len;
      for (let start = 0; start < n; start += len) {
        for (let k = 0; k < half; k++) {
          // W = e^{-2 pi i k / len} = cos - i sin, read from the size-n table at k * n / len.
          const c = this.cos[k * stride];
          const s = this.sin[k * stride];
          const a = start + k;
          const b = a + half;
          const tr = re[b] * c + im[b] * s;
          const ti = im[b] * c - re[b] * s;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  }

  private step(
    inRe: ArrayLike<number>,
    inIm: ArrayLike<number> | undefined,
    offset: number,
    stride: number,
    n: number,
    outRe: Float64Array,
    outIm: Float64Array,
    outOffset: number,
  ): void {
    if (n === 1) {
      outRe[outOffset] = inRe[offset];
      outIm[outOffset] = inIm ? inIm[offset] : 0;
      return;
    }
    const p = smallestFactor(n);
    const m = n / p;
    // Sub-transform r (of the samples r, r+p, r+2p, ...) lands in out[outOffset + r*m ..].
    for (let r = 0; r < p; r++) {
      this.step(inRe, inIm, offset + r * stride, stride * p, m, outRe, outIm, outOffset + r * m);
    }
    // Butterfly: X[k + m q] = sum_r W_n^{r (k + m q)} Y_r[k], with W_n^j read from the size-N table.
    const tableStep = this.size / n;
    const tRe = this.scratchRe;
    const tIm = this.scratchIm;
    for (let q = 0; q < p; q++) {
      for (let k = 0; k < m; k++) {
        const idx = k + m * q;
        let sr = 0;
        let si = 0;
        for (let r = 0; r < p; r++) {
          const yr = outRe[outOffset + r * m + k];
          const yi = outIm[outOffset + r * m + k];
          const t = (((r * idx) % n) * tableStep) | 0;
          const c = this.cos[t];
          const s = this.sin[t];
          // (yr + i yi) * (c - i s)
          sr += yr * c + yi * s;
          si += yi * c - yr * s;
        }
        tRe[idx] = sr;
        tIm[idx] = si;
      }
    }
    for (let j = 0; j < n; j++) {
      outRe[outOffset + j] = tRe[j];
      outIm[outOffset + j] = tIm[j];
    }
  }
}

function smallestFactor(n: number): number {
  if (n % 2 === 0) return 2;
  for (let f = 3; f * f <= n; f += 2) if (n % f === 0) return f;
  return n;
}
