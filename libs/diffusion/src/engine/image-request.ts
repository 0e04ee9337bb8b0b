import Ajv, { ValidateFunction } from 'ajv';
import { ClipwrightError, describeSchemaError, ErrorCode } from '@app/core';
import { FAMILY_TRAITS, IMAGE_LIMITS } from '../model/model-family';
import type { ModelFolder } from '../model/model-folder';
import { SCHEDULER_NAMES, SchedulerName } from '../scheduler/scheduler.types';
import { MAX_SEED } from '../tensor/gaussian-noise';

/**
 * An image request as JSON carries it (POST /v1/images, a template's `generate` layer, the CLI).
 * `image` and `mask` are references the caller resolves to bytes (an `asset:<id>` in the API, a file
 * in the CLI); `mask: "alpha"` makes the picture's transparent pixels the area to generate.
 */
export interface ImageParameters {
  /** A folder name under models/diffusion. */
  model: string;
  prompt: string;
  negativePrompt?: string;
  /** Pixels, multiples of 8. Without them: the model's default size, or the picture's own size. */
  width?: number;
  height?: number;
  steps?: number;
  /** Classifier-free guidance scale; 0 or 1 turns it off (Turbo models); LCM takes it as w + 1. */
  guidance?: number;
  /** 0 .. 2^32-1; random (and reported) when absent. Image i of a batch uses seed + i. */
  seed?: number;
  /** Images to make (a batch of N). */
  count?: number;
  scheduler?: SchedulerName;
  /** With a picture: how far from it to go, in (0, 1]; 1 repaints wholly. */
  strength?: number;
  image?: string;
  mask?: string;
}

/** JSON Schema of ImageParameters, for the API's validation and OpenAPI document. */
export const IMAGE_PARAMETERS_SCHEMA = {
  type: 'object',
  required: ['model', 'prompt'],
  additionalProperties: false,
  properties: {
    model: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$' },
    prompt: { type: 'string', maxLength: IMAGE_LIMITS.maxPromptChars },
    negativePrompt: { type: 'string', maxLength: IMAGE_LIMITS.maxPromptChars },
    width: { type: 'integer', minimum: IMAGE_LIMITS.minSide, maximum: IMAGE_LIMITS.maxSide },
    height: { type: 'integer', minimum: IMAGE_LIMITS.minSide, maximum: IMAGE_LIMITS.maxSide },
    steps: { type: 'integer', minimum: 1, maximum: 150 },
    guidance: { type: 'number', minimum: 0, maximum: IMAGE_LIMITS.maxGuidance },
    seed: { type: 'integer', minimum: 0, maximum: MAX_SEED },
    count: { type: 'integer', minimum: 1, maximum: IMAGE_LIMITS.maxCount },
    scheduler: { type: 'string', enum: [...SCHEDULER_NAMES] },
    strength: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    image: { type: 'string', minLength: 1, maxLength: 500 },
    mask: { type: 'string', minLength: 1, maxLength: 500 },
  },
} as const;

const validateSchema = new Ajv({ allErrors: false, strict: true }).compile<ImageParameters>(
  IMAGE_PARAMETERS_SCHEMA,
);

export function invalid(path: string, message: string): ClipwrightError {
  return new ClipwrightError(ErrorCode.ImageRequestInvalid, `${path} ${message}`, { path });
}

/** Runs a compiled JSON Schema; its first error becomes IMAGE_REQUEST_INVALID at the JSON path. */
export function checkRequest<T>(validate: ValidateFunction<T>, raw: unknown, base: string): T {
  if (validate(raw)) return raw;
  const { path, message } = describeSchemaError(validate.errors![0], base);
  throw invalid(path, message);
}

/**
 * Checks the JSON shape of an image request (types, ranges, sizes in multiples of 8).
 * @throws ClipwrightError IMAGE_REQUEST_INVALID with the JSON path at fault (`$.width`, `$.steps`, ...).
 */
export function validateImageParameters(raw: unknown, base = '$'): ImageParameters {
  const p = checkRequest(validateSchema, raw, base);
  for (const side of ['width', 'height'] as const) {
    const v = p[side];
    if (v !== undefined && v % 8 !== 0)
      throw invalid(`${base}.${side}`, `must be a multiple of 8 (got ${v}; try ${Math.round(v / 8) * 8})`);
  }
  return p;
}

