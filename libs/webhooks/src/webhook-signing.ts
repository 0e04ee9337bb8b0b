import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { ServiceError, ServiceErrorCode } from '@app/core';

/** The three headers of Standard Webhooks (https://www.standardwebhooks.com/, spec.md "Signature scheme"). */
export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

const PREFIX = 'whsec_';

/** 32 random bytes, base64, with the `whsec_` prefix receivers' libraries expect. Shown to the customer once. */
export function generateWebhookSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** `msg_` + 128 random bits: the id stays the same on every retry, so receivers can drop duplicates. */
export function newWebhookMessageId(): string {
  return 'msg_' + randomBytes(16).toString('hex');
}

/** The spec asks for 24 to 64 byte keys; shorter ones are guessable, and a typo should fail at save time. */
export function checkWebhookSecret(secret: string, field = 'secret'): void {
  const b64 = typeof secret === 'string' && secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : '';
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(b64) ? Buffer.from(b64, 'base64').length : 0;
  if (bytes < 24 || bytes > 64) {
    throw new ServiceError(
      ServiceErrorCode.WebhookSecretInvalid,
      `A webhook secret is "whsec_" followed by 24 to 64 base64-encoded bytes`,
      { path: field },
    );
  }
}

/**
 * Sign one attempt. `body` must be the exact bytes sent. Several secrets give several signatures
 * (space-separated), which is how the spec rotates a secret without a window of failed checks.
 */
export function signWebhook(
  secrets: string | readonly string[],
  messageId: string,
  timestamp: Date,
  body: string,
): WebhookHeaders {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  if (list.length === 0)
    throw new ServiceError(ServiceErrorCode.WebhookSecretInvalid, 'No webhook secret to sign with');
  for (const s of list) checkWebhookSecret(s);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': list.map((s) => new Webhook(s).sign(messageId, timestamp, body)).join(' '),
  };
}
