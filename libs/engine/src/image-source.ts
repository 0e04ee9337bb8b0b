import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ASSET_REF, ClipwrightError, ErrorCode, resolveInside } from '@app/core';
import type { ImageSource } from '@app/layers';

/** An image file larger than this is refused unread (the service caps uploads lower still). */
export const MAX_IMAGE_FILE_BYTES = 50 * 1024 * 1024;

/**
 * Pictures from a folder: the CLI's data-file folder (`where` = "next to the data file"), or a
 * template's own folder. A reference is a path relative to the folder, which it cannot leave, not
 * even through a symbolic link (PATH_ESCAPES). `asset:<id>` names an upload to the service and is
 * not found here; a missing file or a folder is ASSET_NOT_FOUND, a file too large IMAGE_UNREADABLE.
 */
export function folderImageSource(folder: string, where = 'in the template folder'): ImageSource {
  return async (ref) => {
    if (ASSET_REF.test(ref)) {
      throw new ClipwrightError(
        ErrorCode.AssetNotFound,
        `image "${ref}" names an uploaded asset, which only the service has; give a file path ${where}`,
        { path: ref },
      );
    }
    const file = resolveInside(folder, ref, 'image');
    const notFound = (): ClipwrightError =>
      new ClipwrightError(ErrorCode.AssetNotFound, `image "${ref}" is not a file ${where}`, { path: ref });
    const [realFolder, realFile] = await Promise.all([
      fs.realpath(folder),
      fs.realpath(file).catch(() => {
        throw notFound();
      }),
    ]);
    resolveInside(realFolder, path.relative(realFolder, realFile), 'image');
    const stat = await fs.stat(realFile);
    if (!stat.isFile()) throw notFound();
    if (stat.size > MAX_IMAGE_FILE_BYTES) {
      throw new ClipwrightError(
        ErrorCode.ImageUnreadable,
        `image "${ref}" is larger than ${MAX_IMAGE_FILE_BYTES / 1048576} MB`,
        { path: ref },
      );
    }
    return fs.readFile(realFile);
  };
}
