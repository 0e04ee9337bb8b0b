import { Body, Controller, Get, Inject, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BrandKit } from '@app/persistence';
import type { AuthedRequest } from './api-key.guard';
import { BrandService } from './brand.service';
import { FontCatalog } from './font.catalog';

/** The workspace's brand kit (logo, colours, channel name, font, AI-label wording) and the fonts it may name. */
@ApiTags('brand')
@ApiBearerAuth()
@Controller()
export class BrandController {
  constructor(
    @Inject(BrandService) private readonly brand: BrandService,
    @Inject(FontCatalog) private readonly fonts: FontCatalog,
  ) {}

  @Get('brand')
  @ApiOperation({ summary: "The workspace's brand kit ({} when none was saved)" })
  get(@Req() req: AuthedRequest): Promise<BrandKit> {
    return this.brand.get(req.workspaceId);
  }

  @Put('brand')
  @ApiOperation({
    summary:
      'Replace the brand kit: channelName, logo (asset:<id>), colors {accent, background, text} as #rrggbb, font, aiLabel',
  })
  save(@Req() req: AuthedRequest, @Body() body: unknown): Promise<BrandKit> {
    return this.brand.save(req.workspaceId, body);
  }

  @Get('fonts')
  @ApiOperation({ summary: 'Font families installed on the render machines (fontconfig), for the brand kit' })
  async list(): Promise<{ items: string[] }> {
    return { items: await this.fonts.list() };
  }
}
