import { halve, warpPath, type FeatureFrames } from './dtw';

/** One-dimensional features: each value a frame. */
function seq(values: readonly number[], pause?: readonly number[]): FeatureFrames {
  return {
    frames: values.length,
    dims: 1,
    data: Float32Array.from(values),
    ...(pause ? { pause: Uint8Array.from(pause) } : {}),
  };
}

function pairs(p: { a: Int32Array; b: Int32Array }): Array<[number, number]> {
  return Array.from(p.a, (a, k) => [a, p.b[k]]);
}

/** A smooth, non-repeating ramp with wiggles, so every frame has a clear best partner. */
function ramp(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i / 10 + Math.sin(i / 3));
}

describe('warpPath', () => {
  it('pairs identical sequences frame by frame', () => {
    const a = seq(ramp(50));
    expect(pairs(warpPath(a, a))).toEqual(Array.from({ length: 50 }, (_, i) => [i, i]));
  });

  it('holds a frame of a while b repeats it, and steps monotonically from the first to the last frames', () => {
    const base = ramp(30);
    const b = [...base.slice(0, 10), ...Array<number>(8).fill(base[10]), ...base.slice(11)];
    const p = warpPath(seq(base), seq(b));
    const held = pairs(p).filter(([i]) => i === 10);
    expect(held.map(([, j]) => j)).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
    expect(pairs(p)[0]).toEqual([0, 0]);
    expect(pairs(p)[p.a.length - 1]).toEqual([29, b.length - 1]);
    for (let k = 1; k < p.a.length; k++) {
      const di = p.a[k] - p.a[k - 1];
      const dj = p.b[k] - p.b[k - 1];
      expect([di, dj]).not.toEqual([0, 0]);
      expect(di >= 0 && di <= 1 && dj >= 0 && dj <= 1).toBe(true);
    }
  });

  it('passes over a pause that only b has, when b marks it as pause', () => {
    // a: ramp; b: the same with 12 frames of a value far from everything inserted after frame 20.
    const base = ramp(40);
    const b = [...base.slice(0, 21), ...Array<number>(12).fill(-50), ...base.slice(21)];
    const pause = b.map((v) => (v === -50 ? 1 : 0));
    const marked = pairs(warpPath(seq(base), seq(b, pause)));
    // Every frame of a keeps its own partner (b shifted by 12 after the pause).
    for (const [i, j] of marked) if (j < 21 || j >= 33) expect(j).toBe(i < 21 ? i : i + 12);
    // The pause is crossed by horizontal steps on a single frame of a.
    expect(new Set(marked.filter(([, j]) => j >= 21 && j < 33).map(([i]) => i)).size).toBe(1);
  });

  it('finds the same path coarse-to-fine as in full for a long warped sequence', () => {
    const n = 900;
    const a = seq(ramp(n));
    // b runs 20 % slower in its first half and 20 % faster in its second.
    const bValues: number[] = [];
    for (let t = 0; t < n; t += t < n / 2 ? 1 / 1.2 : 1.2) bValues.push(ramp(n)[Math.floor(t)]);
    const b = seq(bValues);
    const full = warpPath(a, b, { fullBelow: 10_000 });
    const fast = warpPath(a, b, { fullBelow: 100, radius: 8 });
    expect(pairs(fast)).toEqual(pairs(full));
  });

  it('refuses empty sequences and features of different sizes', () => {
    expect(() => warpPath(seq([]), seq([1]))).toThrow(RangeError);
    expect(() => warpPath(seq([1]), { frames: 1, dims: 2, data: new Float32Array(2) })).toThrow(
      /dimensional/,
    );
  });
});

describe('halve', () => {
  it('averages pairs and keeps a pause only where both frames are pauses', () => {
    const h = halve(seq([1, 3, 5, 7, 9], [1, 1, 1, 0, 1]));
    expect(Array.from(h.data)).toEqual([2, 6, 9]);
    expect(Array.from(h.pause ?? [])).toEqual([1, 0, 1]);
  });
});
