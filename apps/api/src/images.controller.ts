import { Body, Controller, Get, Headers, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { LOGGER } from '@app/queue';
import type { AuthedRequest } from './api-key.guard';
import { ImagesService } from './images.service';
import { jobView, JobsService } from './jobs.service';

/**
 * Image jobs on the generate queue: generation (text-to-image, image-to-image, inpainting) and
 * upscaling. Each answers a job like POST /v1/jobs does; follow it at /v1/jobs/{id} (progress,
 * events, outputs `image-1.png` ..., webhooks).
 */
@ApiTags('images')
@ApiBearerAuth()
@Controller()
export class ImagesController {
  constructor(
    @Inject(ImagesService) private readonly images: ImagesService,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post('images')
  @ApiOperation({
    summary: 'Queue an image generation (prompt, size, steps, seed, model; optional picture + mask)',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'same key + same body -> same job' })
  async create(
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
  ) {
    return this.answer(res, await this.images.create(req.workspaceId, body, key));
  }

  @Post('images/upscale')
  @ApiOperation({
    summary: 'Queue an upscale of an uploaded picture (asset:<id>) with a super-resolution model',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'same key + same body -> same job' })
  async upscale(
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
  ) {
    return this.answer(res, await this.images.createUpscale(req.workspaceId, body, key));
  }

  @Get('models')
  @ApiOperation({
    summary: 'Diffusion and upscale models the running generate workers offer, with their providers',
  })
  models() {
    return this.images.offer();
  }

  private answer(res: Response, { job, created }: Awaited<ReturnType<ImagesService['create']>>) {
    res.status(created ? 201 : 200).location(`/v1/jobs/${job.id}`);
    if (created) this.logger.info({ jobId: job.id, kind: job.kind, model: job.template }, 'image job queued');
    return jobView(job, undefined, this.jobs.publicBaseUrl);
  }
}
