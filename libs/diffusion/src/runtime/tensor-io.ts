import * as ort from 'onnxruntime-node';
import { decodeHalfArray, encodeHalfArray } from '../tensor/half-float.codec';

/** Element types a diffusion model's inputs and outputs may have. */
export const FLOAT_TYPES: ReadonlySet<string> = new Set(['float32', 'float16']);
export const INTEGER_TYPES: ReadonlySet<string> = new Set(['int32', 'int64']);

/**
 * An ONNX Runtime tensor of the element type the model declares, from float values: float16 through
 * the half-float codec (round to nearest even), integers rounded (a timestep of 999.0 or a token id).
 */
export function toTensor(
  type: string,
  values: ArrayLike<number>,
  dims: readonly number[],
  /** float16 only: a buffer to encode into, reused across steps instead of a new one per call. */
  halfScratch?: Uint16Array,
): ort.Tensor {
  switch (type) {
    case 'float32':
      return new ort.Tensor(
        'float32',
        values instanceof Float32Array ? values : Float32Array.from(values),
        dims,
      );
    case 'float16':
      return new ort.Tensor('float16', encodeHalfArray(values, halfScratch), dims);
    case 'int32':
      return new ort.Tensor('int32', Int32Array.from(values, Math.round), dims);
    case 'int64': {
      const out = new BigInt64Array(values.length);
      for (let i = 0; i < values.length; i++) out[i] = BigInt(Math.round(values[i]));
      return new ort.Tensor('int64', out, dims);
    }
    case 'float64':
      return new ort.Tensor('float64', Float64Array.from(values), dims);
    default:
      throw new RangeError(`cannot feed a tensor of type ${type}`);
  }
}

/**
 * A float output as float32 (float16 decoded, into `scratch` when it is given and large enough).
 * @throws RangeError for other element types.
 */
export function fromTensor(tensor: ort.Tensor, scratch?: Float32Array): Float32Array {
  const data = tensor.data;
  if (tensor.type === 'float32') return data as Float32Array;
  if (tensor.type === 'float16') {
    // Uint16Array of bit patterns; a runtime with Float16Array hands that over instead.
    if (!(data instanceof Uint16Array)) return Float32Array.from(data as ArrayLike<number>);
    const out = scratch && scratch.length >= data.length ? scratch.subarray(0, data.length) : undefined;
    return decodeHalfArray(data, out);
  }
  if (tensor.type === 'float64') return Float32Array.from(data as Float64Array);
  throw new RangeError(`expected a float output, got ${tensor.type}`);
}

/** True when a declared dimension is fixed to a positive size. */
export function isFixed(dim: number | string | undefined): dim is number {
  return typeof dim === 'number' && dim > 0;
}

/** A dimension fits `want` when it equals it or is left open by the exporter. */
export function dimFits(dim: number | string | undefined, want: number): boolean {
  return !isFixed(dim) || dim === want;
}

export function formatShape(shape: ReadonlyArray<number | string>): string {
  return `[${shape.map((d) => (typeof d === 'number' && d < 0 ? '?' : String(d))).join(',')}]`;
}
