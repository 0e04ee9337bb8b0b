import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import {
  parseSchedulerConfig,
  schedulerForClass,
  SchedulerConfigError,
} from '../scheduler/scheduler.factory';
import type { NoiseScheduleConfig } from '../scheduler/noise-schedule';
import type { SchedulerName } from '../scheduler/scheduler.types';
import { FAMILY_TRAITS, FamilyTraits, MODEL_FAMILIES, ModelFamily } from './model-family';
import { readManifest, type ModelManifest } from './model-manifest';

/** One thing wrong with a model folder: the file (relative to the folder) and what is wrong. */
export interface ModelProblem {
  file: string;
  message: string;
}

/** The ONNX graphs of a diffusers ONNX export, by subfolder (each holds `model.onnx`). */
export const COMPONENTS = ['text_encoder', 'text_encoder_2', 'unet', 'vae_decoder', 'vae_encoder'] as const;
export type Component = (typeof COMPONENTS)[number];

/** A model folder as its JSON files describe it; the ONNX graphs are checked when loaded. */
export interface ModelFolder {
  id: string;
  dir: string;
  family: ModelFamily;
  traits: FamilyTraits;
  /** model_index.json `_class_name`, e.g. StableDiffusionXLPipeline (ORT/Onnx prefixes kept). */
  pipelineClass: string;
  /** Absolute paths of the `model.onnx` files present. */
  onnx: Partial<Record<Component, string>>;
  tokenizers: string[];
  scheduler: NoiseScheduleConfig;
  schedulerName: SchedulerName;
  /** False when the model's scheduler class is not one of ours and Euler stands in. */
  schedulerExact: boolean;
  /** True when the pipeline class or unet/config.json says 9 input channels; confirmed at load. */
  inpainting: boolean;
  vaeScale: number;
  /** SDXL's model_index flag: an empty negative prompt means zero embeddings, not the encoded "". */
  forceZerosForEmptyPrompt: boolean;
  manifest?: ModelManifest;
}

export interface ModelInspection {
  folder?: ModelFolder;
  problems: ModelProblem[];
  /** Things that work but that a user should know (a missing VAE encoder: no img2img). */
  notes: string[];
}

async function readJson(
  file: string,
): Promise<{ value?: Record<string, unknown>; missing?: boolean; error?: string }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT'
      ? { missing: true }
      : { error: (e as Error).message };
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'is not a JSON object' };
    return { value: value as Record<string, unknown> };
  } catch (e) {
    return { error: `is not valid JSON: ${(e as Error).message}` };
  }
}

async function isFile(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined))?.isFile() ?? false;
}

/** What a pipeline class says about the family; undefined for classes we do not know. */
function classHints(pipelineClass: string): { xl: boolean; lcm: boolean; inpaint: boolean } | undefined {
  const bare = pipelineClass.replace(/^(ORT|Onnx)/, '');
  const known =
    /^StableDiffusion(XL)?(Img2Img|Inpaint)?Pipeline$/.test(bare) ||
    /^LatentConsistencyModel(Img2Img)?Pipeline$/.test(bare);
  if (!known) return undefined;
  return {
    xl: bare.includes('XL'),
    lcm: bare.startsWith('LatentConsistency'),
    inpaint: bare.includes('Inpaint'),
  };
}

/**
 * Reads a diffusers ONNX folder's JSON (model_index.json, scheduler/scheduler_config.json, the
 * components' config.json where present, and our optional clipwright.json) and lists every problem
 * it can see without loading a graph: missing files named one by one, unknown family, bad config fields.
 */
