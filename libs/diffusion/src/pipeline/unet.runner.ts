import type * as ort from 'onnxruntime-node';
import { ClipwrightError, ErrorCode } from '@app/core';
import type { LoadedDiffusionModel } from '../model/diffusion-model.loader';
import { firstLine } from '../runtime/onnx-runtime';
import { fromTensor, isFixed, toTensor } from '../runtime/tensor-io';
import type { PromptConditioning } from './text-conditioning';

/** Latent channels the UNet predicts; inpainting UNets take 5 more (mask, masked-image latents). */
export const LATENT_CHANNELS = 4;

export interface UnetConditioning {
  cond: PromptConditioning;
  /** The negative prompt's conditioning; present when classifier-free guidance runs. */
  uncond?: PromptConditioning;
  /** eps = eps_uncond + guidance (eps_cond - eps_uncond) (Ho & Salimans 2022, eq. 6). */
  guidance: number;
  /** SDXL micro-conditioning [orig_h, orig_w, crop_top, crop_left, target_h, target_w] (Podell et al. 2023, §2.2). */
  timeIds?: Float32Array;
  /** LCM's guidance embedding (timestep_cond). */
  timestepCond?: Float32Array;
}

interface Chunk {
  start: number;
  size: number;
  /** Model batch (size, padded up to a fixed export batch). */
  batch: number;
  sample: Float32Array;
  /** float16 UNets: the sample's encoding buffer and the output's decoding buffer, reused every step. */
  half?: { sample: Uint16Array; output: Float32Array };
  staticFeeds: Record<string, ort.Tensor>;
}

/**
 * Runs the UNet for N images at one timestep, with the conditional and unconditional halves in one
 * batch ([uncond x N, cond x N], as diffusers concatenates them) and guidance applied to the result.
 * Everything that does not change between steps (text conditioning, time_ids, timestep_cond) is
 * packed into tensors once; a step only refills the latents and the timestep. A UNet exported with
 * a fixed batch is run in chunks of that size, the last padded.
 */
export class UnetRunner {
  private readonly chunks: Chunk[] = [];
  private readonly items: number;
  private readonly channels: number;
  private readonly plane: number;
  private readonly raw: Float32Array[];
  /** Milliseconds spent inside the UNet's session.run, summed (the rest of a step is the engine's overhead). */
  inferenceMs = 0;

  constructor(
    private readonly model: LoadedDiffusionModel,
    private readonly count: number,
    readonly latentHeight: number,
    readonly latentWidth: number,
    private readonly conditioning: UnetConditioning,
  ) {
    const sig = model.unet.signature;
    this.channels = sig.channels;
    this.plane = latentHeight * latentWidth;
    this.items = conditioning.uncond ? 2 * count : count;
    const chunkSize = sig.fixedBatch ?? this.items;
    for (let start = 0; start < this.items; start += chunkSize) {
      const size = Math.min(chunkSize, this.items - start);
      this.chunks.push(this.makeChunk(start, size, chunkSize));
    }
    this.raw = Array.from({ length: this.items }, () => new Float32Array(LATENT_CHANNELS * this.plane));
  }

  private isCond(item: number): boolean {
    return !this.conditioning.uncond || item >= this.count;
  }

  private makeChunk(start: number, size: number, batch: number): Chunk {
    const sig = this.model.unet.signature;
    const { cond, uncond, timeIds, timestepCond } = this.conditioning;
    const pick = (k: number) => (k < size && !this.isCond(start + k) ? uncond! : cond);
    const ctxLen = cond.context.length;
    const ehs = new Float32Array(batch * ctxLen);
    for (let k = 0; k < batch; k++) ehs.set(pick(k).context, k * ctxLen);
    const feeds: Record<string, ort.Tensor> = {
      [sig.encoderHiddenStates.name]: toTensor(sig.encoderHiddenStates.type, ehs, [
        batch,
        cond.tokens,
        cond.width,
      ]),
    };
    if (sig.textEmbeds) {
      const pooledLen = cond.pooled!.length;
      const pooled = new Float32Array(batch * pooledLen);
      for (let k = 0; k < batch; k++) pooled.set(pick(k).pooled!, k * pooledLen);
      feeds[sig.textEmbeds.name] = toTensor(sig.textEmbeds.type, pooled, [batch, pooledLen]);
    }
    if (sig.timeIds) {
      const ids = new Float32Array(batch * 6);
      for (let k = 0; k < batch; k++) ids.set(timeIds!, k * 6);
      feeds[sig.timeIds.name] = toTensor(sig.timeIds.type, ids, [batch, 6]);
    }
    if (sig.timestepCond) {
      const dim = timestepCond!.length;
      const emb = new Float32Array(batch * dim);
      for (let k = 0; k < batch; k++) emb.set(timestepCond!, k * dim);
      feeds[sig.timestepCond.name] = toTensor(sig.timestepCond.type, emb, [batch, dim]);
    }
    return {
      start,
      size,
      batch,
      sample: new Float32Array(batch * this.channels * this.plane),
      staticFeeds: feeds,
    };
  }

