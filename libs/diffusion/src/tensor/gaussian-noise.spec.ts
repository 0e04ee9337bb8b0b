import { GaussianNoise, Xoshiro128 } from './gaussian-noise';

describe('Xoshiro128', () => {
  it('matches xoshiro128** worked by hand from the state {1, 2, 3, 4}', () => {
    // out = rotl(s1 * 5, 7) * 9; then t = s1 << 9; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11)
    // 1st: rotl(10, 7) * 9 = 1280 * 9 = 11520; state -> {7, 0, 1026, 12288}
    // 2nd: rotl(0, 7) * 9 = 0; state -> {12295, 1029, 1029, 25165824}
    // 3rd: rotl(5145, 7) * 9 = 658560 * 9 = 5927040
    const g = new Xoshiro128([1, 2, 3, 4]);
    expect([g.nextUint32(), g.nextUint32(), g.nextUint32()]).toEqual([11520, 0, 5927040]);
  });

  it('is deterministic per seed and differs between neighbouring seeds', () => {
    const take = (seed: number) => {
      const g = new Xoshiro128(seed);
      return Array.from({ length: 4 }, () => g.nextUint32());
    };
    expect(take(42)).toEqual(take(42));
    expect(take(42)).not.toEqual(take(43));
    expect(take(0).some((x) => x !== 0)).toBe(true);
  });

  it('gives uniforms strictly inside (0, 1)', () => {
    const g = new Xoshiro128([0, 0, 0, 1]);
    for (let i = 0; i < 1000; i++) {
      const u = g.nextOpenUnit();
      expect(u).toBeGreaterThan(0);
      expect(u).toBeLessThan(1);
    }
  });
});

describe('GaussianNoise', () => {
  it('Box-Muller: pairs come from sqrt(-2 ln u1) (cos, sin) (2 pi u2)', () => {
    const u = new Xoshiro128(7);
    const [u1, u2] = [u.nextOpenUnit(), u.nextOpenUnit()];
    const n = new GaussianNoise(7);
    const r = Math.sqrt(-2 * Math.log(u1));
    expect(n.next()).toBeCloseTo(r * Math.cos(2 * Math.PI * u2), 12);
    expect(n.next()).toBeCloseTo(r * Math.sin(2 * Math.PI * u2), 12);
  });

  it('has mean 0, variance 1 and the normal tail mass', () => {
    const x = new GaussianNoise(2024).fill(new Float32Array(200_000));
    let sum = 0;
    let sq = 0;
    let beyond2 = 0;
    for (const v of x) {
      sum += v;
      sq += v * v;
      if (Math.abs(v) > 2) beyond2++;
    }
    const mean = sum / x.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(sq / x.length - mean * mean).toBeCloseTo(1, 1);
    expect(beyond2 / x.length).toBeCloseTo(0.0455, 2); // P(|Z| > 2) = 0.0455
  });

  it('reproduces the same latents from the same seed', () => {
    expect(new GaussianNoise(5).fill(new Float32Array(64))).toEqual(
      new GaussianNoise(5).fill(new Float32Array(64)),
    );
  });
});
