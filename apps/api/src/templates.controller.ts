import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthedRequest } from './api-key.guard';
import { JobsService } from './jobs.service';
import { TemplateCatalog } from './template.catalog';
import { readTemplateSample, TemplateSample, templateThumbnail } from './template-files';

@ApiTags('templates')
@ApiBearerAuth()
@Controller('templates')
export class TemplatesController {
  constructor(
    @Inject(TemplateCatalog) private readonly templates: TemplateCatalog,
    @Inject(JobsService) private readonly jobs: JobsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List the templates' })
  async list() {
    const items = [];
    for (const id of await this.templates.list()) {
      const t = (await this.templates.get(id, 'id')).template;
      items.push({
        id,
        title: t.manifest.title,
        description: t.manifest.description ?? null,
        version: t.manifest.version,
        outputs: t.manifest.outputs,
      });
    }
    return { items };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A template manifest' })
  async get(@Param('id') id: string) {
    return (await this.templates.get(id, 'id')).template.manifest;
  }

  @Get(':id/schema')
  @ApiOperation({ summary: "The template's input JSON Schema (what `data` must match)" })
  async schema(@Param('id') id: string) {
    return (await this.templates.get(id, 'id')).template.inputSchema;
  }

  @Get(':id/sample')
  @ApiOperation({ summary: 'The sample the template ships: data (a feed or one item) or a script' })
  async sample(@Param('id') id: string): Promise<TemplateSample> {
    return readTemplateSample((await this.templates.get(id, 'id')).template.dir, id);
  }

  @Get(':id/thumbnail')
  @ApiOperation({ summary: "The template's thumbnail picture (PNG, JPEG or WebP)" })
  async thumbnail(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const { bytes, contentType } = await templateThumbnail(
      (await this.templates.get(id, 'id')).template.dir,
      id,
    );
    res.status(200).set({ 'content-type': contentType, 'cache-control': 'private, max-age=300' }).send(bytes);
  }

  @Post(':id/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bind the template to data (script and texts only; nothing is rendered)' })
  preview(@Req() req: AuthedRequest, @Param('id') id: string, @Body() body: unknown) {
    return this.jobs.preview(req.workspaceId, id, body);
  }
}
