import { ASSET_REF, IMAGE_MEDIA_TYPES, ServiceError, ServiceErrorCode } from '@app/core';
import type { ImageSource } from '@app/engine';
import type { AssetRepository } from '@app/persistence';
import type { ObjectStorage } from '@app/storage';

/**
 * Images for a job in service mode: only `asset:<id>` of an image uploaded to the job's own
 * workspace, read from storage (uploads are capped by MAX_ASSET_BYTES, so a buffer is fine). A file
 * path or URL in the data never reaches the disk or the network here.
 */
export function assetImageSource(
  workspaceId: string,
  assets: Pick<AssetRepository, 'get'>,
  storage: Pick<ObjectStorage, 'get'>,
): ImageSource {
  return async (ref) => {
    const m = ASSET_REF.exec(ref);
    if (!m) {
      throw new ServiceError(
        ServiceErrorCode.AssetNotFound,
        `image "${ref.slice(0, 100)}": in service mode an image is asset:<id> of an upload (POST /v1/assets)`,
        { path: ref.slice(0, 100) },
      );
    }
    const row = await assets.get(workspaceId, m[1]);
    if (!row) {
      throw new ServiceError(
        ServiceErrorCode.AssetNotFound,
        `image "${ref}": no such asset in this workspace`,
        {
          path: ref,
        },
      );
    }
    if (!IMAGE_MEDIA_TYPES.has(row.contentType)) {
      throw new ServiceError(
        ServiceErrorCode.ImageUnreadable,
        `image "${ref}" is ${row.contentType}, not a PNG, JPEG or WebP image`,
        { path: ref },
      );
    }
    const chunks: Buffer[] = [];
    for await (const chunk of await storage.get(row.storageKey)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
}
