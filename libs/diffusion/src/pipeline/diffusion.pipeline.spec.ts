/** @jest-environment ./libs/presenter/src/lipsync/onnxruntime.jest-environment.js */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import {
  clippedShare,
  decodeByHand,
  encodeByHand,
  hiddenMean,
  maxByteDiff,
  normals,
  sigmaAt,
} from '../fixtures/hand-math.testing';
import { TINY } from '../fixtures/tiny-graphs.fixture';
import { TinyModelOptions, writeTinyDiffusionModel } from '../fixtures/tiny-model-folder.fixture';
import { maskFromAlpha } from '../image/inpaint-mask';
import type { RgbaImage } from '../image/rgba-image';
import { loadDiffusionModel, LoadedDiffusionModel } from '../model/diffusion-model.loader';
import { readModelFolder } from '../model/model-folder';
import { ortSessionFactory } from '../runtime/onnx-runtime';
import { guidanceScaleEmbedding } from '../scheduler/lcm.scheduler';
import { GaussianNoise } from '../tensor/gaussian-noise';
import { PipelineRequest, runPipeline } from './diffusion.pipeline';

// Every expected picture is worked out by hand (fixtures/hand-math.testing.ts) from the tiny graphs'
// known functions and the published formulas, so a wrong timestep, sigma, guidance formula, scaling
// factor, conditioning input or mask would change the numbers.

const quiet = { info: () => undefined, warn: () => undefined };
const START = 519;
const END = 520;
/** "a photo of a cat" in the fixture vocabulary (text/clip.tokenizer.spec.ts derives these ids). */
const CAT = [START, 320, 515, 518, 320, 517, END];
const padded = (ids: number[], pad: number) => [...ids, ...Array(77 - ids.length).fill(pad)];

let root: string;
const models = new Map<string, LoadedDiffusionModel>();
async function model(name: string, options: TinyModelOptions): Promise<LoadedDiffusionModel> {
  const found = models.get(name);
  if (found) return found;
  const dir = await writeTinyDiffusionModel(path.join(root, name), options);
  const loaded = await loadDiffusionModel(await readModelFolder(dir), {
    factory: ortSessionFactory,
    preference: 'cpu',
    logger: quiet,
  });
  models.set(name, loaded);
  return loaded;
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'diffusion-pipeline-'));
});
afterAll(async () => {
  for (const m of models.values()) await m.release();
  await fs.rm(root, { recursive: true, force: true });
});

const base: PipelineRequest = {
  prompt: 'a photo of a cat',
  negativePrompt: '',
  width: 64,
  height: 64,
  steps: 1,
  guidance: 0,
  scheduler: 'euler',
  seed: 42,
  count: 1,
  strength: 1,
};
const LATENT = 4 * 8 * 8;

/** Within one level of the hand-worked picture, which itself is mostly unclipped (so the check has teeth). */
function expectPicture(actual: Uint8Array, expected: Uint8Array): void {
  expect(clippedShare(expected)).toBeLessThan(0.1);
  expect(maxByteDiff(actual, expected)).toBeLessThanOrEqual(1);
}

