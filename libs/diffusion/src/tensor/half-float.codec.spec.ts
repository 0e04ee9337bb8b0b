import { decodeHalfArray, encodeHalfArray, fromHalf, toHalf } from './half-float.codec';

// Expected bit patterns are the binary16 encodings worked out from IEEE 754-2008 §3.6 (sign, 5-bit
// exponent with bias 15, 10-bit fraction), the same ones the "Half-precision floating-point format"
// examples table lists: e.g. 1 = 0 01111 0000000000 = 0x3c00.
describe('half-float codec', () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff], // the largest finite half
    [2 ** -14, 0x0400], // the smallest normal
    [2 ** -24, 0x0001], // the smallest subnormal
    [1023 * 2 ** -24, 0x03ff], // the largest subnormal
    [1 / 3, 0x3555], // 0.333251953125 is nearest
    [0.1, 0x2e66],
  ])('encodes %p as bits %p', (value, bits) => {
    expect(toHalf(value)).toBe(bits);
  });

  it('rounds to nearest, ties to even', () => {
    // 1 + 2^-11 is exactly between 1 (fraction 0, even) and 1 + 2^-10 (fraction 1, odd): stays 1.
    expect(toHalf(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3*2^-11 is between fraction 1 (odd) and 2 (even): goes up to 2.
    expect(toHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    // Just over the tie rounds up, just under rounds down.
    expect(toHalf(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
    expect(toHalf(1 + 2 ** -11 - 2 ** -20)).toBe(0x3c00);
    // Subnormal ties: 2^-25 is half the smallest subnormal (ties to 0); 3*2^-25 goes to 2*2^-24.
    expect(toHalf(2 ** -25)).toBe(0x0000);
    expect(toHalf(3 * 2 ** -25)).toBe(0x0002);
    expect(toHalf(2 ** -25 + 2 ** -40)).toBe(0x0001);
    // The largest subnormal plus a half unit carries into the smallest normal.
    expect(toHalf(1023.5 * 2 ** -24)).toBe(0x0400);
  });

  it('overflows to infinity and keeps NaN', () => {
    expect(toHalf(65520)).toBe(0x7c00); // halfway between 65504 and 2^16 -> even -> infinity
    expect(toHalf(65519)).toBe(0x7bff);
    expect(toHalf(1e9)).toBe(0x7c00);
    expect(toHalf(-Infinity)).toBe(0xfc00);
    expect(toHalf(NaN) & 0x7c00).toBe(0x7c00);
    expect(toHalf(NaN) & 0x3ff).not.toBe(0);
    expect(fromHalf(0x7c00)).toBe(Infinity);
    expect(fromHalf(0xfc00)).toBe(-Infinity);
    expect(fromHalf(0x7e00)).toBeNaN();
  });

  it('decodes every half exactly and encodes it back to the same bits', () => {
    const wrong: string[] = [];
    for (let bits = 0; bits < 0x10000; bits++) {
      const exp = (bits >>> 10) & 0x1f;
      if (exp === 0x1f && bits & 0x3ff) continue; // NaN payloads are not preserved
      const value = fromHalf(bits);
      if (Math.fround(value) !== value || toHalf(value) !== bits) wrong.push(`${bits} -> ${value}`);
    }
    expect(wrong).toEqual([]);
  });

  it('agrees with a plain nearest-even search over all finite halves on random floats', () => {
    // Reference: the positive finite halves in order; pick the nearer neighbour, the even one on a tie.
    const positives = Array.from({ length: 0x7c00 }, (_, b) => fromHalf(b));
    const reference = (v: number): number => {
      const a = Math.abs(v);
      const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
      if (a >= 65520) return sign | 0x7c00;
      let lo = 0;
      let hi = positives.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (positives[mid] <= a) lo = mid;
        else hi = mid;
      }
      const [dl, dh] = [a - positives[lo], positives[hi] - a];
      return sign | (dl < dh ? lo : dh < dl ? hi : lo % 2 === 0 ? lo : hi);
    };
    const g = (() => {
      let x = 12345;
      return () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
    })();
    const wrong: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const v = Math.fround((g() - 0.5) * 2 ** Math.floor(g() * 44 - 28));
      if (toHalf(v) !== reference(v)) wrong.push(`${v}`);
    }
    expect(wrong).toEqual([]);
    expect(encodeHalfArray(Float32Array.from([1e-6, -3.5, 70000]))).toEqual(
      Uint16Array.from([toHalf(1e-6), toHalf(-3.5), 0x7c00]),
    );
  });

  it('round-trips arrays', () => {
    const values = Float32Array.from([0.25, -1.5, 3.140625, 0]);
    expect(Array.from(decodeHalfArray(encodeHalfArray(values)))).toEqual([0.25, -1.5, 3.140625, 0]);
  });
});
