import { lipsync } from '@app/presenter';
import type { TensorSpec } from '../runtime/onnx-runtime';
import { FLOAT_TYPES, INTEGER_TYPES, isFixed } from '../runtime/tensor-io';
import type { ModelProblem } from './model-folder';

/**
 * What each graph of a diffusers ONNX export looks like (names as Hugging Face Optimum and diffusers'
 * convert_stable_diffusion_checkpoint_to_onnx.py write them); shown next to what a file has when it differs.
 */
export const EXPECTED_SIGNATURES = {
  text_encoder:
    'input_ids int32|int64 [B,77] -> last_hidden_state float32|float16 [B,77,D] (SDXL: also hidden_states.0..N)',
  text_encoder_2:
    'input_ids int32|int64 [B,77] -> text_embeds [B,1280], last_hidden_state and hidden_states.0..N',
  unet: 'sample [B,4|9,h,w], timestep float|int [B] or [], encoder_hidden_states [B,77,D] (SDXL: text_embeds [B,1280], time_ids [B,6]; LCM: timestep_cond [B,256]) -> out_sample [B,4,h,w]',
  vae_decoder: 'latent_sample [B,4,h,w] -> sample [B,3,8h,8w]',
  vae_encoder:
    'sample [B,3,H,W] -> latent_sample [B,4,H/8,W/8] (or latent_parameters [B,8,H/8,W/8]: mean, log-variance)',
} as const;

export interface TextEncoderSignature {
  input: TensorSpec;
  /** Sequence length the graph fixes, if it does. */
  fixedLength?: number;
  fixedBatch?: number;
  lastHidden: string;
  /** The penultimate layer's output (`hidden_states.{N-1}`), which SDXL conditions on. */
  penultimate?: string;
  /** `text_embeds` (CLIPTextModelWithProjection) or `pooler_output`. */
  pooled?: string;
  hiddenSize?: number;
  pooledSize?: number;
}

export interface UnetSignature {
  sample: TensorSpec;
  /** 4, or 9 for inpainting UNets (latents, mask, masked-image latents). */
  channels: number;
  timestep: TensorSpec;
  encoderHiddenStates: TensorSpec;
  textEmbeds?: TensorSpec;
  timeIds?: TensorSpec;
  timestepCond?: TensorSpec;
  output: TensorSpec;
  fixedBatch?: number;
  /** Latent height and width when the export fixed them. */
  fixedLatent?: { height: number; width: number };
  contextSize?: number;
}

export interface VaeSignature {
  input: TensorSpec;
  output: TensorSpec;
  fixedBatch?: number;
  /** vae_encoder: 4 (a sample from the latent distribution) or 8 (mean and log-variance). */
  outputChannels?: number;
}

type Problems = ModelProblem[];

function problem(
  problems: Problems,
  file: string,
  message: string,
  inputs?: readonly TensorSpec[],
  outputs?: readonly TensorSpec[],
) {
  const has =
    inputs && outputs
      ? `; the graph has inputs ${lipsync.describeTensors(inputs)} and outputs ${lipsync.describeTensors(outputs)}`
      : '';
  problems.push({ file, message: message + has });
}

function checkFloat(problems: Problems, file: string, t: TensorSpec, what: string, rank: number): boolean {
  if (!FLOAT_TYPES.has(t.type)) {
    problems.push({ file, message: `${what} ${t.name} is ${t.type}; expected float32 or float16` });
    return false;
  }
  if (t.shape.length && t.shape.length !== rank) {
    problems.push({ file, message: `${what} ${t.name} has rank ${t.shape.length}; expected ${rank}` });
    return false;
  }
  return true;
}

const dimAt = (t: TensorSpec | undefined, i: number) =>
  t && isFixed(t.shape[i]) ? (t.shape[i] as number) : undefined;

