import { createCanvas, type Image, loadImage } from '@napi-rs/canvas';
import { ClipwrightError, ErrorCode, type Rect } from '@app/core';
import { encodePng, loadPhoto } from '@app/graphics';
import type { DrawContext, Drawn, LoadContext } from '../layer-kind';
import type { BoundLogo } from './logo.kind';

const SVG = /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i;

/**
 * The logo (the layer's `src`, else the brand's) decoded once per job: SVG through Skia's SVG renderer (which fetches nothing), anything
 * else as a picture (PNG, JPEG, WebP). Throws ASSET_NOT_FOUND from the source, IMAGE_UNREADABLE
 * naming `src` for a file that is neither.
 */
export async function load(layer: BoundLogo, ctx: LoadContext): Promise<Image | undefined> {
  // Without a `src` of its own the layer shows the brand's logo, or nothing when there is none.
  const own = layer.src && {
    ref: layer.src.ref,
    source: layer.src.fromData ? ctx.images : ctx.templateImages,
  };
  const logo = own ?? ctx.brandLogo;
  if (!logo) return undefined;
  const where = `${ctx.where}.src`;
  const source = logo.source;
  if (!source) {
    throw new ClipwrightError(
      ErrorCode.AssetNotFound,
      `${where}: this render was given no place to read pictures from`,
      {
        path: where,
      },
    );
  }
  const bytes = await source(logo.ref, ctx.signal);
  if (!SVG.test(bytes.subarray(0, 1024).toString('utf8')))
    return loadPhoto(bytes, `logo "${logo.ref}"`, where);
  const image = await loadImage(bytes).catch(() => undefined);
  if (!image?.width || !image.height) {
    throw new ClipwrightError(
      ErrorCode.ImageUnreadable,
      `${where}: logo "${logo.ref}" is an SVG that cannot be drawn`,
      {
        path: where,
      },
    );
  }
  return image;
}

/** Where a logo of `size` rests: a corner of the safe area (top right: under the AI label). */
export function logoRect(
  layout: DrawContext['layout'],
  corner: BoundLogo['corner'],
  picture: { width: number; height: number },
  size: number,
): Rect {
  const height = Math.max(2, Math.round(layout.height * size));
  const width = Math.max(
    2,
    Math.min(Math.round((picture.width / picture.height) * height), Math.round(layout.safe.width * 0.3)),
  );
  const h = Math.round(Math.min(height, (width * picture.height) / picture.width));
  const left = layout.safe.x;
  const right = layout.safe.x + layout.safe.width - width;
  const top =
    corner === 'top-right'
      ? layout.label.y + layout.label.height + Math.round(layout.height * 0.01)
      : layout.safe.y;
  const bottom = layout.safe.y + layout.safe.height - h;
  return {
    x: corner.endsWith('left') ? left : right,
    y: corner.startsWith('top') ? top : bottom,
    width,
    height: h,
  };
}

export async function draw(
  layer: BoundLogo,
  picture: Image | undefined,
  _p: unknown,
  ctx: DrawContext,
): Promise<Drawn | null> {
  if (!picture) return null;
  const rect = logoRect(ctx.layout, layer.corner, picture, layer.size);
  const canvas = createCanvas(rect.width, rect.height);
  const c = canvas.getContext('2d');
  c.imageSmoothingQuality = 'high';
  c.globalAlpha = layer.opacity;
  c.drawImage(picture, 0, 0, rect.width, rect.height);
  const file = `${ctx.name}.png`;
  await ctx.write(
    file,
    encodePng(rect.width, rect.height, c.getImageData(0, 0, rect.width, rect.height).data),
  );
  return { media: { type: 'still', file, opaque: false }, rect };
}
