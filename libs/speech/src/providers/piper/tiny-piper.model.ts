// The builder lives with the presenter's tiny Wav2Lip model; imported from there so there is one.
import { encodeOnnxModel, type OnnxInitializerSpec, type OnnxNodeSpec, type OnnxValueSpec } from '@app/onnx';

/** What the generated stand-in voice computes, in numbers a test can check. */
export const TINY_PIPER = {
  sampleRate: 16000,
  hopLength: 128,
  /** Tone of phoneme id i: BASE_HZ + STEP_HZ * i (+ SPEAKER_HZ * sid), amplitude 0.5. */
  baseHz: 200,
  stepHz: 25,
  speakerHz: 40,
  /** Frames of phoneme id i before the length scale: 2 + (i mod 3), then ceil(frames * length_scale). */
  minFrames: 2,
  frameCycle: 3,
} as const;

export interface TinyPiperOptions {
  /** Expose the per-id frame counts as a second output (`w_ceil`), as a voice patched for alignments does. */
  durations?: boolean;
  /** A multi-speaker voice: an `sid` int64 [1] input that shifts every tone up by speakerHz * sid. */
  speakers?: boolean;
}

/**
 * A model with the input/output signature of a Piper voice (VITS exported by piper's export_onnx:
 * `input` int64 [1,N], `input_lengths` int64 [1], `scales` float32 [3] = noise, length, noise_w,
 * optional `sid` int64 [1]; `output` float32 [1,1,1,T]) whose output is known: each phoneme id is a
 * tone of its own frequency lasting ceil((2 + id mod 3) * length_scale) frames of `hopLength`
 * samples, so a test can read back from the audio which id sounded when. Real voices cannot be
 * fetched here; this runs the real phonemizing, id mapping, inference and timing code.
 */
export function buildTinyPiperModel(options: TinyPiperOptions = {}): Buffer {
  const t = TINY_PIPER;
  const f32 = (name: string, values: number[], dims: number[] = []): OnnxInitializerSpec => ({
    name,
    type: 'float32',
    dims,
    values,
  });
  const i64 = (name: string, values: number[], dims: number[] = [1]): OnnxInitializerSpec => ({
    name,
    type: 'int64',
    dims,
    values,
  });
  const initializers: OnnxInitializerSpec[] = [
    i64('cycle', [t.frameCycle], []),
    f32('min_frames', [t.minFrames]),
    i64('one_index', [1]),
    i64('axis0', [0], []),
    i64('flat', [-1]),
    i64('axes_01', [0, 1]),
    i64('axis_1', [1]),
    i64('axes_1', [1]),
    i64('audio_shape', [1, 1, 1, -1], [4]),
    i64('hop_shape', [1, t.hopLength], [2]),
    f32('zero', [0]),
    f32('one', [1]),
    f32('base_hz', [t.baseHz]),
    f32('step_hz', [t.stepHz]),
    f32('speaker_hz', [t.speakerHz]),
    f32('amplitude', [0.5]),
    f32('two_pi_over_rate', [(2 * Math.PI) / t.sampleRate]),
    f32('hop', [t.hopLength]),
  ];
  const n = (
    op: string,
    inputs: string[],
    outputs: string[],
    attributes?: OnnxNodeSpec['attributes'],
  ): OnnxNodeSpec => ({
    op,
    inputs,
    outputs,
    ...(attributes ? { attributes } : {}),
  });
  const FLOAT = 1;
  const nodes: OnnxNodeSpec[] = [
    // Frames per id: ceil((2 + id mod 3) * length_scale), shaped [1, 1, N] like VITS's w_ceil.
    n('Mod', ['input', 'cycle'], ['id_mod']),
    n('Cast', ['id_mod'], ['id_mod_f'], { to: { i: FLOAT } }),
    n('Add', ['id_mod_f', 'min_frames'], ['frames_raw']),
    n('Gather', ['scales', 'one_index'], ['length_scale'], { axis: { i: 0 } }),
    n('Mul', ['frames_raw', 'length_scale'], ['frames_scaled']),
    n('Ceil', ['frames_scaled'], ['frames_2d']),
    n('Unsqueeze', ['frames_2d', 'axes_1'], ['w_ceil']),
    // Which id sounds in each frame: the number of ids whose cumulative end is at or before it.
    n('Reshape', ['frames_2d', 'flat'], ['frames']),
    n('CumSum', ['frames', 'axis0'], ['ends']),
    n('ReduceSum', ['frames'], ['total'], { keepdims: { i: 0 } }),
    n('Range', ['zero', 'total', 'one'], ['frame_index']),
    n('Unsqueeze', ['frame_index', 'axis_1'], ['frame_column']),
    n('GreaterOrEqual', ['frame_column', 'ends'], ['ended']),
    n('Cast', ['ended'], ['ended_f'], { to: { i: FLOAT } }),
    n('ReduceSum', ['ended_f', 'axis_1'], ['position_f'], { keepdims: { i: 0 } }),
    n('Cast', ['position_f'], ['position'], { to: { i: 7 } }),
    // Tone per id (and per speaker), per frame, then per sample.
    n('Reshape', ['input', 'flat'], ['ids']),
    n('Cast', ['ids'], ['ids_f'], { to: { i: FLOAT } }),
    n('Mul', ['ids_f', 'step_hz'], ['id_hz']),
    n('Add', ['id_hz', 'base_hz'], ['tone_hz']),
  ];
  let hz = 'tone_hz';
  if (options.speakers) {
    nodes.push(n('Cast', ['sid'], ['sid_f'], { to: { i: FLOAT } }));
    nodes.push(n('Mul', ['sid_f', 'speaker_hz'], ['sid_hz']));
    nodes.push(n('Add', ['tone_hz', 'sid_hz'], ['speaker_tone_hz']));
    hz = 'speaker_tone_hz';
  }
  nodes.push(
    n('Gather', [hz, 'position'], ['frame_hz'], { axis: { i: 0 } }),
    n('Unsqueeze', ['frame_hz', 'axis_1'], ['frame_hz_column']),
    n('Expand', ['frame_hz_column', 'hop_shape'], ['sample_hz_2d']),
    n('Reshape', ['sample_hz_2d', 'flat'], ['sample_hz']),
    n('Mul', ['total', 'hop'], ['samples']),
    n('Range', ['zero', 'samples', 'one'], ['sample_index']),
    n('Mul', ['sample_index', 'two_pi_over_rate'], ['radians_per_hz']),
    n('Mul', ['radians_per_hz', 'sample_hz'], ['phase']),
    n('Sin', ['phase'], ['wave']),
    n('Mul', ['wave', 'amplitude'], ['wave_loud']),
    // The other inputs stay live (0 * their sum), so the runtime cannot prune them away.
    n('Cast', ['input_lengths'], ['lengths_f'], { to: { i: FLOAT } }),
    n('ReduceSum', ['lengths_f'], ['lengths_sum'], { keepdims: { i: 0 } }),
    n('ReduceSum', ['scales'], ['scales_sum'], { keepdims: { i: 0 } }),
    n('Add', ['lengths_sum', 'scales_sum'], ['unused_sum']),
    n('Mul', ['unused_sum', 'zero'], ['unused_zero']),
    n('Add', ['wave_loud', 'unused_zero'], ['wave_flat']),
    n('Reshape', ['wave_flat', 'audio_shape'], ['output']),
  );
  const inputs: OnnxValueSpec[] = [
    { name: 'input', shape: [1, 'phonemes'], type: 'int64' },
    { name: 'input_lengths', shape: [1], type: 'int64' },
    { name: 'scales', shape: [3] },
    ...(options.speakers ? [{ name: 'sid', shape: [1], type: 'int64' as const }] : []),
  ];
  const outputs: OnnxValueSpec[] = [
    { name: 'output', shape: [1, 1, 1, 'time'] },
    ...(options.durations ? [{ name: 'w_ceil', shape: [1, 1, 'phonemes'] }] : []),
  ];
  const used = new Set(nodes.flatMap((x) => x.inputs));
  return encodeOnnxModel({
    name: 'tiny-piper',
    inputs,
    outputs,
    nodes,
    initializers: initializers.filter((i) => used.has(i.name)),
    opset: 13,
    docString: 'Clipwright tiny Piper stand-in: one tone per phoneme id; not a voice.',
  });
}

