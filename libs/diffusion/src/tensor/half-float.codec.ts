/**
 * IEEE 754 binary16 ("half", float16) <-> binary32 conversion, for models exported in fp16: ONNX
 * Runtime for Node takes and returns float16 tensors as Uint16Array bit patterns (Node 20 has no
 * Float16Array). Layout (IEEE 754-2008 §3.6): 1 sign bit, 5 exponent bits (bias 15), 10 fraction
 * bits; exponent 0 is zero/subnormal (value = fraction * 2^-24), exponent 31 is infinity/NaN.
 * Rounding float32 -> float16 is to nearest, ties to even (the IEEE default, what numpy's
 * `astype(np.float16)` and PyTorch's `.half()` do), so a model sees the same numbers it would in Python.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float16 bit pattern nearest to `value` (ties to even; overflow to ±Infinity; NaN stays NaN). */
export function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const frac = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (frac ? 0x200 : 0); // Inf, or a quiet NaN
  // Unbiased exponent e = exp - 127; half normals have e in [-14, 15].
  const e = exp - 127;
  if (e > 15) return sign | 0x7c00;
  if (e >= -14) {
    // Normal half: keep 10 of the 23 fraction bits, round the 13 dropped bits to nearest even.
    let half = ((e + 15) << 10) | (frac >>> 13);
    const rest = frac & 0x1fff;
    if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half += 1; // may carry into the exponent: correct
    return sign | half;
  }
  if (e < -25) return sign; // below half the smallest subnormal (2^-25): rounds to zero
  // Subnormal half: the value is m * 2^-24 with m = (1.frac) * 2^(e + 24), rounded to nearest even.
  const mantissa = frac | 0x800000; // the implicit leading 1
  const shift = -e - 1; // 14..24: bits to drop from the 24-bit mantissa to land on units of 2^-24
  let half = mantissa >>> shift;
  const rest = mantissa & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  if (rest > halfway || (rest === halfway && (half & 1) === 1)) half += 1; // 0x3ff + 1 = the smallest normal: correct
  return sign | half;
}

/** The float32 value of a float16 bit pattern (exact: every half is representable in float32). */
export function fromHalf(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Encodes a float32 array as float16 bit patterns, element by element. */
export function encodeHalfArray(
  values: ArrayLike<number>,
  out = new Uint16Array(values.length),
): Uint16Array {
  for (let i = 0; i < values.length; i++) out[i] = toHalf(values[i]);
  return out;
}

/** Decodes float16 bit patterns to float32. */
export function decodeHalfArray(bits: ArrayLike<number>, out = new Float32Array(bits.length)): Float32Array {
  for (let i = 0; i < bits.length; i++) out[i] = fromHalf(bits[i]);
  return out;
}
