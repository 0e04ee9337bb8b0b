import { decodeOnnxModel, encodeOnnxModel } from '@app/onnx';
import { buildTinyWav2LipModel } from '../../../../test/fixtures/lipsync/tiny-wav2lip.model';

interface Decoded {
  ir_version: number;
  opset_import: { domain?: string; version: number }[];
  graph: {
    node: { op_type: string; input: string[]; output: string[] }[];
    input: { name: string; type: { tensor_type: { elem_type: number; shape: { dim: object[] } } } }[];
    output: { name: string; type: { tensor_type: { elem_type: number; shape: { dim: object[] } } } }[];
    initializer: { name: string; dims?: number[]; data_type: number; raw_data: Uint8Array }[];
  };
}

describe('buildTinyWav2LipModel', () => {
  it('writes an ONNX ModelProto with opset 13 and the Wav2Lip signature', () => {
    const bytes = buildTinyWav2LipModel();
    expect(bytes.length).toBeLessThan(100 * 1024);
    const m = decodeOnnxModel(bytes) as unknown as Decoded;
    expect(m.ir_version).toBe(8);
    expect(m.opset_import).toEqual([{ domain: '', version: 13 }]);
    expect(m.graph.input.map((i) => i.name)).toEqual(['audio_sequences', 'face_sequences']);
    expect(m.graph.input.map((i) => i.type.tensor_type.shape.dim)).toEqual([
      [{ dim_param: 'B' }, { dim_value: 1 }, { dim_value: 80 }, { dim_value: 16 }],
      [{ dim_param: 'B' }, { dim_value: 6 }, { dim_value: 96 }, { dim_value: 96 }],
    ]);
    expect(m.graph.input.every((i) => i.type.tensor_type.elem_type === 1)).toBe(true);
    expect(m.graph.output[0].type.tensor_type.shape.dim).toEqual([
      { dim_param: 'B' },
      { dim_value: 3 },
      { dim_value: 96 },
      { dim_value: 96 },
    ]);
    expect(m.graph.node.map((n) => n.op_type)).toEqual(['Slice', 'ReduceMean', 'Mul', 'Add']);
    const start = m.graph.initializer.find((t) => t.name === 'ref_start');
    // int64 3, little-endian, in raw_data (TensorProto.DataType INT64 = 7)
    expect(start?.data_type).toBe(7);
    expect(Buffer.from(start?.raw_data ?? []).readBigInt64LE(0)).toBe(3n);
  });

  it('builds each variant from the ops its answer needs, with only the constants it uses', () => {
    const ops = (variant: 'inverse' | 'loudness'): string[] =>
      (decodeOnnxModel(buildTinyWav2LipModel({ variant })) as unknown as Decoded).graph.node.map(
        (n) => n.op_type,
      );
    expect(ops('inverse')).toEqual(['Slice', 'ReduceMean', 'Mul', 'Sub', 'Add']);
    expect(ops('loudness')).toEqual(['Slice', 'ReduceMean', 'Mul', 'Add', 'Mul', 'Add']);
    const m = decodeOnnxModel(buildTinyWav2LipModel({ variant: 'inverse' })) as unknown as Decoded;
    expect(m.graph.initializer.map((t) => t.name).sort()).toEqual([
      'channel_axis',
      'one',
      'ref_end',
      'ref_start',
      'zero',
    ]);
  });

  it('is deterministic: equal options give equal bytes', () => {
    expect(buildTinyWav2LipModel({ batch: 4 }).equals(buildTinyWav2LipModel({ batch: 4 }))).toBe(true);
  });

  it('refuses an initializer whose values do not fill its dims', () => {
    expect(() =>
      encodeOnnxModel({
        name: 'bad',
        inputs: [],
        outputs: [],
        nodes: [],
        initializers: [{ name: 'x', type: 'float32', dims: [2, 2], values: [1, 2, 3] }],
      }),
    ).toThrow(/3 values for dims \[2,2\]/);
  });
});