/**
 * Symbols of the tiny voice's phoneme_id_map, in id order after pad, BOS and EOS: space and the
 * punctuation Piper keeps, digits (tone numbers), Latin letters and the IPA espeak-ng writes for the
 * languages tested here. Ids stay below 170, so every tone is under 4.5 kHz (Nyquist is 8 kHz).
 */
const TINY_SYMBOLS =
  " !'(),-.:;?0123456789abcdefghijklmnopqrstuvwxyz" +
  'æçðøħŋœɐɑɒɓɔɕɖɗɘəɚɛɜɞɟɠɡɢɣɤɥɦɧɨɪɫɬɭɮɯɰɱɲɳɴɵɶɸɹɺɻɽɾʀʁʂʃʄʈʉʊʋʌʍʎʏʐʑʒʔʕʘʙʛʜʝʟʡʢʲˈˌːˑ˞βθχᵻⱱʰˤ' +
  '\u0303\u0327\u032a\u032f\u0329';

/** The `.onnx.json` of the tiny voice, in the format piper's export writes. */
export function buildTinyPiperConfig(options: TinyPiperOptions = {}): Record<string, unknown> {
  const map: Record<string, number[]> = { _: [0], '^': [1], $: [2] };
  [...TINY_SYMBOLS].forEach((symbol, i) => (map[symbol] = [i + 3]));
  const speakers = options.speakers ? { anchor: 0, reporter: 1, 'guest voice': 2 } : {};
  return {
    audio: { sample_rate: TINY_PIPER.sampleRate, quality: 'x_low' },
    espeak: { voice: 'en-us' },
    inference: { noise_scale: 0.667, length_scale: 1, noise_w: 0.8 },
    phoneme_type: 'espeak',
    phoneme_id_map: map,
    num_symbols: Object.keys(map).length,
    num_speakers: options.speakers ? 3 : 1,
    speaker_id_map: speakers,
    hop_length: TINY_PIPER.hopLength,
    language: { code: 'en_US' },
    dataset: 'clipwright-tiny-tones',
  };
}