export async function inspectModelFolder(dir: string, id = path.basename(dir)): Promise<ModelInspection> {
  const problems: ModelProblem[] = [];
  const notes: string[] = [];
  const at = (rel: string) => path.join(dir, rel);

  const index = await readJson(at('model_index.json'));
  if (index.missing)
    problems.push({ file: 'model_index.json', message: 'is missing (not a diffusers model folder?)' });
  else if (index.error) problems.push({ file: 'model_index.json', message: index.error });
  const idx = index.value ?? {};
  const pipelineClass = typeof idx._class_name === 'string' ? idx._class_name : '';

  let manifest: ModelManifest | undefined;
  try {
    manifest = await readManifest(dir);
  } catch (e) {
    problems.push({ file: 'clipwright.json', message: (e as Error).message });
  }

  const onnx: Partial<Record<Component, string>> = {};
  for (const c of COMPONENTS) if (await isFile(at(`${c}/model.onnx`))) onnx[c] = at(`${c}/model.onnx`);
  const hasTe2 = Boolean(onnx.text_encoder_2) || 'text_encoder_2' in idx;

  const schedulerFile = await readJson(at('scheduler/scheduler_config.json'));
  let scheduler: NoiseScheduleConfig | undefined;
  if (schedulerFile.missing)
    problems.push({ file: 'scheduler/scheduler_config.json', message: 'is missing' });
  else if (schedulerFile.error)
    problems.push({ file: 'scheduler/scheduler_config.json', message: schedulerFile.error });
  else {
    try {
      scheduler = parseSchedulerConfig(schedulerFile.value);
    } catch (e) {
      const field = e instanceof SchedulerConfigError ? e.field : '';
      problems.push({
        file: `scheduler/scheduler_config.json${field ? `#${field}` : ''}`,
        message: (e as Error).message,
      });
    }
  }

  // Family: clipwright.json wins; else the pipeline class, the second text encoder, the scheduler.
  const hints = classHints(pipelineClass);
  let family: ModelFamily | undefined = manifest?.family;
  if (!family) {
    if (!hints && index.value) {
      problems.push({
        file: 'model_index.json',
        message: `_class_name ${JSON.stringify(pipelineClass)} is not a known family (StableDiffusion[XL][Img2Img|Inpaint]Pipeline, LatentConsistencyModelPipeline, with or without an ORT/Onnx prefix); name the family in clipwright.json if this is one of ${MODEL_FAMILIES.join(', ')}`,
      });
    } else if (hints) {
      const xl = hints.xl || hasTe2;
      const lcm = hints.lcm || scheduler?.className === 'LCMScheduler';
      const turbo = !lcm && scheduler?.timestepSpacing === 'trailing' && /^Euler/.test(scheduler.className);
      const te = await readJson(at('text_encoder/config.json'));
      const hidden = te.value?.hidden_size;
      const sd2 = hidden === 1024 || (hidden === undefined && scheduler?.predictionType === 'v_prediction');
      if (lcm) family = xl ? 'lcm-sdxl' : 'lcm';
      else if (xl) family = turbo ? 'sdxl-turbo' : 'sdxl';
      else if (turbo) family = 'sd-turbo';
      else family = sd2 ? 'sd2' : 'sd1';
    }
  }
  const traits = family ? FAMILY_TRAITS[family] : undefined;

  const required: Component[] = ['text_encoder', 'unet', 'vae_decoder'];
  if (traits?.xl) required.push('text_encoder_2');
  for (const c of required) if (!onnx[c]) problems.push({ file: `${c}/model.onnx`, message: 'is missing' });
  if (!onnx.vae_encoder)
    notes.push('vae_encoder/model.onnx is absent: text-to-image only (no image-to-image or inpainting)');
  const tokenizers = traits?.xl ? ['tokenizer', 'tokenizer_2'] : ['tokenizer'];
  for (const t of tokenizers) {
    for (const f of ['vocab.json', 'merges.txt']) {
      if (!(await isFile(at(`${t}/${f}`)))) problems.push({ file: `${t}/${f}`, message: 'is missing' });
    }
  }

  const unetConfig = await readJson(at('unet/config.json'));
  const inpainting = Boolean(hints?.inpaint) || unetConfig.value?.in_channels === 9;
  const vaeConfig =
    (await readJson(at('vae_decoder/config.json'))).value ?? (await readJson(at('vae/config.json'))).value;
  const configuredScale = vaeConfig?.scaling_factor;
  const vaeScale =
    typeof configuredScale === 'number' && configuredScale > 0 ? configuredScale : traits?.vaeScale;

  if (!scheduler || !family || !traits || vaeScale === undefined) return { problems, notes };
  const mapped = schedulerForClass(scheduler.className);
  // Distilled models sample with what they were distilled for, whatever class the export names.
  const schedulerName =
    traits.distilled === 'none' ? (mapped.exact ? mapped.name : traits.scheduler) : traits.scheduler;
  if (traits.distilled === 'none' && !mapped.exact) {
    notes.push(
      `scheduler ${scheduler.className || '(unnamed)'} is not implemented; ${schedulerName} runs on its noise schedule`,
    );
  }
  return {
    folder: {
      id,
      dir,
      family,
      traits,
      pipelineClass,
      onnx,
      tokenizers,
      scheduler,
      schedulerName,
      schedulerExact: mapped.exact,
      inpainting,
      vaeScale,
      forceZerosForEmptyPrompt: idx.force_zeros_for_empty_prompt === true,
      ...(manifest ? { manifest } : {}),
    },
    problems,
    notes,
  };
}

/** The folder, or MODEL_INVALID listing every problem with its file. */
export async function readModelFolder(dir: string, id = path.basename(dir)): Promise<ModelFolder> {
  const { folder, problems } = await inspectModelFolder(dir, id);
  if (problems.length || !folder) {
    throw new ClipwrightError(
      ErrorCode.ModelInvalid,
      `Model ${id} cannot be used: ${problems.map((p) => `${p.file} ${p.message}`).join('; ')}`,
      { path: problems[0] ? path.join(dir, problems[0].file) : dir, detail: { problems } },
    );
  }
  return folder;
}
