import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ASSET_REF, ClipwrightError, ErrorCode, resolveInside } from '@app/core';
import type { ImageSource } from './render.types';

/** An image file larger than this is refused unread (the service caps uploads lower still). */
export const MAX_IMAGE_FILE_BYTES = 50 * 1024 * 1024;

/**
 * Images for the CLI: a path relative to `folder` (the data file's folder), which it cannot leave,
 * not even through a symbolic link. `asset:<id>` names an upload to the service and is refused here.
 */
export function folderImageSource(folder: string): ImageSource {
  return async (ref) => {
    if (ASSET_REF.test(ref)) {
      throw new ClipwrightError(
        ErrorCode.InvalidArgument,
        `image "${ref}" names an uploaded asset, which only the service has; give a file path relative to the data file`,
        { path: ref },
      );
    }
    const file = resolveInside(folder, ref, 'image');
    const [realFolder, realFile] = await Promise.all([
      fs.realpath(folder),
      fs.realpath(file).catch(() => {
        throw new ClipwrightError(
          ErrorCode.DataUnreadable,
          `image "${ref}" not found next to the data file`,
          {
            path: ref,
          },
        );
      }),
    ]);
    resolveInside(realFolder, path.relative(realFolder, realFile), 'image');
    const stat = await fs.stat(realFile);
    if (!stat.isFile() || stat.size > MAX_IMAGE_FILE_BYTES) {
      throw new ClipwrightError(
        ErrorCode.InvalidArgument,
        `image "${ref}" is not a file of at most ${MAX_IMAGE_FILE_BYTES / 1048576} MB`,
        { path: ref },
      );
    }
    return fs.readFile(realFile);
  };
}