  private timestepTensor(t: number, batch: number): ort.Tensor {
    const spec = this.model.unet.signature.timestep;
    if (spec.shape.length === 0) return toTensor(spec.type, [t], []);
    const n = isFixed(spec.shape[0]) ? spec.shape[0] : batch;
    return toTensor(spec.type, new Array<number>(n).fill(t), [n]);
  }

  /**
   * The guided noise prediction for each image at timestep t, written into `out[i]`.
   * `latents[i]` is [4,h,w]; `scale` is the scheduler's input scaling; `extra[i]` (inpainting UNets)
   * is [5,h,w]: the latent mask and the masked image's latents, appended unscaled.
   */
  async predict(
    latents: Float32Array[],
    t: number,
    scale: number,
    out: Float32Array[],
    extra?: Float32Array[],
  ): Promise<void> {
    const sig = this.model.unet.signature;
    const itemLen = this.channels * this.plane;
    const latentLen = LATENT_CHANNELS * this.plane;
    for (const chunk of this.chunks) {
      for (let k = 0; k < chunk.batch; k++) {
        const image = (chunk.start + Math.min(k, chunk.size - 1)) % this.count;
        const base = k * itemLen;
        const src = latents[image];
        for (let j = 0; j < latentLen; j++) chunk.sample[base + j] = src[j] * scale;
        if (this.channels > LATENT_CHANNELS) chunk.sample.set(extra![image], base + latentLen);
      }
      const feeds = {
        ...chunk.staticFeeds,
        [sig.sample.name]: toTensor(
          sig.sample.type,
          chunk.sample,
          [chunk.batch, this.channels, this.latentHeight, this.latentWidth],
          chunk.half?.sample,
        ),
        [sig.timestep.name]: this.timestepTensor(t, chunk.batch),
      };
      let result: Record<string, ort.Tensor>;
      const started = performance.now();
      try {
        result = await this.model.unet.session.run(feeds, [sig.output.name]);
        this.inferenceMs += performance.now() - started;
      } catch (e) {
        throw new ClipwrightError(
          ErrorCode.Internal,
          `${this.model.folder.id} UNet failed at timestep ${t}: ${firstLine(e)}`,
          { cause: e },
        );
      }
      const tensor = result[sig.output.name];
      const dims = tensor.dims;
      if (
        dims.length !== 4 ||
        dims[0] !== chunk.batch ||
        dims[1] !== LATENT_CHANNELS ||
        dims[2] !== this.latentHeight ||
        dims[3] !== this.latentWidth
      ) {
        throw new ClipwrightError(
          ErrorCode.ModelInvalid,
          `${this.model.folder.id}/unet/model.onnx returned [${dims.join(',')}] for a batch of ${chunk.batch}; expected [${chunk.batch},4,${this.latentHeight},${this.latentWidth}]`,
          { path: `${this.model.folder.id}/unet/model.onnx` },
        );
      }
      const values = fromTensor(tensor, chunk.half?.output);
      for (let k = 0; k < chunk.size; k++)
        this.raw[chunk.start + k].set(values.subarray(k * latentLen, (k + 1) * latentLen));
      tensor.dispose();
    }
    const g = this.conditioning.guidance;
    for (let i = 0; i < this.count; i++) {
      const target = out[i];
      if (!this.conditioning.uncond) {
        target.set(this.raw[i]);
        continue;
      }
      const u = this.raw[i];
      const c = this.raw[this.count + i];
      for (let j = 0; j < latentLen; j++) target[j] = u[j] + g * (c[j] - u[j]);
    }
  }
}
