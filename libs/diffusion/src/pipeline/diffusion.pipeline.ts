import { ClipwrightError, ErrorCode } from '@app/core';
import { compositeKept, latentMask, PixelMask, vaeInput } from '../image/inpaint-mask';
import { cropImage, padImage, padMask } from '../image/image-padding';
import type { RgbaImage } from '../image/rgba-image';
import type { LoadedDiffusionModel } from '../model/diffusion-model.loader';
import { VAE_FACTOR } from '../model/model-family';
import { guidanceScaleEmbedding } from '../scheduler/lcm.scheduler';
import { createScheduler } from '../scheduler/scheduler.factory';
import type { SchedulerName } from '../scheduler/scheduler.types';
import { GaussianNoise } from '../tensor/gaussian-noise';
import { encodePrompt } from './text-conditioning';
import { LATENT_CHANNELS, UnetRunner } from './unet.runner';
import { decodeLatents, encodePixels } from './vae.runner';

/** A fully resolved request: every field set, pictures decoded and already at width x height. */
export interface PipelineRequest {
  prompt: string;
  negativePrompt: string;
  /** Output size in pixels (any size when a picture is given; the work is done on the next multiple of 8). */
  width: number;
  height: number;
  steps: number;
  guidance: number;
  scheduler: SchedulerName;
  /** Image i of the batch uses seed + i (mod 2^32), so it can be remade alone. */
  seed: number;
  count: number;
  /** img2img/inpainting strength in (0, 1]; 1 without a picture. */
  strength: number;
  init?: RgbaImage;
  /** Inpainting: 1 repaints, 0 keeps (same size as init). */
  mask?: PixelMask;
}

export interface PipelineTimings {
  /** Milliseconds: text encoders (tokenizer included), VAE encoder, the denoising loop, UNet inference inside it, VAE decoder. */
  encodeMs: number;
  imageEncodeMs: number;
  denoiseMs: number;
  unetMs: number;
  decodeMs: number;
}

export interface PipelineOutput {
  images: RgbaImage[];
  seeds: number[];
  /** The UNet timesteps that ran. */
  timesteps: number[];
  tokenCount: number;
  truncated: boolean;
  timings: PipelineTimings;
  /** Per denoising step, milliseconds: the whole step, and the part inside the UNet's session.run. */
  steps: { totalMs: number; unetMs: number }[];
}

export interface PipelineHooks {
  signal?: AbortSignal;
  /** After each denoising step: steps done, steps in all. */
  onStep?: (done: number, total: number) => void;
}

const ceil8 = (n: number) => Math.ceil(n / VAE_FACTOR) * VAE_FACTOR;

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ClipwrightError(ErrorCode.Cancelled, 'The image job was cancelled');
}

/**
 * Text-to-image, image-to-image and inpainting on a loaded model (Rombach et al. 2022, latent
 * diffusion; the diffusers StableDiffusion[XL][Img2Img|Inpaint]Pipeline and LatentConsistencyModel
 * pipelines are the reference for every step's order):
 * 1. encode the prompt (and the negative prompt when guidance > 1 and the UNet is not LCM-guided);
 * 2. starting latents per image from its own seeded noise: noise * init_sigma, or the picture's
 *    latents noised to the first kept timestep (strength);
 * 3. each timestep: UNet on [uncond, cond] x N, guidance, scheduler step; a 9-channel inpainting UNet
 *    also takes the latent mask and the masked picture's latents; a 4-channel UNet with a mask has
 *    its kept region reset to the picture's latents, noised to the next timestep, after every step;
 * 4. decode, crop to the requested size, and lay the kept pixels back over the result (bit-exact).
 */