export function matchTextEncoder(
  file: string,
  inputs: readonly TensorSpec[],
  outputs: readonly TensorSpec[],
  needs: { penultimate: boolean; pooled: boolean },
  problems: Problems,
): TextEncoderSignature | undefined {
  const before = problems.length;
  const ints = inputs.filter((t) => INTEGER_TYPES.has(t.type));
  if (inputs.length !== 1 || ints.length !== 1) {
    problem(problems, file, 'expected exactly one int32 or int64 input (input_ids)', inputs, outputs);
    return undefined;
  }
  const input = ints[0];
  const last =
    outputs.find((t) => t.name === 'last_hidden_state') ?? outputs.find((t) => t.shape.length === 3);
  if (!last) problem(problems, file, 'has no last_hidden_state output [B,77,D]', inputs, outputs);
  else checkFloat(problems, file, last, 'output', 3);
  const layers = outputs
    .map((t) => ({ t, n: /^hidden_states\.(\d+)$/.exec(t.name) }))
    .filter((x) => x.n)
    .sort((a, b) => Number(a.n![1]) - Number(b.n![1]));
  const penultimate = layers.length >= 2 ? layers[layers.length - 2].t.name : undefined;
  if (needs.penultimate && !penultimate) {
    problem(
      problems,
      file,
      'has no hidden_states.N outputs; SDXL conditions on the penultimate layer (export with output_hidden_states)',
      inputs,
      outputs,
    );
  }
  const pooled =
    outputs.find((t) => t.name === 'text_embeds') ?? outputs.find((t) => t.name === 'pooler_output');
  if (needs.pooled && outputs.every((t) => t.name !== 'text_embeds')) {
    problem(
      problems,
      file,
      'has no text_embeds output [B,1280] (the pooled, projected embedding SDXL needs)',
      inputs,
      outputs,
    );
  }
  if (problems.length > before || !last) return undefined;
  const hiddenSize = dimAt(last, 2);
  const pooledSize = dimAt(pooled, 1);
  return {
    input,
    ...(isFixed(input.shape[1]) ? { fixedLength: input.shape[1] } : {}),
    ...(isFixed(input.shape[0]) ? { fixedBatch: input.shape[0] } : {}),
    lastHidden: last.name,
    ...(penultimate ? { penultimate } : {}),
    ...(pooled ? { pooled: pooled.name } : {}),
    ...(hiddenSize ? { hiddenSize } : {}),
    ...(pooledSize ? { pooledSize } : {}),
  };
}

const UNET_INPUTS = [
  'sample',
  'timestep',
  'encoder_hidden_states',
  'text_embeds',
  'time_ids',
  'timestep_cond',
];

