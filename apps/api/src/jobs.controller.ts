import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { FINISHED_STATES, JobOutputEntity, JobRepository } from '@app/persistence';
import { asOutage, withTimeout } from '@app/core';
import { LOGGER, SERVICE_CONFIG, ServiceConfig } from '@app/queue';
import { OBJECT_STORAGE, ObjectStorage } from '@app/storage';
import type { AuthedRequest } from './api-key.guard';
import { jobView, JobsService } from './jobs.service';
import { RightsService } from './rights.service';
import { timelineOutput } from './timeline.output';

const SSE_POLL_MS = 300;
const SIGNED_URL_TTL_S = 900;

@ApiTags('jobs')
@ApiBearerAuth()
@Controller()
export class JobsController {
  constructor(
    @Inject(JobsService) private readonly service: JobsService,
    @Inject(JobRepository) private readonly jobs: JobRepository,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(RightsService) private readonly rights: RightsService,
  ) {}

  @Post('jobs')
  @ApiOperation({ summary: 'Queue a render: template + data (one item, or a feed with select)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'same key + same body -> same job' })
  async create(
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
  ) {
    // A presenter without consent is refused now (4xx), not when a worker picks the job up.
    await this.rights.checkJob(req.workspaceId, body);
    const { job, created } = await this.service.create(req.workspaceId, body, key);
    res.status(created ? 201 : 200).location(`/v1/jobs/${job.id}`);
    if (created) this.logger.info({ jobId: job.id, template: job.template }, 'job queued');
    return jobView(job, undefined, this.service.publicBaseUrl);
  }

  @Post('batches')
  @ApiOperation({ summary: 'One job per item of a feed, under one batch id' })
  async batch(@Req() req: AuthedRequest, @Res({ passthrough: true }) res: Response, @Body() body: unknown) {
    await this.rights.checkJob(req.workspaceId, body);
    const { batchId, jobs, items } = await this.service.createBatch(req.workspaceId, body);
    const rejected = items.length - jobs.length;
    // 207 Multi-Status (RFC 4918 §13): some items became jobs and some did not; `items` says which.
    res.status(rejected > 0 ? 207 : 201);
    this.logger.info({ batchId, jobs: jobs.length, rejected }, 'batch queued');
    return { batchId, jobs: jobs.map((j) => jobView(j)), items };
  }

  @Get('jobs')
  @ApiOperation({ summary: 'Jobs, newest first: filter by state, template, batch; page with cursor' })
  list(@Req() req: AuthedRequest, @Query() query: Record<string, unknown>) {
    return this.service.list(req.workspaceId, query);
  }

  @Get('jobs/:id')
  get(@Req() req: AuthedRequest, @Param('id') id: string) {
    return this.service.getWithOutputs(req.workspaceId, id);
  }

  @Post('jobs/:id/cancel')
  @HttpCode(200)
  async cancel(@Req() req: AuthedRequest, @Param('id') id: string) {
    const job = await this.service.cancel(req.workspaceId, id);
    this.logger.info({ jobId: id }, 'job cancelled');
    return jobView(job);
  }

  /**
   * Server-sent events (text/event-stream): a `progress` event whenever the row changes, then one
   * `end` event with the final job and the stream closes. Polls the row, so it works whichever
   * worker runs the job and whichever API instance the client reached.
   */
  @Get('jobs/:id/events')
  @ApiOperation({ summary: 'Progress as server-sent events' })
  async events(@Req() req: AuthedRequest, @Res() res: Response, @Param('id') id: string) {
    const ws = req.workspaceId;
    let job = await this.service.get(ws, id);
    res.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    let closed = false;
    // The response's close, not the request's: a request closes as soon as its (empty) body is read.
    res.on('close', () => (closed = true));
    let last = '';
    for (;;) {
      const view = jobView(job);
      const finished = FINISHED_STATES.includes(job.state);
      const sig = `${view.state}|${view.progress}|${view.stage}`;
      if (finished) {
        res.write(`event: end\ndata: ${JSON.stringify(await this.service.getWithOutputs(ws, id))}\n\n`);
        break;
      }
      if (sig !== last) res.write(`event: progress\nid: ${Date.now()}\ndata: ${JSON.stringify(view)}\n\n`);
      last = sig;
      await new Promise((r) => setTimeout(r, SSE_POLL_MS));
      if (closed) break;
      const next = await this.jobs.get(ws, id);
      if (!next) break;
      job = next;
    }
    res.end();
  }

  @Get('jobs/:id/outputs/:name')
  @ApiOperation({
    summary: 'Download an output',
    description:
      'The bytes themselves (DOWNLOADS=stream, the default: `curl -o clip.mp4 ...` saves the MP4), or a 302 ' +
      'to a presigned storage URL valid 15 minutes (DOWNLOADS=redirect, or `?redirect=true`; follow it with ' +
      '`curl -L`). `?redirect=false` always streams.',
  })
  @ApiQuery({ name: 'redirect', required: false, enum: ['true', 'false'] })
  async download(
    @Req() req: AuthedRequest,
    @Res() res: Response,
    @Param('id') id: string,
    @Param('name') name: string,
    @Query('redirect') redirect?: string,
  ) {
    await this.send(res, await this.service.output(req.workspaceId, id, name), redirect);
  }

  @Get('jobs/:id/timeline/:format')
  @ApiOperation({
    summary: "Download one output's editable timelines as a zip",
    description:
      'A zip of the timeline folder of one output (docs/timelines.md): every timeline file the job asked for ' +
      '(`timeline` in the request) and the `media/` folder they reference by relative paths. `format` must be ' +
      'one the job asked for; `aspect` picks the output when the job has several (default: the first). ' +
      'Delivered like every output: streamed, or a 302 to a presigned URL (DOWNLOADS, `?redirect=`).',
  })
  @ApiQuery({ name: 'aspect', required: false, example: '16:9' })
  @ApiQuery({ name: 'redirect', required: false, enum: ['true', 'false'] })
  async timeline(
    @Req() req: AuthedRequest,
    @Res() res: Response,
    @Param('id') id: string,
    @Param('format') format: string,
    @Query('aspect') aspect?: string,
    @Query('redirect') redirect?: string,
  ) {
    await this.send(res, await timelineOutput(this.service, req.workspaceId, id, format, aspect), redirect);
  }

  /** One stored output: its bytes, or a 302 to a presigned URL (DOWNLOADS, `?redirect=`). */
  private async send(res: Response, output: JobOutputEntity, redirect: string | undefined): Promise<void> {
    const id = output.jobId;
    const name = output.name;
    const timeout = this.config.dependencyTimeoutMs;
    const wantRedirect =
      redirect === 'true' || (redirect !== 'false' && this.config.downloads === 'redirect');
    if (wantRedirect) {
      const url = await withTimeout(
        this.storage.signedGetUrl(output.storageKey, SIGNED_URL_TTL_S),
        timeout,
        'storage',
      );
      if (url) {
        res.redirect(302, url);
        return;
      }
    }
    const body = await withTimeout(this.storage.get(output.storageKey), timeout, 'storage').catch(
      (e: unknown) => {
        throw asOutage(e, 'storage');
      },
    );
    res.status(200).set({
      'content-type': output.contentType,
      'content-length': String(output.size),
      'content-disposition': `attachment; filename="${output.name}"`,
    });
    body.on('error', (e) => {
      this.logger.warn({ jobId: id, name, err: String(e) }, 'download cut off by storage');
      res.destroy();
    });
    body.pipe(res);
  }
}
