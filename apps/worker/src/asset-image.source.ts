import { createWriteStream } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
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
        `image "${ref.slice(0, 100)}": in service mode a picture must be an upload, written asset:<id> (upload the file first)`,
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

const RECORDING_EXTENSIONS: Readonly<Record<string, string>> = {
  'audio/wav': '.wav',
  'audio/mpeg': '.mp3',
  'audio/mp4': '.m4a',
};

/**
 * A job's voice-over (`asset:<id>`, checked by the API when the job was made) copied from storage
 * into the run's staging folder, streamed; resolves to its path. An asset deleted since is
 * ASSET_NOT_FOUND on `$.voiceOver`.
 */
export async function fetchVoiceOver(
  workspaceId: string,
  ref: string,
  dir: string,
  attempt: number,
  deps: { assets: Pick<AssetRepository, 'get'>; storage: Pick<ObjectStorage, 'get'> },
): Promise<string> {
  const id = ASSET_REF.exec(ref)?.[1];
  const row = id ? await deps.assets.get(workspaceId, id) : null;
  if (!row) {
    throw new ServiceError(
      ServiceErrorCode.AssetNotFound,
      `voice-over "${ref.slice(0, 100)}": no such asset in this workspace`,
      {
        path: '$.voiceOver',
      },
    );
  }
  const file = path.join(dir, `voice-over-a${attempt}${RECORDING_EXTENSIONS[row.contentType] ?? ''}`);
  await pipeline(await deps.storage.get(row.storageKey), createWriteStream(file));
  return file;
}