/** A request with every parameter decided: the model's defaults filled in, limits for its family checked. */
export interface ResolvedParameters {
  model: string;
  prompt: string;
  negativePrompt: string;
  /** Undefined when a picture sets the size (its own, unless width/height ask otherwise). */
  width?: number;
  height?: number;
  steps: number;
  guidance: number;
  seed: number;
  count: number;
  scheduler: SchedulerName;
  strength: number;
  mode: 'text-to-image' | 'image-to-image' | 'inpainting';
}

/**
 * Fills defaults from the model (clipwright.json `defaults`, then its family) and checks what only
 * the model can say: the step range of distilled models, a picture for inpainting models, strength
 * and mask only with a picture. `randomSeed` is used when the request has none.
 * @throws ClipwrightError IMAGE_REQUEST_INVALID naming the field.
 */
export function resolveParameters(
  p: ImageParameters,
  folder: ModelFolder,
  randomSeed: () => number,
  base = '$',
): ResolvedParameters {
  const traits = FAMILY_TRAITS[folder.family];
  const defaults = folder.manifest?.defaults ?? {};
  const strength = p.strength ?? (p.image && !p.mask ? 0.75 : 1);
  // A picture with strength s runs floor(steps x s) steps: a 1-step default would run none
  // (Turbo img2img is run as 2 steps at 0.5 in the diffusers docs), so the default rises to 1/s.
  const steps =
    p.steps ?? Math.max(defaults.steps ?? traits.steps.default, p.image ? Math.ceil(1 / strength) : 1);
  if (steps < traits.steps.min || steps > traits.steps.max) {
    throw invalid(
      `${base}.steps`,
      `must be from ${traits.steps.min} to ${traits.steps.max} for ${folder.family} model ${folder.id} (got ${steps})`,
    );
  }
  if (p.strength !== undefined && !p.image) throw invalid(`${base}.strength`, 'needs an image to start from');
  if (p.mask !== undefined && !p.image) throw invalid(`${base}.mask`, 'needs an image to paint into');
  if (folder.inpainting && (!p.image || !p.mask)) {
    throw invalid(
      `${base}.${p.image ? 'mask' : 'image'}`,
      `is required: ${folder.id} is an inpainting model`,
    );
  }
  const size = (v: number | undefined, d: number | undefined) =>
    v ?? (p.image ? undefined : (d ?? traits.size));
  const width = size(p.width, defaults.width);
  const height = size(p.height, defaults.height);
  const count = p.count ?? 1;
  const pixels = (width ?? IMAGE_LIMITS.maxSide) * (height ?? IMAGE_LIMITS.maxSide);
  if (width && height && count * pixels > IMAGE_LIMITS.maxCount * 1024 * 1024) {
    throw invalid(`${base}.count`, `${count} images of ${width}x${height} is more than one request may make`);
  }
  if (p.image && Math.floor(steps * strength) < 1) {
    throw invalid(
      `${base}.strength`,
      `${strength} of ${steps} steps runs no step (steps x strength must reach 1)`,
    );
  }
  const scheduler = p.scheduler ?? defaults.scheduler ?? folder.schedulerName;
  const distillSteps = Math.floor(folder.scheduler.originalInferenceSteps * strength);
  if (scheduler === 'lcm' && steps > distillSteps) {
    throw invalid(
      `${base}.steps`,
      `LCM can take at most ${distillSteps} steps here (original_inference_steps x strength)`,
    );
  }
  return {
    model: folder.id,
    prompt: p.prompt,
    negativePrompt: p.negativePrompt ?? '',
    ...(width ? { width } : {}),
    ...(height ? { height } : {}),
    steps,
    guidance: p.guidance ?? defaults.guidance ?? traits.guidance,
    seed: p.seed ?? randomSeed(),
    count,
    scheduler,
    strength,
    mode: p.mask ? 'inpainting' : p.image ? 'image-to-image' : 'text-to-image',
  };
}