export function matchUnet(
  file: string,
  inputs: readonly TensorSpec[],
  outputs: readonly TensorSpec[],
  problems: Problems,
): UnetSignature | undefined {
  const before = problems.length;
  const by = (name: string) => inputs.find((t) => t.name === name);
  const sample = by('sample');
  const timestep = by('timestep');
  const ehs = by('encoder_hidden_states');
  for (const [name, t] of [
    ['sample', sample],
    ['timestep', timestep],
    ['encoder_hidden_states', ehs],
  ] as const) {
    if (!t) problem(problems, file, `has no input ${name}`, inputs, outputs);
  }
  for (const t of inputs)
    if (!UNET_INPUTS.includes(t.name))
      problems.push({ file, message: `has an unexpected input ${t.name} (${lipsync.describeTensors([t])})` });
  if (sample && checkFloat(problems, file, sample, 'input', 4)) {
    const c = sample.shape[1];
    if (isFixed(c) && c !== 4 && c !== 9)
      problems.push({ file, message: `input sample has ${c} channels; expected 4 (or 9 for inpainting)` });
    if (!isFixed(c))
      problems.push({
        file,
        message: 'input sample does not fix its channel count (4, or 9 for inpainting)',
      });
  }
  if (timestep) {
    if (!FLOAT_TYPES.has(timestep.type) && !INTEGER_TYPES.has(timestep.type) && timestep.type !== 'float64') {
      problems.push({
        file,
        message: `input timestep is ${timestep.type}; expected a float or integer type`,
      });
    } else if (timestep.shape.length > 1)
      problems.push({
        file,
        message: `input timestep has rank ${timestep.shape.length}; expected [B], [1] or a scalar`,
      });
  }
  if (ehs) checkFloat(problems, file, ehs, 'input', 3);
  const textEmbeds = by('text_embeds');
  const timeIds = by('time_ids');
  const timestepCond = by('timestep_cond');
  for (const t of [textEmbeds, timeIds, timestepCond]) if (t) checkFloat(problems, file, t, 'input', 2);
  if (timeIds && isFixed(timeIds.shape[1]) && timeIds.shape[1] !== 6)
    problems.push({ file, message: `input time_ids has ${timeIds.shape[1]} values; expected 6` });
  if (Boolean(textEmbeds) !== Boolean(timeIds))
    problems.push({ file, message: 'takes only one of text_embeds and time_ids; SDXL UNets take both' });
  const floats = outputs.filter((t) => FLOAT_TYPES.has(t.type));
  if (outputs.length !== 1 || floats.length !== 1)
    problem(problems, file, 'expected exactly one float output (out_sample)', inputs, outputs);
  else if (
    checkFloat(problems, file, floats[0], 'output', 4) &&
    isFixed(floats[0].shape[1]) &&
    floats[0].shape[1] !== 4
  ) {
    problems.push({
      file,
      message: `output ${floats[0].name} has ${floats[0].shape[1]} channels; expected 4`,
    });
  }
  if (problems.length > before || !sample || !timestep || !ehs) return undefined;
  const h = dimAt(sample, 2);
  const w = dimAt(sample, 3);
  const contextSize = dimAt(ehs, 2);
  return {
    sample,
    channels: sample.shape[1] as number,
    timestep,
    encoderHiddenStates: ehs,
    ...(textEmbeds ? { textEmbeds } : {}),
    ...(timeIds ? { timeIds } : {}),
    ...(timestepCond ? { timestepCond } : {}),
    output: floats[0],
    ...(isFixed(sample.shape[0]) ? { fixedBatch: sample.shape[0] } : {}),
    ...(h && w ? { fixedLatent: { height: h, width: w } } : {}),
    ...(contextSize ? { contextSize } : {}),
  };
}

/** vae_decoder (4 -> 3 channels) and vae_encoder (3 -> 4 or 8 channels): one float input, one float output. */
export function matchVae(
  file: string,
  kind: 'decoder' | 'encoder',
  inputs: readonly TensorSpec[],
  outputs: readonly TensorSpec[],
  problems: Problems,
): VaeSignature | undefined {
  const before = problems.length;
  if (inputs.length !== 1 || outputs.length < 1) {
    problem(
      problems,
      file,
      `expected one input and one output (${EXPECTED_SIGNATURES[`vae_${kind}`]})`,
      inputs,
      outputs,
    );
    return undefined;
  }
  const input = inputs[0];
  const output =
    outputs.find((t) => ['sample', 'latent_sample', 'latent_parameters', 'latent_dist'].includes(t.name)) ??
    outputs[0];
  const [inC, outC] = kind === 'decoder' ? [[4], [3]] : [[3], [4, 8]];
  for (const [t, want, what] of [
    [input, inC, 'input'],
    [output, outC, 'output'],
  ] as const) {
    if (!checkFloat(problems, file, t, what, 4)) continue;
    const c = t.shape[1];
    if (isFixed(c) && !want.includes(c))
      problems.push({ file, message: `${what} ${t.name} has ${c} channels; expected ${want.join(' or ')}` });
  }
  if (problems.length > before) return undefined;
  const oc = dimAt(output, 1);
  return {
    input,
    output,
    ...(isFixed(input.shape[0]) ? { fixedBatch: input.shape[0] } : {}),
    ...(kind === 'encoder' && oc ? { outputChannels: oc } : {}),
  };
}