describe('text-to-image', () => {
  it('SD-Turbo, 1 step, no guidance: x0 = sigma n - sigma eps(n sigma / sqrt(sigma^2 + 1), 999)', async () => {
    const m = await model('turbo', { family: 'sd-turbo' });
    expect(m.family).toBe('sd-turbo');
    const out = await runPipeline(m, base);
    expect(out.timesteps).toEqual([999]);
    const s = sigmaAt(999);
    // SD 2.x tokenizers pad with "!" = 0; SD 1.x/2.x condition on last_hidden_state (x5 in the stand-in).
    const e = hiddenMean(padded(CAT, 0), TINY.lastHiddenFactor, 0);
    const n = normals(42, LATENT);
    const latent = n.map((v) => {
      const x = v * s;
      const eps = TINY.unet.a * (x / Math.sqrt(s * s + 1)) + TINY.unet.b * e + TINY.unet.c * 999;
      return x - s * eps;
    });
    expectPicture(out.images[0].data, decodeByHand(latent, 8, 8, 0.18215));
  });

  it('SD 1.x with classifier-free guidance and a negative prompt, 2 Euler steps on the linspace schedule', async () => {
    const m = await model('sd1', { family: 'sd1' });
    expect(m.family).toBe('sd1');
    const out = await runPipeline(m, { ...base, steps: 2, guidance: 7.5, negativePrompt: 'cat' });
    expect(out.timesteps).toEqual([999, 0]);
    const ec = hiddenMean(padded(CAT, END), TINY.lastHiddenFactor, END);
    const eu = hiddenMean(padded([START, 517, END], END), TINY.lastHiddenFactor, END);
    const sig = [sigmaAt(999), sigmaAt(0), 0];
    const latent = normals(42, LATENT).map((v) => {
      let x = v * sig[0];
      [999, 0].forEach((t, i) => {
        const xin = x / Math.sqrt(sig[i] ** 2 + 1);
        const eps = TINY.unet.a * xin + TINY.unet.c * t + TINY.unet.b * (eu + 7.5 * (ec - eu));
        x += (sig[i + 1] - sig[i]) * eps;
      });
      return x;
    });
    expectPicture(out.images[0].data, decodeByHand(latent, 8, 8, 0.18215));
  });

  it('SDXL-Turbo, 2 ancestral steps: penultimate layers of both encoders, text_embeds, time_ids, scale 0.13025', async () => {
    const m = await model('xlturbo', { family: 'sdxl-turbo' });
    expect(m.family).toBe('sdxl-turbo');
    const out = await runPipeline(m, { ...base, steps: 2, scheduler: 'euler-ancestral' });
    expect(out.timesteps).toEqual([999, 499]);
    // tokenizer pads with the end token, tokenizer_2 with "!" = 0; context = [768 | 1280] of hidden_states.2 (x3)
    const ids1 = padded(CAT, END);
    const ids2 = padded(CAT, 0);
    const e = (768 * hiddenMean(ids1, 3, END) + 1280 * hiddenMean(ids2, 3, 0)) / 2048;
    const pooled = hiddenMean(ids2, 1, 0); // text_embeds: mean over tokens of h, then over features
    const timeIds = (64 + 64 + 0 + 0 + 64 + 64) / 6;
    const g = new GaussianNoise(42);
    const n = normals(g, LATENT);
    const z = normals(g, LATENT); // the ancestral noise of step 1, drawn after the starting noise
    const sig = [sigmaAt(999), sigmaAt(499), 0];
    const latent = n.map((v, k) => {
      let x = v * sig[0];
      [999, 499].forEach((t, i) => {
        const eps =
          TINY.unet.a * (x / Math.sqrt(sig[i] ** 2 + 1)) +
          TINY.unet.b * e +
          TINY.unet.c * t +
          TINY.unet.f * pooled +
          TINY.unet.g * timeIds;
        const [from, to] = [sig[i], sig[i + 1]];
        const up = Math.sqrt((to * to * (from * from - to * to)) / (from * from));
        const down = Math.sqrt(to * to - up * up);
        x = x + eps * (down - from) + (up > 0 ? z[k] * up : 0);
      });
      return x;
    });
    expectPicture(out.images[0].data, decodeByHand(latent, 8, 8, 0.13025));
  });

  it('SDXL with guidance and an empty negative prompt: zero negative conditioning, leading schedule', async () => {
    const m = await model('sdxl', { family: 'sdxl' });
    expect(m.family).toBe('sdxl');
    const out = await runPipeline(m, { ...base, steps: 2, guidance: 5 });
    // leading: (0, 500) reversed + steps_offset 1; starts from sqrt(sigma_max^2 + 1)
    expect(out.timesteps).toEqual([501, 1]);
    const e = (768 * hiddenMean(padded(CAT, END), 3, END) + 1280 * hiddenMean(padded(CAT, 0), 3, 0)) / 2048;
    const pooled = hiddenMean(padded(CAT, 0), 1, 0);
    const timeIds = (64 + 64 + 64 + 64) / 6;
    const sig = [sigmaAt(501), sigmaAt(1), 0];
    const latent = normals(42, LATENT).map((v) => {
      let x = v * Math.sqrt(sig[0] ** 2 + 1);
      [501, 1].forEach((t, i) => {
        // uncond = all-zero context and text_embeds (force_zeros_for_empty_prompt): eps_u lacks those terms
        const shared =
          TINY.unet.a * (x / Math.sqrt(sig[i] ** 2 + 1)) + TINY.unet.c * t + TINY.unet.g * timeIds;
        const eps = shared + 5 * (TINY.unet.b * e + TINY.unet.f * pooled);
        x += (sig[i + 1] - sig[i]) * eps;
      });
      return x;
    });
    expectPicture(out.images[0].data, decodeByHand(latent, 8, 8, 0.13025));
  });

  it('LCM, 2 steps: guidance through timestep_cond, consistency boundary scalings, no CFG batch', async () => {
    const m = await model('lcm', { family: 'lcm' });
    const out = await runPipeline(m, { ...base, steps: 2, guidance: 8.5, scheduler: 'lcm' });
    expect(out.timesteps).toEqual([999, 499]);
    const emb = guidanceScaleEmbedding(7.5, 256);
    const embMean = emb.reduce((a, b) => a + b, 0) / 256;
    const e = hiddenMean(padded(CAT, END), TINY.lastHiddenFactor, END);
    const { ABAR } = await import('../fixtures/hand-math.testing');
    const g = new GaussianNoise(42);
    const n = normals(g, LATENT);
    const z = normals(g, LATENT);
    const boundary = (t: number) => {
      const s = 10 * t;
      return { skip: 0.25 / (s * s + 0.25), out: s / Math.sqrt(s * s + 0.25) };
    };
    const latent = n.map((x0v, k) => {
      let x = x0v;
      [999, 499].forEach((t, i) => {
        const eps = TINY.unet.a * x + TINY.unet.b * e + TINY.unet.c * t + TINY.unet.h * embMean;
        const pred = (x - Math.sqrt(1 - ABAR[t]) * eps) / Math.sqrt(ABAR[t]);
        const { skip, out: cout } = boundary(t);
        const denoised = cout * pred + skip * x;
        x = i === 0 ? Math.sqrt(ABAR[499]) * denoised + Math.sqrt(1 - ABAR[499]) * z[k] : denoised;
      });
      return x;
    });
    expectPicture(out.images[0].data, decodeByHand(latent, 8, 8, 0.18215));
  });

  it('a batch of N: image i is the single image of seed + i, and seeds reproduce', async () => {
    const m = await model('turbo', { family: 'sd-turbo' });
    const batch = await runPipeline(m, { ...base, count: 2, guidance: 3 });
    const second = await runPipeline(m, { ...base, seed: 43, guidance: 3 });
    expect(batch.seeds).toEqual([42, 43]);
    expect(Buffer.from(batch.images[1].data).equals(Buffer.from(second.images[0].data))).toBe(true);
    expect(Buffer.from(batch.images[0].data).equals(Buffer.from(batch.images[1].data))).toBe(false);
    const again = await runPipeline(m, { ...base, count: 2, guidance: 3 });
    expect(Buffer.from(again.images[0].data).equals(Buffer.from(batch.images[0].data))).toBe(true);
  });
});

