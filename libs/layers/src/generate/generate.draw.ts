import { type Image, loadImage } from '@napi-rs/canvas';
import { ClipwrightError, ErrorCode, isClipwrightError } from '@app/core';
import type { DrawContext, Drawn, GenerateContext } from '../layer-kind';
import { draw as drawImage } from '../image/image.draw';
import type { BoundGenerate } from './generate.kind';

/**
 * Asks the engine's image generator for the picture (cached by model and parameters) and decodes it
 * once for every output. Errors name the layer's field: `...layers[0].width`, not `$.width`.
 */
export async function generate(
  layer: BoundGenerate,
  _resource: unknown,
  ctx: GenerateContext,
): Promise<Image> {
  if (!ctx.images)
    throw new ClipwrightError(
      ErrorCode.ModelNotFound,
      `${ctx.where}: this engine has no diffusion models configured to make the picture`,
      { path: `${ctx.where}.model` },
    );
  try {
    const { png } = await ctx.images.generate(
      { ...layer.request, seed: layer.request.seed ?? ctx.seed },
      { ...(ctx.signal ? { signal: ctx.signal } : {}), onProgress: (f) => ctx.progress(f) },
    );
    return await loadImage(png);
  } catch (e) {
    if (isClipwrightError(e) && e.path?.startsWith('$')) {
      const path = `${ctx.where}${e.path.slice(1)}`;
      throw new ClipwrightError(e.code, e.message.replace(e.path, path), { path, cause: e });
    }
    throw e;
  }
}

/** Drawn exactly as an image layer: fitted into its box once per output. */
export function draw(
  layer: BoundGenerate,
  picture: Image | undefined,
  performance: unknown,
  ctx: DrawContext,
): Promise<Drawn | null> {
  return drawImage(layer, picture, performance, ctx);
}
