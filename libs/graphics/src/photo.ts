import { type Image, loadImage, type SKRSContext2D } from '@napi-rs/canvas';
import { ClipwrightError, ErrorCode, IMAGE_MEDIA_TYPES, sniffMediaType } from '@app/core';
import type { FrameLayout } from './layout';
import { withAlpha } from './paint';
import type { Theme } from './theme';

/** Larger photos are refused rather than decoded (a 20 MB JPEG can claim 30000x30000 pixels). */
export const MAX_PHOTO_PIXELS = 40_000_000;

/**
 * Decodes a PNG, JPEG or WebP photo for a graphic. `where` names the picture in the message, `path`
 * the field it came from (default `where`): a wrong file (a PDF, an MP3, a broken or gigantic image)
 * is IMAGE_UNREADABLE.
 */
export async function loadPhoto(bytes: Buffer, where: string, path = where): Promise<Image> {
  const bad = (why: string) => new ClipwrightError(ErrorCode.ImageUnreadable, `${where}: ${why}`, { path });
  const type = sniffMediaType(bytes.subarray(0, 16));
  if (!type || !IMAGE_MEDIA_TYPES.has(type)) throw bad('is not a PNG, JPEG or WebP image');
  let image: Image;
  try {
    image = await loadImage(bytes);
  } catch {
    throw bad('the image could not be decoded');
  }
  if (!image.width || !image.height) throw bad('the image could not be decoded');
  if (image.width * image.height > MAX_PHOTO_PIXELS)
    throw bad(`the image is ${image.width}x${image.height}; at most ${MAX_PHOTO_PIXELS / 1e6} megapixels`);
  return image;
}

/**
 * The photo fills the frame (cover: cropped, never stretched), then a scrim in the theme's dark
 * colour makes white text readable on any photo: an even tint everywhere, deepening across the
 * text block (from the left in landscape, around the block in portrait).
 */
export function paintPhoto(ctx: SKRSContext2D, layout: FrameLayout, theme: Theme, photo: Image): void {
  const { width: w, height: h } = layout;
  const scale = Math.max(w / photo.width, h / photo.height);
  const dw = photo.width * scale;
  const dh = photo.height * scale;
  ctx.drawImage(photo, (w - dw) / 2, (h - dh) / 2, dw, dh);

  const shade = theme.background[1];
  ctx.fillStyle = withAlpha(shade, 0.35);
  ctx.fillRect(0, 0, w, h);
  const box = layout.title;
  const band =
    w > h
      ? ctx.createLinearGradient(0, 0, Math.min(w, box.x + box.width * 1.25), 0)
      : ctx.createLinearGradient(0, box.y - h * 0.1, 0, box.y + box.height + h * 0.1);
  if (w > h) {
    band.addColorStop(0, withAlpha(shade, 0.85));
    band.addColorStop(0.6, withAlpha(shade, 0.7));
    band.addColorStop(1, withAlpha(shade, 0));
  } else {
    band.addColorStop(0, withAlpha(shade, 0));
    band.addColorStop(0.3, withAlpha(shade, 0.75));
    band.addColorStop(0.7, withAlpha(shade, 0.75));
    band.addColorStop(1, withAlpha(shade, 0));
  }
  ctx.fillStyle = band;
  ctx.fillRect(0, 0, w, h);
}
