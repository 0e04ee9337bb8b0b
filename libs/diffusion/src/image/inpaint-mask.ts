import { VAE_FACTOR } from '../model/model-family';
import type { RgbaImage } from './rgba-image';

/** Per-pixel repaint weight in [0, 1]: 1 = generate here, 0 = keep the picture's pixel. */
export interface PixelMask {
  width: number;
  height: number;
  values: Float32Array;
}

/**
 * A mask picture as diffusers reads one: white repaints, black keeps, grey in between; converted
 * to luminance as PIL's "L" mode does (ITU-R BT.601: L = 0.299 R + 0.587 G + 0.114 B).
 */
export function maskFromPicture(mask: RgbaImage): PixelMask {
  const values = new Float32Array(mask.width * mask.height);
  for (let i = 0, p = 0; i < values.length; i++, p += 4) {
    values[i] = (0.299 * mask.data[p] + 0.587 * mask.data[p + 1] + 0.114 * mask.data[p + 2]) / 255;
  }
  return { width: mask.width, height: mask.height, values };
}

/**
 * The mask of a cut-out (a product photo with a transparent background): transparent pixels are
 * generated, opaque ones kept, partly transparent edges blended by their alpha.
 */
export function maskFromAlpha(image: RgbaImage): PixelMask {
  const values = new Float32Array(image.width * image.height);
  for (let i = 0; i < values.length; i++) values[i] = 1 - image.data[i * 4 + 3] / 255;
  return { width: image.width, height: image.height, values };
}

/**
 * The mask at latent resolution (one value per 8x8 pixel cell), binary: a cell is repainted when any
 * of its pixels is to be repainted (>= 0.5, diffusers' binarisation threshold). Dilating to whole
 * cells lets the generated backdrop reach the kept object's edge; the final composite restores every
 * kept pixel exactly, so the object itself never changes.
 */
export function latentMask(mask: PixelMask): Float32Array {
  const w = Math.ceil(mask.width / VAE_FACTOR);
  const h = Math.ceil(mask.height / VAE_FACTOR);
  const out = new Float32Array(w * h);
  for (let y = 0; y < mask.height; y++) {
    const row = Math.floor(y / VAE_FACTOR) * w;
    for (let x = 0; x < mask.width; x++) {
      if (mask.values[y * mask.width + x] >= 0.5) out[row + Math.floor(x / VAE_FACTOR)] = 1;
    }
  }
  return out;
}

/**
 * The VAE's input [3, H, W] in [-1, 1] (x = 2 p / 255 - 1, diffusers VaeImageProcessor), with the
 * pixels to be repainted set to 0 when a mask is given (diffusers' masked_image = image * (mask < 0.5)).
 */
export function vaeInput(image: RgbaImage, mask?: PixelMask): Float32Array {
  const plane = image.width * image.height;
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    if (mask && mask.values[i] >= 0.5) continue;
    for (let c = 0; c < 3; c++) out[c * plane + i] = (2 * image.data[i * 4 + c]) / 255 - 1;
  }
  return out;
}

/**
 * The generated picture with the original laid over it where the mask keeps it:
 * out = original * (1 - m) + generated * m per channel, opaque. Where m = 0 the original pixel is
 * copied as it is (bit-exact); a cut-out's soft edge (0 < m < 1) is alpha-composited over the backdrop.
 */
export function compositeKept(original: RgbaImage, generated: RgbaImage, mask: PixelMask): RgbaImage {
  const out = new Uint8Array(generated.data.length);
  for (let i = 0, p = 0; i < mask.values.length; i++, p += 4) {
    const m = mask.values[i];
    if (m === 0) {
      out[p] = original.data[p];
      out[p + 1] = original.data[p + 1];
      out[p + 2] = original.data[p + 2];
    } else if (m === 1) {
      out[p] = generated.data[p];
      out[p + 1] = generated.data[p + 1];
      out[p + 2] = generated.data[p + 2];
    } else {
      for (let c = 0; c < 3; c++)
        out[p + c] = Math.round(original.data[p + c] * (1 - m) + generated.data[p + c] * m);
    }
    out[p + 3] = 255;
  }
  return { width: generated.width, height: generated.height, data: out };
}
