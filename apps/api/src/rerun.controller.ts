import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { LOGGER } from '@app/queue';
import type { AuthedRequest } from './api-key.guard';
import { ApiError } from './api.error';
import { jobView, JobsService } from './jobs.service';
import { RightsService } from './rights.service';

/**
 * POST /v1/jobs/:id/rerun: a new job from a render job's request (template, data, select, aspects,
 * lexicon, voice-over, timeline formats, callback), checked again like any create (the template or
 * an upload may have changed since) and carrying the workspace's brand kit as it is now. The
 * studio's "Re-run".
 */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller()
export class RerunController {
  constructor(
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(RightsService) private readonly rights: RightsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post('jobs/:id/rerun')
  @HttpCode(201)
  @ApiOperation({ summary: "Queue a new job with a finished render job's request" })
  async rerun(@Req() req: AuthedRequest, @Param('id') id: string) {
    const old = await this.jobs.get(req.workspaceId, id);
    if ((old.kind ?? 'render') !== 'render')
      throw ApiError.invalid('id', `names an ${old.kind} job; only render jobs re-run`);
    const body = {
      template: old.template,
      data: old.data,
      ...(old.select !== null ? { select: old.select } : {}),
      aspects: old.aspects,
      ...(old.speech?.lexicon ? { lexicon: old.speech.lexicon } : {}),
      ...(old.speech?.voiceOver ? { voiceOver: old.speech.voiceOver } : {}),
      ...(old.timeline?.length ? { timeline: old.timeline } : {}),
      ...(old.callbackUrl ? { callbackUrl: old.callbackUrl } : {}),
    };
    await this.rights.checkJob(req.workspaceId, body);
    const { job } = await this.jobs.create(req.workspaceId, body, undefined);
    this.logger.info({ jobId: job.id, from: id }, 'job re-run');
    return jobView(job, undefined, this.jobs.publicBaseUrl);
  }
}
