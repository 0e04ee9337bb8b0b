import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WebhookDeliveryRepository } from '@app/persistence';
import type { AuthedRequest } from './api-key.guard';
import { JobsService } from './jobs.service';
import { SecretView, WebhookSecretsService } from './webhook-secrets.service';

/** One recorded POST of a job's webhook, as the API shows it. */
export interface DeliveryView {
  messageId: string;
  event: string;
  url: string;
  attempt: number;
  /** The receiver's HTTP status, or null when none came (see `error`). */
  status: number | null;
  error: string | null;
  durationMs: number;
  at: string;
}

/**
 * Job webhooks (Standard Webhooks, https://www.standardwebhooks.com/): the secret a workspace
 * verifies them with, and each job's delivery log. Both scoped by the API key's workspace.
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller()
export class WebhooksController {
  constructor(
    @Inject(WebhookSecretsService) private readonly secrets: WebhookSecretsService,
    @Inject(WebhookDeliveryRepository) private readonly deliveries: WebhookDeliveryRepository,
    @Inject(JobsService) private readonly jobs: JobsService,
  ) {}

  @Get('webhooks/secret')
  @ApiOperation({
    summary:
      "The workspace's webhook signing secret (whsec_...), and until when the previous one still signs",
  })
  secret(@Req() req: AuthedRequest): Promise<SecretView> {
    return this.secrets.get(req.workspaceId);
  }

  /** See WebhookSecretsService.rotate: the old secret keeps signing for the grace period. */
  @Post('webhooks/secret/rotate')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Replace the webhook signing secret; the old one keeps signing for graceHours (body, 0-168, default 24)',
  })
  rotate(@Req() req: AuthedRequest, @Body() body: unknown): Promise<SecretView> {
    return this.secrets.rotate(req.workspaceId, body);
  }

  @Get('jobs/:id/webhooks')
  @ApiOperation({ summary: "Every attempt to deliver the job's webhooks, oldest first" })
  async list(@Req() req: AuthedRequest, @Param('id') id: string): Promise<{ items: DeliveryView[] }> {
    await this.jobs.get(req.workspaceId, id);
    const rows = await this.deliveries.listForJob(req.workspaceId, id);
    return {
      items: rows.map((d) => ({
        messageId: d.messageId,
        event: d.event,
        url: d.url,
        attempt: d.attempt,
        status: d.status,
        error: d.error,
        durationMs: d.durationMs,
        at: new Date(d.createdAt).toISOString(),
      })),
    };
  }
}
