import { onnxRoot } from './onnx.proto';

/** A dimension: a fixed size or a symbolic name (the batch axis, usually). */
export type OnnxDim = number | string;

/** Element types a graph input or output may declare (float32 when unset). */
export type OnnxElementType = 'float32' | 'float16' | 'int32' | 'int64';

export interface OnnxValueSpec {
  name: string;
  shape: readonly OnnxDim[];
  type?: OnnxElementType;
}

export type OnnxAttribute = { i: number } | { ints: readonly number[] } | { f: number };

export interface OnnxNodeSpec {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: Readonly<Record<string, OnnxAttribute>>;
}

export interface OnnxInitializerSpec {
  name: string;
  type: 'float32' | 'int64';
  dims: readonly number[];
  values: readonly number[];
}

export interface OnnxGraphSpec {
  name: string;
  /** Graph inputs and outputs (float32 unless a value names another type). */
  inputs: readonly OnnxValueSpec[];
  outputs: readonly OnnxValueSpec[];
  nodes: readonly OnnxNodeSpec[];
  initializers?: readonly OnnxInitializerSpec[];
  /** Default-domain opset; 13 is the first with Slice/ReduceMean as used here and ONNX Runtime runs 7..23. */
  opset?: number;
  docString?: string;
}

// onnx.proto TensorProto.DataType and AttributeProto.AttributeType values.
const FLOAT = 1;
const INT64 = 7;
const ELEMENT_TYPE: Readonly<Record<OnnxElementType, number>> = {
  float32: FLOAT,
  float16: 10,
  int32: 6,
  int64: INT64,
};
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;
/** IR version 8 goes with opset 13..17 (onnx/onnx docs/Versioning.md, "Released Versions"). */
const IR_VERSION = 8;

function valueInfo(v: OnnxValueSpec): object {
  return {
    name: v.name,
    type: {
      tensor_type: {
        elem_type: ELEMENT_TYPE[v.type ?? 'float32'],
        shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

function attribute(name: string, a: OnnxAttribute): object {
  if ('i' in a) return { name, type: ATTR_INT, i: a.i };
  if ('f' in a) return { name, type: ATTR_FLOAT, f: a.f };
  return { name, type: ATTR_INTS, ints: [...a.ints] };
}

/** An initializer's little-endian bytes, as TensorProto.raw_data or an external data file holds them. */
function initializerBytes(t: OnnxInitializerSpec): Buffer {
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (count !== t.values.length) {
    throw new RangeError(`initializer ${t.name}: ${t.values.length} values for dims [${t.dims.join(',')}]`);
  }
  let raw: Buffer;
  if (t.type === 'float32') {
    raw = Buffer.alloc(4 * count);
    t.values.forEach((v, i) => raw.writeFloatLE(v, 4 * i));
  } else {
    raw = Buffer.alloc(8 * count);
    t.values.forEach((v, i) => raw.writeBigInt64LE(BigInt(v), 8 * i));
  }
  return raw;
}

/** Initializers travel as little-endian raw_data, the form exporters write (TensorProto.raw_data). */
function initializer(t: OnnxInitializerSpec): object {
  return {
    name: t.name,
    dims: [...t.dims],
    data_type: t.type === 'float32' ? FLOAT : INT64,
    raw_data: initializerBytes(t),
  };
}

/** Serialise a graph to ONNX ModelProto bytes, ready for `InferenceSession.create(buffer)`. */
export function encodeOnnxModel(spec: OnnxGraphSpec): Buffer {
  return encodeModel(spec, (spec.initializers ?? []).map(initializer));
}

/** Offsets in an external data file are kept page-aligned, so a runtime may map the file. */
const EXTERNAL_ALIGN = 4096;

/**
 * Serialise a graph with its initializers' bytes in a separate file, as exporters do for models
 * over protobuf's 2 GB limit (onnx.proto TensorProto.data_location = EXTERNAL, external_data keys
 * `location`, `offset`, `length`; onnx/onnx docs/ExternalData.md). Initializers smaller than
 * `sizeThreshold` bytes stay inline, as onnx's convert_model_to_external_data leaves them (default
 * 1024): shape inference needs small shape/axes tensors in the graph. `location` is the data file's
 * name relative to the model file, which must be written beside it.
 */
export function encodeOnnxModelWithExternalData(
  spec: OnnxGraphSpec,
  location: string,
  sizeThreshold = 1024,
): { model: Buffer; data: Buffer } {
  const parts: Buffer[] = [];
  let offset = 0;
  const initializers = (spec.initializers ?? []).map((t) => {
    const bytes = initializerBytes(t);
    if (bytes.length < sizeThreshold) return initializer(t);
    const at = offset;
    parts.push(bytes);
    const padded = Math.ceil(bytes.length / EXTERNAL_ALIGN) * EXTERNAL_ALIGN;
    parts.push(Buffer.alloc(padded - bytes.length));
    offset += padded;
    return {
      name: t.name,
      dims: [...t.dims],
      data_type: t.type === 'float32' ? FLOAT : INT64,
      data_location: 1,
      external_data: [
        { key: 'location', value: location },
        { key: 'offset', value: String(at) },
        { key: 'length', value: String(bytes.length) },
      ],
    };
  });
  return { model: encodeModel(spec, initializers), data: Buffer.concat(parts) };
}

function encodeModel(spec: OnnxGraphSpec, initializers: object[]): Buffer {
  const ModelProto = onnxRoot().lookupType('onnx.ModelProto');
  const model = {
    ir_version: IR_VERSION,
    producer_name: 'clipwright',
    producer_version: '1',
    opset_import: [{ domain: '', version: spec.opset ?? 13 }],
    ...(spec.docString ? { doc_string: spec.docString } : {}),
    graph: {
      name: spec.name,
      node: spec.nodes.map((n, i) => ({
        name: `${n.op.toLowerCase()}_${i}`,
        op_type: n.op,
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: Object.entries(n.attributes ?? {}).map(([k, a]) => attribute(k, a)),
      })),
      initializer: initializers,
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
    },
  };
  const problem = ModelProto.verify(model);
  if (problem) throw new Error(`ONNX model does not fit onnx.proto: ${problem}`);
  return Buffer.from(ModelProto.encode(ModelProto.fromObject(model)).finish());
}

/** Decode ModelProto bytes to a plain object (int64 as numbers), for tests and diagnostics. */
export function decodeOnnxModel(bytes: Uint8Array): Record<string, unknown> {
  const ModelProto = onnxRoot().lookupType('onnx.ModelProto');
  return ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, defaults: false }) as Record<
    string,
    unknown
  >;
}
