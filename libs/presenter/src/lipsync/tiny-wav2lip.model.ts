import { encodeOnnxModel, OnnxDim, OnnxInitializerSpec, OnnxNodeSpec } from './onnx-graph.builder';

/**
 * What the generated stand-in model computes; each has a known answer a test can check.
 * - `reference`: the reference crop (face channels 3..5) unchanged, i.e. the identity on the face.
 * - `inverse`: 1 - reference crop, so a paste that ignored the model output would be caught.
 * - `loudness`: every pixel = (mean of the mel window + 4) / 8, i.e. 0 for silence and larger for
 *   louder windows, so the per-frame audio alignment and the batch order can be seen in the picture.
 */
export type TinyWav2LipVariant = 'reference' | 'inverse' | 'loudness';

export interface TinyWav2LipOptions {
  variant?: TinyWav2LipVariant;
  /** Names as the original PyTorch forward() has them: `audio_sequences`, `face_sequences`. */
  melName?: string;
  faceName?: string;
  outputName?: string;
  /** Declare the face input first (exporters differ in the order). */
  faceFirst?: boolean;
  /** The batch dimension: symbolic (dynamic) by default, or a fixed size. */
  batch?: OnnxDim;
  /** Override shapes to make deliberately wrong models for the signature checks. */
  melShape?: readonly OnnxDim[];
  faceShape?: readonly OnnxDim[];
  outputShape?: readonly OnnxDim[];
  /** Channels of the reference to pass through (3 for a proper model; fewer makes a wrong one). */
  outputChannels?: number;
}

/**
 * A model with Wav2Lip's input/output signature (Prajwal et al., "A Lip Sync Expert Is All You Need
 * for Speech to Lip Generation In The Wild", ACM MM 2020; github.com/Rudrabha/Wav2Lip models/wav2lip.py:
 * `forward(audio_sequences [B,1,80,16], face_sequences [B,6,96,96]) -> [B,3,96,96]`), made of a few
 * standard operators so it is a few hundred bytes. The real weights cannot be fetched here; this lets
 * the real loading, batching and paste-back code run against a model whose answer is known.
 */
export function buildTinyWav2LipModel(options: TinyWav2LipOptions = {}): Buffer {
  const variant = options.variant ?? 'reference';
  const b = options.batch ?? 'B';
  const mel = options.melName ?? 'audio_sequences';
  const face = options.faceName ?? 'face_sequences';
  const out = options.outputName ?? 'output';
  const melShape = options.melShape ?? [b, 1, 80, 16];
  const faceShape = options.faceShape ?? [b, 6, 96, 96];
  const channels = options.outputChannels ?? 3;
  const outputShape = options.outputShape ?? [b, channels, faceShape[2], faceShape[3]];

  const initializers: OnnxInitializerSpec[] = [
    { name: 'ref_start', type: 'int64', dims: [1], values: [3] },
    { name: 'ref_end', type: 'int64', dims: [1], values: [3 + channels] },
    { name: 'channel_axis', type: 'int64', dims: [1], values: [1] },
    { name: 'zero', type: 'float32', dims: [], values: [0] },
    { name: 'one', type: 'float32', dims: [], values: [1] },
    { name: 'four', type: 'float32', dims: [], values: [4] },
    { name: 'eighth', type: 'float32', dims: [], values: [0.125] },
  ];
  const nodes: OnnxNodeSpec[] = [
    { op: 'Slice', inputs: [face, 'ref_start', 'ref_end', 'channel_axis'], outputs: ['reference'] },
    // ReduceMean keeps `axes` as an attribute up to opset 17 (it became an input in 18).
    {
      op: 'ReduceMean',
      inputs: [mel],
      outputs: ['mel_mean'],
      attributes: { axes: { ints: [1, 2, 3] }, keepdims: { i: 1 } },
    },
  ];
  switch (variant) {
    case 'reference':
      // 0 * mean(mel) keeps the mel input live, so the runtime cannot prune it away.
      nodes.push({ op: 'Mul', inputs: ['mel_mean', 'zero'], outputs: ['mel_zero'] });
      nodes.push({ op: 'Add', inputs: ['reference', 'mel_zero'], outputs: [out] });
      break;
    case 'inverse':
      nodes.push({ op: 'Mul', inputs: ['mel_mean', 'zero'], outputs: ['mel_zero'] });
      nodes.push({ op: 'Sub', inputs: ['one', 'reference'], outputs: ['inverted'] });
      nodes.push({ op: 'Add', inputs: ['inverted', 'mel_zero'], outputs: [out] });
      break;
    case 'loudness':
      nodes.push({ op: 'Mul', inputs: ['reference', 'zero'], outputs: ['blank'] });
      nodes.push({ op: 'Add', inputs: ['mel_mean', 'four'], outputs: ['mel_shifted'] });
      nodes.push({ op: 'Mul', inputs: ['mel_shifted', 'eighth'], outputs: ['level'] });
      nodes.push({ op: 'Add', inputs: ['blank', 'level'], outputs: [out] });
      break;
  }
  // Only the constants this variant uses, so the runtime has nothing to prune (and warn about).
  const used = new Set(nodes.flatMap((n) => n.inputs));
  const melInput = { name: mel, shape: melShape };
  const faceInput = { name: face, shape: faceShape };
  return encodeOnnxModel({
    name: `tiny-wav2lip-${variant}`,
    inputs: options.faceFirst ? [faceInput, melInput] : [melInput, faceInput],
    outputs: [{ name: out, shape: outputShape }],
    nodes,
    initializers: initializers.filter((t) => used.has(t.name)),
    opset: 13,
    docString: `Clipwright tiny Wav2Lip stand-in (${variant}); not a lip-sync model.`,
  });
}
