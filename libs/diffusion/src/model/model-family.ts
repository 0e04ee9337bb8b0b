import type { SchedulerName } from '../scheduler/scheduler.types';

/**
 * The model families the engine runs. A family fixes what the pipeline feeds the UNet and the
 * sensible defaults; the folder's files say which one it is (see model-folder.ts).
 * - sd1: Stable Diffusion 1.x (CLIP ViT-L/14 text encoder, hidden size 768)
 * - sd2: Stable Diffusion 2.x (OpenCLIP ViT-H/14, 1024; the 768 px models predict v)
 * - sd-turbo: SD 2.1 distilled by adversarial diffusion distillation (Sauer et al. 2023), 1-4 steps, no CFG
 * - sdxl: SDXL 1.0 (two text encoders, 768 + 1280, pooled embeddings and size micro-conditioning)
 * - sdxl-turbo: SDXL distilled the same way, 512 px, 1-4 steps, no CFG
 * - lcm / lcm-sdxl: latent consistency distilled UNets (Luo et al. 2023) on SD 1.x/2.x or SDXL, 2-8 steps,
 *   guidance through `timestep_cond`
 */
export const MODEL_FAMILIES = ['sd1', 'sd2', 'sd-turbo', 'sdxl', 'sdxl-turbo', 'lcm', 'lcm-sdxl'] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

export interface FamilyTraits {
  /** Two text encoders, pooled text_embeds and time_ids. */
  xl: boolean;
  distilled: 'none' | 'turbo' | 'lcm';
  /** VAE latent scaling when vae_decoder/config.json gives no `scaling_factor` (Rombach et al. 2022 §4.3.2; SDXL's VAE config). */
  vaeScale: number;
  /** Default width and height, pixels. */
  size: number;
  steps: { default: number; min: number; max: number };
  /** Classifier-free guidance scale (LCM: the w fed to the embedding is guidance - 1). */
  guidance: number;
  /** The sampler when the model's scheduler class has none of ours. */
  scheduler: SchedulerName;
  /** Padding token of `tokenizer/` and `tokenizer_2/` when their configs do not say (see clip.tokenizer.ts). */
  padTokens: readonly [string, string?];
}

const END = '<|endoftext|>';

const SD: FamilyTraits = {
  xl: false,
  distilled: 'none',
  vaeScale: 0.18215,
  size: 512,
  steps: { default: 30, min: 1, max: 150 },
  guidance: 7.5,
  scheduler: 'euler',
  padTokens: [END],
};
const XL: FamilyTraits = {
  ...SD,
  xl: true,
  vaeScale: 0.13025,
  size: 1024,
  guidance: 5,
  padTokens: [END, '!'],
};
/** Adversarial diffusion distillation (Sauer et al. 2023): 1-4 steps, no classifier-free guidance. */
const TURBO = { distilled: 'turbo', size: 512, steps: { default: 1, min: 1, max: 4 }, guidance: 0 } as const;
/** Latent consistency distillation: 2-8 steps, guidance through the UNet's timestep_cond. */
const LCM = {
  distilled: 'lcm',
  steps: { default: 4, min: 1, max: 8 },
  guidance: 8.5,
  scheduler: 'lcm',
} as const;

export const FAMILY_TRAITS: Readonly<Record<ModelFamily, FamilyTraits>> = {
  sd1: SD,
  sd2: { ...SD, padTokens: ['!'] },
  'sd-turbo': { ...SD, ...TURBO, padTokens: ['!'] },
  sdxl: XL,
  'sdxl-turbo': { ...XL, ...TURBO, scheduler: 'euler-ancestral' },
  lcm: { ...SD, ...LCM },
  'lcm-sdxl': { ...XL, ...LCM },
};

/** Request limits that hold for every family (pixels must also be a multiple of 8: the VAE's factor). */
export const IMAGE_LIMITS = {
  minSide: 64,
  maxSide: 2048,
  /** Images per request (a batch of N). */
  maxCount: 8,
  maxGuidance: 30,
  maxPromptChars: 2000,
} as const;

/** Pixels per latent cell: every Stable Diffusion VAE downsamples by 8. */
export const VAE_FACTOR = 8;
