import { ClipwrightError, ErrorCode } from '@app/core';
import type { Loaded, LoadedDiffusionModel } from '../model/diffusion-model.loader';
import type { VaeSignature } from '../model/component-signatures';
import { VAE_FACTOR } from '../model/model-family';
import { firstLine } from '../runtime/onnx-runtime';
import { fromTensor, toTensor } from '../runtime/tensor-io';
import type { RgbaImage } from '../image/rgba-image';
import { LATENT_CHANNELS } from './unet.runner';

async function runVae(
  model: LoadedDiffusionModel,
  vae: Loaded<VaeSignature>,
  name: string,
  input: Float32Array,
  dims: [number, number, number],
  expect: (c: number) => boolean,
  outSize: [number, number],
): Promise<{ values: Float32Array; channels: number }> {
  const sig = vae.signature;
  // One image a run keeps the decoder's memory bounded at 1024 px; a fixed-batch export gets copies.
  const batch = sig.fixedBatch ?? 1;
  let data = input;
  if (batch > 1) {
    data = new Float32Array(input.length * batch);
    for (let k = 0; k < batch; k++) data.set(input, k * input.length);
  }
  const label = `${model.folder.id}/${name}/model.onnx`;
  let result;
  try {
    result = await vae.session.run({ [sig.input.name]: toTensor(sig.input.type, data, [batch, ...dims]) }, [
      sig.output.name,
    ]);
  } catch (e) {
    throw new ClipwrightError(ErrorCode.Internal, `${label} failed: ${firstLine(e)}`, { cause: e });
  }
  const tensor = result[sig.output.name];
  const [b, c, h, w] = tensor.dims;
  if (tensor.dims.length !== 4 || b !== batch || !expect(c) || h !== outSize[0] || w !== outSize[1]) {
    throw new ClipwrightError(
      ErrorCode.ModelInvalid,
      `${label} returned [${tensor.dims.join(',')}] for [${batch},${dims.join(',')}]; expected ${outSize[0]}x${outSize[1]} (a factor of ${VAE_FACTOR})`,
      { path: label },
    );
  }
  const all = fromTensor(tensor);
  return { values: all.slice(0, all.length / batch), channels: c };
}

/**
 * Latents [4, h, w] (as the sampler leaves them) to an opaque RGBA picture 8h x 8w: the decoder
 * takes latents / scaling_factor and returns [-1, 1], mapped as diffusers does: round(clamp(x/2 + 0.5, 0, 1) * 255).
 */
export async function decodeLatents(
  model: LoadedDiffusionModel,
  latents: Float32Array,
  latentHeight: number,
  latentWidth: number,
): Promise<RgbaImage> {
  const inv = 1 / model.folder.vaeScale;
  const scaled = latents.map((v) => v * inv);
  const height = latentHeight * VAE_FACTOR;
  const width = latentWidth * VAE_FACTOR;
  const { values } = await runVae(
    model,
    model.vaeDecoder,
    'vae_decoder',
    scaled,
    [LATENT_CHANNELS, latentHeight, latentWidth],
    (c) => c === 3,
    [height, width],
  );
  const plane = width * height;
  const data = new Uint8Array(plane * 4);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) {
      const v = values[c * plane + i] / 2 + 0.5;
      data[i * 4 + c] = Math.round((v < 0 ? 0 : v > 1 ? 1 : v) * 255);
    }
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

/**
 * A picture [3, H, W] in [-1, 1] to latents [4, H/8, W/8] times scaling_factor. An encoder that
 * returns the distribution's parameters (8 channels: mean, log-variance) gives its mean, the
 * deterministic choice (diffusers' retrieve_latents sample_mode "argmax").
 * @throws ClipwrightError MODEL_INVALID when the model has no vae_encoder.
 */
export async function encodePixels(
  model: LoadedDiffusionModel,
  pixels: Float32Array,
  height: number,
  width: number,
  field: string,
): Promise<Float32Array> {
  if (!model.vaeEncoder) {
    throw new ClipwrightError(
      ErrorCode.ImageRequestInvalid,
      `Model ${model.folder.id} has no vae_encoder/model.onnx, so it cannot start from a picture`,
      { path: field },
    );
  }
  const lh = height / VAE_FACTOR;
  const lw = width / VAE_FACTOR;
  const { values } = await runVae(
    model,
    model.vaeEncoder,
    'vae_encoder',
    pixels,
    [3, height, width],
    (c) => c === 4 || c === 8,
    [lh, lw],
  );
  const out = new Float32Array(LATENT_CHANNELS * lh * lw);
  const scale = model.folder.vaeScale;
  for (let i = 0; i < out.length; i++) out[i] = values[i] * scale;
  return out;
}
