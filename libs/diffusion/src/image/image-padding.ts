import type { PixelMask } from './inpaint-mask';
import type { RgbaImage } from './rgba-image';

/**
 * The image extended to width x height by repeating its last column and row (the VAE needs sizes in
 * multiples of 8; padding rather than resampling keeps every original pixel as it was).
 */
export function padImage(image: RgbaImage, width: number, height: number): RgbaImage {
  if (image.width === width && image.height === height) return image;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(y, image.height - 1);
    for (let x = 0; x < width; x++) {
      const sx = Math.min(x, image.width - 1);
      const from = (sy * image.width + sx) * 4;
      data.set(image.data.subarray(from, from + 4), (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

export function padMask(mask: PixelMask, width: number, height: number): PixelMask {
  if (mask.width === width && mask.height === height) return mask;
  const values = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(y, mask.height - 1);
    for (let x = 0; x < width; x++)
      values[y * width + x] = mask.values[sy * mask.width + Math.min(x, mask.width - 1)];
  }
  return { width, height, values };
}

/** The top-left width x height of the image. */
export function cropImage(image: RgbaImage, width: number, height: number): RgbaImage {
  if (image.width === width && image.height === height) return image;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    data.set(image.data.subarray(y * image.width * 4, (y * image.width + width) * 4), y * width * 4);
  }
  return { width, height, data };
}