export async function runPipeline(
  model: LoadedDiffusionModel,
  req: PipelineRequest,
  hooks: PipelineHooks = {},
): Promise<PipelineOutput> {
  const unetSig = model.unet.signature;
  const workW = ceil8(req.width);
  const workH = ceil8(req.height);
  const lh = workH / VAE_FACTOR;
  const lw = workW / VAE_FACTOR;
  if (unetSig.fixedLatent && (unetSig.fixedLatent.height !== lh || unetSig.fixedLatent.width !== lw)) {
    const { width, height } = {
      width: unetSig.fixedLatent.width * VAE_FACTOR,
      height: unetSig.fixedLatent.height * VAE_FACTOR,
    };
    throw new ClipwrightError(
      ErrorCode.ImageRequestInvalid,
      `$.width: model ${model.folder.id} was exported for ${width}x${height} only`,
      {
        path: '$.width',
      },
    );
  }
  if (model.inpainting && (!req.init || !req.mask)) {
    throw new ClipwrightError(
      ErrorCode.ImageRequestInvalid,
      `$.mask: model ${model.folder.id} is an inpainting model; give an image and a mask`,
      {
        path: req.init ? '$.mask' : '$.image',
      },
    );
  }
  const timings: PipelineTimings = { encodeMs: 0, imageEncodeMs: 0, denoiseMs: 0, unetMs: 0, decodeMs: 0 };
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };

  const lcmGuided = Boolean(unetSig.timestepCond);
  const cfg = req.guidance > 1 && !lcmGuided;
  const cond = await encodePrompt(model, req.prompt);
  const zeroNegative = model.traits.xl && model.folder.forceZerosForEmptyPrompt && req.negativePrompt === '';
  const uncond = cfg ? await encodePrompt(model, req.negativePrompt, zeroNegative) : undefined;
  timings.encodeMs = lap();
  checkAbort(hooks.signal);

  const scheduler = createScheduler(req.scheduler, model.folder.scheduler, {
    steps: req.steps,
    strength: req.init ? req.strength : 1,
  });
  if (scheduler.timesteps.length === 0) {
    throw new ClipwrightError(
      ErrorCode.ImageRequestInvalid,
      `$.strength: ${req.strength} of ${req.steps} steps runs no step; raise strength or steps`,
      {
        path: '$.strength',
      },
    );
  }

  const plane = lh * lw;
  const latentLen = LATENT_CHANNELS * plane;
  const init = req.init ? padImage(req.init, workW, workH) : undefined;
  const mask = req.mask ? padMask(req.mask, workW, workH) : undefined;
  const initLatents = init ? await encodePixels(model, vaeInput(init), workH, workW, '$.image') : undefined;
  let extra: Float32Array | undefined;
  let cellMask: Float32Array | undefined;
  if (init && mask) {
    cellMask = latentMask(mask);
    if (model.inpainting) {
      extra = new Float32Array(5 * plane);
      extra.set(cellMask, 0);
      extra.set(await encodePixels(model, vaeInput(init, mask), workH, workW, '$.image'), plane);
    }
  }
  timings.imageEncodeMs = lap();

  const seeds = Array.from({ length: req.count }, (_, i) => (req.seed + i) >>> 0);
  const noise = seeds.map((s) => new GaussianNoise(s));
  const firstNoise = noise.map((g) => g.fill(new Float32Array(latentLen)));
  const fromNoise = !initLatents || (mask && req.strength >= 1);
  const latents = firstNoise.map((n) => {
    const x = new Float32Array(latentLen);
    if (fromNoise) for (let j = 0; j < latentLen; j++) x[j] = n[j] * scheduler.initNoiseSigma;
    else scheduler.addNoise(initLatents!, n, 0, x);
    return x;
  });

  const runner = new UnetRunner(model, req.count, lh, lw, {
    cond,
    ...(uncond ? { uncond } : {}),
    guidance: req.guidance,
    ...(model.traits.xl ? { timeIds: Float32Array.from([workH, workW, 0, 0, workH, workW]) } : {}),
    ...(lcmGuided
      ? {
          timestepCond: guidanceScaleEmbedding(
            req.guidance - 1,
            Number(unetSig.timestepCond!.shape[1]) || 256,
          ),
        }
      : {}),
  });
  const predictions = latents.map(() => new Float32Array(latentLen));
  const stepNoise = new Float32Array(latentLen);
  const proper = new Float32Array(latentLen);
  const total = scheduler.timesteps.length;
  const steps: PipelineOutput['steps'] = [];
  for (let i = 0; i < total; i++) {
    checkAbort(hooks.signal);
    const stepStart = performance.now();
    const unetBefore = runner.inferenceMs;
    const t = scheduler.timesteps[i];
    await runner.predict(
      latents,
      t,
      scheduler.modelInputScale(i),
      predictions,
      extra ? latents.map(() => extra!) : undefined,
    );
    for (let k = 0; k < req.count; k++) {
      const needs = scheduler.stepNeedsNoise(i);
      if (needs) noise[k].fill(stepNoise);
      scheduler.step(predictions[k], i, latents[k], needs ? stepNoise : undefined);
      if (cellMask && !model.inpainting) {
        // diffusers' 4-channel inpainting: kept cells follow the picture, noised to the next level.
        const reference =
          i < total - 1
            ? (scheduler.addNoise(initLatents!, firstNoise[k], i + 1, proper), proper)
            : initLatents!;
        for (let c = 0; c < LATENT_CHANNELS; c++) {
          for (let j = 0; j < plane; j++) {
            const m = cellMask[j];
            const at = c * plane + j;
            latents[k][at] = (1 - m) * reference[at] + m * latents[k][at];
          }
        }
      }
    }
    steps.push({ totalMs: performance.now() - stepStart, unetMs: runner.inferenceMs - unetBefore });
    hooks.onStep?.(i + 1, total);
  }
  timings.denoiseMs = lap();
  timings.unetMs = runner.inferenceMs;

  const images: RgbaImage[] = [];
  for (const x of latents) {
    checkAbort(hooks.signal);
    const decoded = cropImage(await decodeLatents(model, x, lh, lw), req.width, req.height);
    images.push(req.init && req.mask ? compositeKept(req.init, decoded, req.mask) : decoded);
  }
  timings.decodeMs = lap();
  return {
    images,
    seeds,
    timesteps: [...scheduler.timesteps],
    tokenCount: cond.tokenCount,
    truncated: cond.truncated,
    timings,
    steps,
  };
}
