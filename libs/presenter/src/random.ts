/**
 * A small seeded generator (mulberry32): the same seed gives the same blinks and sway on every
 * machine and Node version, which Math.random cannot promise, so a re-render is byte-identical.
 */
export function seededRandom(seed: number): () => number {
  let a = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform in [lo, hi). */
export function between(random: () => number, lo: number, hi: number): number {
  return lo + (hi - lo) * random();
}
