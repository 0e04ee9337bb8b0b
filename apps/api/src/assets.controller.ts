import { createHash } from 'node:crypto';
import { Controller, Get, Inject, Param, Post, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { sniffMediaType, UUID_PATTERN } from '@app/core';
import { AssetEntity, AssetRepository, uuid7 } from '@app/persistence';
import { OBJECT_STORAGE, ObjectStorage } from '@app/storage';
import { ApiError, ApiErrorCode } from './api.error';
import type { AuthedRequest } from './api-key.guard';

/** The fields of multer's in-memory file that this controller reads. */
interface UploadedBytes {
  buffer: Buffer;
  size: number;
  originalname: string;
}

function assetView(a: AssetEntity) {
  return {
    id: a.id,
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    createdAt: new Date(a.createdAt).toISOString(),
  };
}

/** Uploads (multipart field `file`; size capped by MAX_ASSET_BYTES, type taken from the bytes). */
@ApiTags('assets')
@ApiBearerAuth()
@Controller('assets')
export class AssetsController {
  constructor(
    @Inject(AssetRepository) private readonly assets: AssetRepository,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
  ) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Upload an image, audio or video file for templates to use' })
  @UseInterceptors(FileInterceptor('file'))
  async upload(@Req() req: AuthedRequest, @UploadedFile() file: UploadedBytes | undefined) {
    if (!file) throw ApiError.invalid('form:file', 'is required (multipart/form-data, field "file")');
    const contentType = sniffMediaType(file.buffer.subarray(0, 16));
    if (!contentType) {
      throw new ApiError(
        415,
        ApiErrorCode.UnsupportedMediaType,
        'The file is not a PNG, JPEG, WebP, WAV, MP3, MP4 or QuickTime file',
        'form:file',
      );
    }
    const id = uuid7();
    const storageKey = `${req.workspaceId}/assets/${id}`;
    await this.storage.put(storageKey, file.buffer, { contentType, size: file.size });
    const row = await this.assets.insert(req.workspaceId, {
      id,
      name: (file.originalname || 'upload').replace(/[^\w. -]/g, '_').slice(0, 200),
      contentType,
      size: file.size,
      sha256: createHash('sha256').update(file.buffer).digest('hex'),
      storageKey,
      createdAt: new Date(),
    });
    return assetView(row);
  }

  @Get(':id')
  async get(@Req() req: AuthedRequest, @Param('id') id: string) {
    const row = UUID_PATTERN.test(id) ? await this.assets.get(req.workspaceId, id) : null;
    if (!row) throw ApiError.notFound(`asset ${id}`, 'id');
    return assetView(row);
  }
}
