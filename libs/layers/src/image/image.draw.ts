import { createCanvas, type Image } from '@napi-rs/canvas';
import { ClipwrightError, ErrorCode, type Rect } from '@app/core';
import { encodePng } from '@app/graphics';
import type { DrawContext, Drawn, LoadContext } from '../layer-kind';
import { loadPicture } from '../common/picture.load';
import type { BoundImage } from './image.kind';

/** One decoded picture, or (with `sources`) every one in order: none, and the layer is not shown. */
export type LoadedImage = Image | Image[] | undefined;

export async function load(layer: BoundImage, ctx: LoadContext): Promise<LoadedImage> {
  const one = (p: { ref: string; fromData: boolean }, field: string): Promise<Image> =>
    loadPicture(p.ref, p.fromData, ctx, field).catch((e: unknown) => {
      // The template's designed stand-in for a picture the data names that cannot be shown.
      const missing =
        e instanceof ClipwrightError &&
        (e.code === ErrorCode.AssetNotFound || e.code === ErrorCode.ImageUnreadable);
      if (!missing || !p.fromData || !layer.placeholder) throw e;
      return loadPicture(layer.placeholder, false, ctx, 'placeholder');
    });
  if (layer.pictures) {
    const all: Image[] = [];
    for (const [i, p] of layer.pictures.entries()) all.push(await one(p, `sources[${i}]`));
    return all.length ? all : undefined;
  }
  return layer.src ? one(layer.src, 'src') : undefined;
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

/** The layer's box on this output, whole pixels. */
function boxOf(layer: BoundImage, ctx: DrawContext): Rect {
  const { width: fw, height: fh } = ctx.frame;
  return {
    x: Math.round(layer.box.x * fw),
    y: Math.round(layer.box.y * fh),
    width: Math.max(2, Math.round(layer.box.width * fw)),
    height: Math.max(2, Math.round(layer.box.height * fh)),
  };
}

/** Pictures drawn into a canvas of the box's size, each fitted into its cell; written as `<file>`. */
async function writePicture(
  ctx: DrawContext,
  file: string,
  rect: Rect,
  cells: { picture: Image; cell: Rect }[],
  layer: BoundImage,
): Promise<Drawn> {
  const canvas = createCanvas(rect.width, rect.height);
  const c = canvas.getContext('2d');
  c.imageSmoothingQuality = 'high';
  for (const { picture, cell } of cells) {
    const at = fitPicture(picture, cell, layer.fit, layer.focus);
    c.save();
    c.beginPath();
    c.rect(cell.x, cell.y, cell.width, cell.height);
    c.clip();
    c.drawImage(picture, cell.x + at.x, cell.y + at.y, at.width, at.height);
    c.restore();
  }
  await ctx.write(
    file,
    encodePng(rect.width, rect.height, c.getImageData(0, 0, rect.width, rect.height).data),
  );
  // Opaque or not, a picture is laid over its scene's ground (a PNG may be transparent anywhere).
  return { media: { type: 'still', file, opaque: false }, rect };
}

/**
 * The cells of a grid of `n` (2 to 4) pictures in a box, with a gap of 1.5% of its short side:
 * two side by side (above each other in a portrait box); three as one large and two small beside
 * (below) it; four as 2x2.
 */
export function gridCells(n: number, box: { width: number; height: number }): Rect[] {
  const gap = Math.round(Math.min(box.width, box.height) * 0.015);
  const wide = box.width >= box.height;
  const half = (size: number): [number, number] => {
    const a = Math.floor((size - gap) / 2);
    return [a, size - gap - a];
  };
  const [w1, w2] = half(box.width);
  const [h1, h2] = half(box.height);
  const full = { x: 0, y: 0, width: box.width, height: box.height };
  const left = { ...full, width: w1 };
  const right = { ...full, x: w1 + gap, width: w2 };
  const top = { ...full, height: h1 };
  const bottom = { ...full, y: h1 + gap, height: h2 };
  if (n <= 2) return wide ? [left, right] : [top, bottom];
  if (n === 3) {
    return wide
      ? [left, { ...right, height: h1 }, { ...right, y: h1 + gap, height: h2 }]
      : [top, { ...bottom, width: w1 }, { ...bottom, x: w1 + gap, width: w2 }];
  }
  return [
    { x: 0, y: 0, width: w1, height: h1 },
    { x: w1 + gap, y: 0, width: w2, height: h1 },
    { x: 0, y: h1 + gap, width: w1, height: h2 },
    { x: w1 + gap, y: h1 + gap, width: w2, height: h2 },
  ];
}

export async function draw(
  layer: BoundImage,
  loaded: LoadedImage,
  _p: unknown,
  ctx: DrawContext,
): Promise<Drawn | null> {
  if (!loaded) return null;
  const rect = boxOf(layer, ctx);
  const whole = { x: 0, y: 0, width: rect.width, height: rect.height };
  if (!Array.isArray(loaded))
    return writePicture(ctx, `${ctx.name}.png`, rect, [{ picture: loaded, cell: whole }], layer);
  if (layer.arrange === 'grid' || loaded.length === 1) {
    const cells = gridCells(loaded.length, rect);
    const shown = loaded.length === 1 ? [whole] : cells;
    return writePicture(
      ctx,
      `${ctx.name}.png`,
      rect,
      loaded.map((picture, i) => ({ picture, cell: shown[i] })),
      layer,
    );
  }
  const parts: Drawn[] = [];
  for (const [i, picture] of loaded.entries()) {
    parts.push(await writePicture(ctx, `${ctx.name}-p${i}.png`, rect, [{ picture, cell: whole }], layer));
  }
  return { ...parts[0], parts };
}
