import type { Logger } from 'pino';
import type { WorkspaceRepository } from '@app/persistence';
import { ApiError } from './api.error';
import { checkRotateSecret, DEFAULT_GRACE_HOURS } from './request.schemas';

export const WEBHOOK_SCHEME = 'standard-webhooks-v1';

/** The workspace's signing secret, and when the one before the last rotation stops signing. */
export interface SecretView {
  secret: string;
  scheme: typeof WEBHOOK_SCHEME;
  /** ISO time, or null when no previous secret signs any more. */
  previousValidUntil: string | null;
}

/**
 * The workspace's webhook signing secret, shown and rotated. Kept apart from the controller (no Nest
 * imports) so the unit tests drive it directly, as they do JobsService.
 */
export class WebhookSecretsService {
  constructor(
    private readonly workspaces: Pick<WorkspaceRepository, 'webhookSecretState' | 'rotateWebhookSecret'>,
    private readonly logger: Logger,
  ) {}

  async get(workspaceId: string): Promise<SecretView> {
    const state = await this.workspaces.webhookSecretState(workspaceId);
    if (!state) throw ApiError.notFound('workspace');
    return {
      secret: state.secret,
      scheme: WEBHOOK_SCHEME,
      previousValidUntil: state.previousValidUntil?.toISOString() ?? null,
    };
  }

  /**
   * Zero-downtime rotation (Standard Webhooks: one signature per secret, space-separated): until
   * `previousValidUntil` webhooks carry a signature made with each secret, so receivers verify with
   * either the old or the new one while they switch. Rotating again in that window drops the oldest.
   * `body` is the request body as received: absent or `{}` means a 24 hour grace period.
   */
  async rotate(workspaceId: string, body: unknown): Promise<SecretView> {
    const { graceHours = DEFAULT_GRACE_HOURS } = checkRotateSecret(body ?? {});
    const rotated = await this.workspaces.rotateWebhookSecret(
      workspaceId,
      Math.round(graceHours * 3_600_000),
    );
    if (!rotated) throw ApiError.notFound('workspace');
    // Never the secrets themselves: only that it happened, for whoever asks why old signatures stop.
    this.logger.info(
      { workspaceId, graceHours, previousValidUntil: rotated.previousValidUntil },
      'webhook secret rotated',
    );
    return {
      secret: rotated.secret,
      scheme: WEBHOOK_SCHEME,
      previousValidUntil: rotated.previousValidUntil?.toISOString() ?? null,
    };
  }
}
