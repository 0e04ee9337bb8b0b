import type { Image } from '@napi-rs/canvas';
import { ClipwrightError, ErrorCode } from '@app/core';
import { loadPhoto } from '@app/graphics';
import type { LoadContext } from '../layer-kind';

/**
 * Reads and decodes a picture once per job: one the data names through the caller's ImageSource, one
 * the template names from its own folder. Throws ASSET_NOT_FOUND naming the field when there is
 * nowhere to read it from, IMAGE_UNREADABLE for a file that is not a picture we can decode.
 */
export async function loadPicture(
  ref: string,
  fromData: boolean,
  ctx: LoadContext,
  field: string,
): Promise<Image> {
  const where = `${ctx.where}.${field}`;
  const source = fromData ? ctx.images : ctx.templateImages;
  if (!source) {
    throw new ClipwrightError(
      ErrorCode.AssetNotFound,
      `${where}: "${ref}" names a picture, and this render was given no place to read pictures from`,
      { path: where },
    );
  }
  return loadPhoto(await source(ref, ctx.signal), `image "${ref}"`, where);
}
