/** Seeds are unsigned 32-bit integers: the request's `seed`, and seed + i for the i-th image of a batch. */
export const MAX_SEED = 0xffffffff;

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * xoshiro128** (Blackman & Vigna 2018, "Scrambled Linear Pseudorandom Number Generators",
 * prng.di.unimi.it/xoshiro128starstar.c): 128 bits of state, period 2^128 - 1, 32-bit outputs,
 * identical on every machine and Node version. Seeded from one 32-bit seed by expanding it with
 * SplitMix32 (a Weyl sequence step 0x9e3779b9 through MurmurHash3's fmix32 finaliser), so nearby
 * seeds give unrelated streams and the state is never all zero.
 */
export class Xoshiro128 {
  private s: Uint32Array;

  constructor(seed: number | readonly [number, number, number, number]) {
    if (typeof seed !== 'number') {
      this.s = Uint32Array.from(seed);
      return;
    }
    let x = seed >>> 0;
    this.s = new Uint32Array(4);
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if (!(this.s[0] | this.s[1] | this.s[2] | this.s[3])) this.s[0] = 1;
  }

  /** The next 32-bit output. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in the open interval (0, 1), from 53 bits (two outputs), never 0: safe for log(). */
  nextOpenUnit(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }
}

/**
 * Standard normal samples by the Box-Muller transform (Box & Muller 1958): from two uniforms u1, u2,
 * z0 = sqrt(-2 ln u1) cos(2 pi u2) and z1 = sqrt(-2 ln u1) sin(2 pi u2), used in that order.
 * The same seed gives the same latents on every machine, so an image can be regenerated (and
 * cached) from (model, prompt, parameters, seed). The stream differs from PyTorch's generator:
 * a seed reproduces images made by this engine, not by diffusers.
 */
export class GaussianNoise {
  private readonly rng: Xoshiro128;
  private spare: number | undefined;

  constructor(seed: number) {
    this.rng = new Xoshiro128(seed);
  }

  next(): number {
    if (this.spare !== undefined) {
      const z = this.spare;
      this.spare = undefined;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.rng.nextOpenUnit()));
    const theta = 2 * Math.PI * this.rng.nextOpenUnit();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Fills `out` with standard normal samples and returns it. */
  fill(out: Float32Array): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.next();
    return out;
  }
}
