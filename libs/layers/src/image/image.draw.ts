import { createCanvas, type Image } from '@napi-rs/canvas';
import { encodePng } from '@app/graphics';
import type { DrawContext, Drawn, LoadContext } from '../layer-kind';
import { loadPicture } from '../common/picture.load';
import type { BoundImage } from './image.kind';

export async function load(layer: BoundImage, ctx: LoadContext): Promise<Image | undefined> {
  return layer.src ? loadPicture(layer.src.ref, layer.src.fromData, ctx, 'src') : undefined;
}

/**
 * The picture fitted to its box once for this output: cover fills the box and crops, keeping the
 * focus point as central as the picture allows; contain shows it whole, the rest of the box clear.
 */
export function fitPicture(
  picture: { width: number; height: number },
  box: { width: number; height: number },
  fit: BoundImage['fit'],
  focus: BoundImage['focus'],
): { x: number; y: number; width: number; height: number } {
  const scale =
    fit === 'cover'
      ? Math.max(box.width / picture.width, box.height / picture.height)
      : Math.min(box.width / picture.width, box.height / picture.height);
  const width = picture.width * scale;
  const height = picture.height * scale;
  const place = (size: number, room: number, f: number): number =>
    size <= room ? (room - size) / 2 : Math.min(0, Math.max(room - size, room / 2 - f * size));
  return { x: place(width, box.width, focus.x), y: place(height, box.height, focus.y), width, height };
}

export async function draw(
  layer: BoundImage,
  picture: Image | undefined,
  _p: unknown,
  ctx: DrawContext,
): Promise<Drawn | null> {
  if (!picture) return null;
  const { width: fw, height: fh } = ctx.frame;
  const x = Math.round(layer.box.x * fw);
  const y = Math.round(layer.box.y * fh);
  const width = Math.max(2, Math.round(layer.box.width * fw));
  const height = Math.max(2, Math.round(layer.box.height * fh));
  const canvas = createCanvas(width, height);
  const c = canvas.getContext('2d');
  c.imageSmoothingQuality = 'high';
  const at = fitPicture(picture, { width, height }, layer.fit, layer.focus);
  c.drawImage(picture, at.x, at.y, at.width, at.height);
  const file = `${ctx.name}.png`;
  await ctx.write(file, encodePng(width, height, c.getImageData(0, 0, width, height).data));
  // Opaque or not, a picture is laid over its scene's ground (a PNG may be transparent anywhere).
  return { media: { type: 'still', file, opaque: false }, rect: { x, y, width, height } };
}
