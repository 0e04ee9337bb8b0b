import { createCanvas, type Image } from '@napi-rs/canvas';
import { encodePng, loadPhoto } from '@app/graphics';

/** Straight (non-premultiplied) 8-bit RGBA, row-major, 4 bytes a pixel. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export function blankImage(width: number, height: number): RgbaImage {
  return { width, height, data: new Uint8Array(width * height * 4) };
}

function pixelsOf(image: Image | ReturnType<typeof createCanvas>, width: number, height: number): RgbaImage {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, 0, 0, width, height);
  const data = ctx.getImageData(0, 0, width, height).data;
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/**
 * Decodes a PNG, JPEG or WebP (checked by magic bytes, size-limited: graphics' loadPhoto) to RGBA.
 * Fully opaque pixels come back exactly as stored; `where` names the request field in errors.
 * @throws ClipwrightError INVALID_ARGUMENT for a file that is not such an image or cannot be decoded.
 */
export async function decodeImage(bytes: Uint8Array, where: string): Promise<RgbaImage> {
  const image = await loadPhoto(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), where);
  return pixelsOf(image, image.width, image.height);
}

/** An 8-bit RGBA PNG of the image (equal pixels give equal bytes). */
export function encodeImagePng(image: RgbaImage): Buffer {
  return encodePng(image.width, image.height, image.data);
}

/** The image scaled to cover width x height and centre-cropped (never stretched), with Skia's high-quality filter. */
export function resizeCover(image: RgbaImage, width: number, height: number): RgbaImage {
  if (image.width === width && image.height === height) return image;
  const source = createCanvas(image.width, image.height);
  const ctx = source.getContext('2d');
  const data = ctx.createImageData(image.width, image.height);
  data.data.set(image.data);
  ctx.putImageData(data, 0, 0);
  const scale = Math.max(width / image.width, height / image.height);
  const canvas = createCanvas(width, height);
  const out = canvas.getContext('2d');
  out.imageSmoothingQuality = 'high';
  const dw = image.width * scale;
  const dh = image.height * scale;
  out.drawImage(source, (width - dw) / 2, (height - dh) / 2, dw, dh);
  const px = out.getImageData(0, 0, width, height).data;
  return { width, height, data: new Uint8Array(px.buffer, px.byteOffset, px.byteLength) };
}

/** True when any pixel is less than fully opaque. */
export function hasTransparency(image: RgbaImage): boolean {
  for (let i = 3; i < image.data.length; i += 4) if (image.data[i] !== 255) return true;
  return false;
}