/** 64x64: an opaque "product" square (rows/cols 20..43) on a transparent background. */
function productPhoto(): RgbaImage {
  const data = new Uint8Array(64 * 64 * 4);
  for (let y = 0; y < 64; y++) {
    for (let x = 0; x < 64; x++) {
      const p = (y * 64 + x) * 4;
      const inside = x >= 20 && x < 44 && y >= 20 && y < 44;
      data.set(inside ? [(x * 7) % 256, (y * 5) % 256, 200, 255] : [0, 0, 0, 0], p);
    }
  }
  return { width: 64, height: 64, data };
}

describe('image-to-image and inpainting', () => {
  it('img2img strength 0.5 of 2 steps: one step from the picture latents noised to sigma_499', async () => {
    const m = await model('turbo', { family: 'sd-turbo' });
    const init = productPhoto();
    init.data.forEach((_, i) => i % 4 === 3 && (init.data[i] = 255));
    const out = await runPipeline(m, { ...base, steps: 2, strength: 0.5, init });
    expect(out.timesteps).toEqual([499]);
    const z0 = encodeByHand(init.data, 64, 64, 0.18215);
    const s = sigmaAt(499);
    const e = hiddenMean(padded(CAT, 0), TINY.lastHiddenFactor, 0);
    const latent = normals(42, LATENT).map((v, k) => {
      const x = z0[k] + v * s;
      const eps = TINY.unet.a * (x / Math.sqrt(s * s + 1)) + TINY.unet.b * e + TINY.unet.c * 499;
      return x - s * eps;
    });
    expectPicture(out.images[0].data, decodeByHand(latent, 8, 8, 0.18215));
  });

  it('a 9-channel inpainting UNet gets [latents, mask, masked latents]; the product stays bit-exact', async () => {
    // An SD 2.x inpainting UNet on a trailing schedule, so one step runs at t = 999 where every term counts.
    const m = await model('inpaint', { family: 'sd-turbo', inpainting: true });
    expect(m.inpainting).toBe(true);
    const photo = productPhoto();
    const mask = maskFromAlpha(photo);
    const out = await runPipeline(m, { ...base, init: photo, mask, scheduler: 'euler' });
    // The product's pixels are copied, not regenerated.
    const img = out.images[0];
    for (let p = 0; p < 64 * 64; p++) {
      if (photo.data[p * 4 + 3] === 255) {
        expect([...img.data.subarray(p * 4, p * 4 + 4)]).toEqual([
          ...photo.data.subarray(p * 4, p * 4 + 3),
          255,
        ]);
      }
    }
    // The backdrop: a latent cell is repainted when any of its pixels is (cells 2..5 x 2..5 hold the
    // product wholly only at 3..4); masked latents encode the picture with repainted pixels zeroed.
    const cellMask = new Float64Array(64).map((_, j) => {
      const [cy, cx] = [Math.floor(j / 8), j % 8];
      return cy >= 3 && cy <= 4 && cx >= 3 && cx <= 4 ? 0 : 1;
    });
    const masked = encodeByHand(photo.data, 64, 64, 0.18215, (p) => photo.data[p * 4 + 3] === 0);
    const s = sigmaAt(999);
    const e = hiddenMean(padded(CAT, 0), TINY.lastHiddenFactor, 0);
    const latent = normals(42, LATENT).map((v, k) => {
      const x = v * s;
      const eps =
        TINY.unet.a * (x / Math.sqrt(s * s + 1)) +
        TINY.unet.b * e +
        TINY.unet.c * 999 +
        TINY.unet.d * cellMask[k % 64] +
        TINY.unet.e * masked[k];
      return x - s * eps;
    });
    // SD 2.x's default Euler here is "leading" with 1 step -> timestep 1: use its own schedule.
    expect(out.timesteps).toEqual([999]);
    const expected = decodeByHand(latent, 8, 8, 0.18215);
    for (let p = 0; p < 64 * 64; p++) {
      if (photo.data[p * 4 + 3] === 0) {
        for (let c = 0; c < 3; c++)
          expect(Math.abs(img.data[p * 4 + c] - expected[p * 4 + c])).toBeLessThanOrEqual(1);
      }
    }
  });

  it('a 4-channel UNet with a mask keeps the picture latents in kept cells and the pixels exactly', async () => {
    const m = await model('turbo', { family: 'sd-turbo' });
    const photo = productPhoto();
    const out = await runPipeline(m, { ...base, steps: 2, init: photo, mask: maskFromAlpha(photo) });
    const img = out.images[0];
    let kept = 0;
    for (let p = 0; p < 64 * 64; p++) {
      if (photo.data[p * 4 + 3] === 255) {
        kept++;
        expect(img.data[p * 4]).toBe(photo.data[p * 4]);
        expect(img.data[p * 4 + 1]).toBe(photo.data[p * 4 + 1]);
      }
    }
    expect(kept).toBe(24 * 24);
  });

  it('a 4-channel UNet with a mask resets kept latent cells to the picture after each step', async () => {
    const m = await model('turbo', { family: 'sd-turbo' });
    const photo = productPhoto();
    photo.data.forEach((_, i) => i % 4 === 3 && (photo.data[i] = 255));
    // Left half repainted; right half kept at 40%: those cells stay the picture's latents (none of
    // their pixels reaches 0.5), and the composite shows 0.6 picture + 0.4 of their decoded latents.
    const values = new Float32Array(64 * 64).map((_, p) => (p % 64 < 32 ? 1 : 0.4));
    const out = await runPipeline(m, {
      ...base,
      steps: 2,
      init: photo,
      mask: { width: 64, height: 64, values },
    });
    const z0 = encodeByHand(photo.data, 64, 64, 0.18215);
    const decoded = decodeByHand(z0, 8, 8, 0.18215);
    let worst = 0;
    for (let p = 0; p < 64 * 64; p++) {
      if (p % 64 < 32) continue;
      for (let c = 0; c < 3; c++) {
        const want = Math.round(photo.data[p * 4 + c] * 0.6 + decoded[p * 4 + c] * 0.4);
        worst = Math.max(worst, Math.abs(out.images[0].data[p * 4 + c] - want));
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('refuses txt2img on an inpainting model, naming the field', async () => {
    const m = await model('inpaint', { family: 'sd-turbo', inpainting: true });
    const e = await runPipeline(m, base).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ClipwrightError);
    expect((e as ClipwrightError).code).toBe(ErrorCode.ImageRequestInvalid);
    expect((e as ClipwrightError).path).toBe('$.image');
  });
});

describe('export variants', () => {
  it('fp16 graphs with external weights (model.onnx_data), int64 ids and a float16 timestep give the same picture', async () => {
    const ref = await runPipeline(await model('turbo', { family: 'sd-turbo' }), base);
    const m = await model('turbo16', {
      family: 'sd-turbo',
      dtype: 'float16',
      externalData: 'model.onnx_data',
      inputIdsType: 'int64',
      timestepType: 'float16',
    });
    expect(m.unet.signature.sample.type).toBe('float16');
    const out = await runPipeline(m, base);
    expect(maxByteDiff(out.images[0].data, ref.images[0].data)).toBeLessThanOrEqual(3);
  });

  it('weights.pb, a scalar float32 timestep, an 8-channel VAE encoder and a fixed batch of 1 give the same picture', async () => {
    const photo = productPhoto();
    photo.data.forEach((_, i) => i % 4 === 3 && (photo.data[i] = 255));
    const req = { ...base, steps: 2, strength: 0.5, guidance: 2, count: 2, init: photo };
    const ref = await runPipeline(await model('turbo', { family: 'sd-turbo' }), req);
    const m = await model('turboB1', {
      family: 'sd-turbo',
      externalData: 'weights.pb',
      timestepType: 'float32',
      scalarTimestep: true,
      vaeEncoderChannels: 8,
      fixedBatch: 1,
    });
    const out = await runPipeline(m, req);
    expect(maxByteDiff(out.images[0].data, ref.images[0].data)).toBeLessThanOrEqual(1);
    expect(maxByteDiff(out.images[1].data, ref.images[1].data)).toBeLessThanOrEqual(1);
  });
});
