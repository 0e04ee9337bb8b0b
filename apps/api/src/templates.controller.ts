import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthedRequest } from './api-key.guard';
import { JobsService } from './jobs.service';
import { TemplateCatalog } from './template.catalog';

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

  @Post(':id/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bind the template to data (script and texts only; nothing is rendered)' })
  preview(@Req() req: AuthedRequest, @Param('id') id: string, @Body() body: unknown) {
    return this.jobs.preview(req.workspaceId, id, body);
  }
}
