import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ConsentRecord, VerifyReport, WorkspaceRightsSettings } from '@app/provenance';
import type { AuthedRequest } from './api-key.guard';
import { RightsService } from './rights.service';

/**
 * Trust and provenance (docs/provenance.md): the workspace's label profile and commercial flag, its
 * consent ledger (record, list, revoke; records are never deleted), and the content credentials
 * report of a job's output. Scoped by the API key's workspace like every route.
 */
@ApiTags('provenance')
@ApiBearerAuth()
@Controller()
export class RightsController {
  constructor(@Inject(RightsService) private readonly rights: RightsService) {}

  @Get('rights/settings')
  @ApiOperation({ summary: "The workspace's label profile, commercial flag and provider code" })
  settings(@Req() req: AuthedRequest): Promise<WorkspaceRightsSettings> {
    return this.rights.settings(req.workspaceId);
  }

  @Put('rights/settings')
  @ApiOperation({
    summary: 'Set the label profile (eu, cn, none or a custom profile) and the commercial flag',
  })
  saveSettings(@Req() req: AuthedRequest, @Body() body: unknown): Promise<WorkspaceRightsSettings> {
    return this.rights.saveSettings(req.workspaceId, body);
  }

  @Get('rights/consents')
  @ApiOperation({ summary: 'Every consent record of the workspace, revoked and expired ones included' })
  consents(@Req() req: AuthedRequest): Promise<{ items: ConsentRecord[] }> {
    return this.rights.listConsents(req.workspaceId);
  }

  @Post('rights/consents')
  @ApiOperation({ summary: "Record a person's consent to a presenter or voice made from their likeness" })
  addConsent(@Req() req: AuthedRequest, @Body() body: unknown): Promise<ConsentRecord> {
    return this.rights.addConsent(req.workspaceId, body);
  }

  @Post('rights/consents/:id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a consent record: jobs using it are refused from now on' })
  revoke(@Req() req: AuthedRequest, @Param('id') id: string): Promise<ConsentRecord> {
    return this.rights.revokeConsent(req.workspaceId, id);
  }

  @Get('jobs/:id/outputs/:name/verify')
  @ApiOperation({
    summary: "Validate an output's content credentials (C2PA) and read back its AI labels",
  })
  verify(
    @Req() req: AuthedRequest,
    @Param('id') id: string,
    @Param('name') name: string,
  ): Promise<VerifyReport> {
    return this.rights.verifyOutput(req.workspaceId, id, name);
  }
}
