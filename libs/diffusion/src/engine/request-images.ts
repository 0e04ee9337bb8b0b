import { IMAGE_LIMITS } from '../model/model-family';
import { maskFromAlpha, maskFromPicture, PixelMask } from '../image/inpaint-mask';
import { decodeImage, hasTransparency, resizeCover, RgbaImage } from '../image/rgba-image';
import { invalid, ResolvedParameters } from './image-request';

/** The request's pictures, decoded, at the size the images will be made at. */
export interface PreparedImages {
  width: number;
  height: number;
  init?: RgbaImage;
  mask?: PixelMask;
}

const round8 = (n: number) => Math.max(IMAGE_LIMITS.minSide, Math.round(n / 8) * 8);

/**
 * Decodes the start picture and mask. Without width/height the picture's own size is kept (so its
 * pixels are kept exactly where the mask says so); with one of them the other follows its aspect
 * ratio; with both it is scaled to cover and centre-cropped. `mask: "alpha"` repaints the
 * picture's transparent pixels. @throws ClipwrightError IMAGE_REQUEST_INVALID / INVALID_ARGUMENT on `$.image` / `$.mask`.
 */
export async function prepareImages(
  p: ResolvedParameters,
  image: Uint8Array | undefined,
  mask: Uint8Array | 'alpha' | undefined,
  base = '$',
): Promise<PreparedImages> {
  if (!image) return { width: p.width!, height: p.height! };
  let init = await decodeImage(image, `${base}.image`);
  let width = p.width;
  let height = p.height;
  if (width && !height) height = round8((width * init.height) / init.width);
  if (height && !width) width = round8((height * init.width) / init.height);
  width ??= init.width;
  height ??= init.height;
  if (
    width > IMAGE_LIMITS.maxSide ||
    height > IMAGE_LIMITS.maxSide ||
    width < IMAGE_LIMITS.minSide ||
    height < IMAGE_LIMITS.minSide
  ) {
    throw invalid(
      `${base}.image`,
      `is ${init.width}x${init.height}; images are made from ${IMAGE_LIMITS.minSide} to ${IMAGE_LIMITS.maxSide} px a side (give width/height to scale it)`,
    );
  }
  init = resizeCover(init, width, height);
  if (mask === undefined) return { width, height, init };
  if (mask === 'alpha') {
    if (!hasTransparency(init))
      throw invalid(`${base}.mask`, 'is "alpha" but the image has no transparent pixels');
    return { width, height, init, mask: maskFromAlpha(init) };
  }
  const picture = resizeCover(await decodeImage(mask, `${base}.mask`), width, height);
  return { width, height, init, mask: maskFromPicture(picture) };
}
