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
  return halfFromFloatBits(u32[0]);
}

/** 0.5 as float32 bits: adding it to a float below 2^-14 leaves that value's half-subnormal bits, rounded by the FPU. */
const SUBNORMAL_MAGIC = 126 << 23;
const subnormalMagic = (() => {
  u32[0] = SUBNORMAL_MAGIC;
  return f32[0];
})();

/**
 * toHalf on a float32 given by its bit pattern (arrays convert through a Uint32Array view, no
 * copies). Fabian Giesen's branch-light method ("float->half variants", float_to_half_fast3_rtne,
 * public domain): halves' normals by re-biasing the exponent (-112 << 23) and adding 0xfff plus the
 * lowest kept bit (ties to even) before dropping 13 bits; subnormals by letting the FPU round
 * x + 0.5; overflow to infinity, NaN to a quiet NaN.
 */
function halfFromFloatBits(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const u = bits & 0x7fffffff;
  let half: number;
  if (u >= 0x47800000)
    half = u > 0x7f800000 ? 0x7e00 : 0x7c00; // >= 65536 (rounds to Inf), Inf, NaN
  else if (u < 0x38800000) {
    // below 2^-14: subnormal half or zero
    u32[0] = u;
    f32[0] += subnormalMagic;
    half = u32[0] - SUBNORMAL_MAGIC;
  } else half = (u + 0xc8000fff + ((u >>> 13) & 1)) >>> 13;
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

/** Encodes float values as float16 bit patterns (a Float32Array is read through a bit view, no copy). */
export function encodeHalfArray(
  values: ArrayLike<number>,
  out: Uint16Array = new Uint16Array(values.length),
): Uint16Array {
  if (values instanceof Float32Array) {
    const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
    for (let i = 0; i < bits.length; i++) out[i] = halfFromFloatBits(bits[i]);
  } else {
    for (let i = 0; i < values.length; i++) out[i] = toHalf(values[i]);
  }
  return out;
}

let decodeTable: Float32Array | undefined;

/** Decodes float16 bit patterns to float32, through a table of all 65536 values (built once, 256 KB). */
export function decodeHalfArray(
  bits: ArrayLike<number>,
  out: Float32Array = new Float32Array(bits.length),
): Float32Array {
  if (!decodeTable) {
    decodeTable = new Float32Array(0x10000);
    for (let b = 0; b < 0x10000; b++) decodeTable[b] = fromHalf(b);
  }
  const table = decodeTable;
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]];
  return out;
}
