import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import {
  checkWebhookSecret,
  generateWebhookSecret,
  newWebhookMessageId,
  signWebhook,
} from './webhook-signing';

describe('Standard Webhooks signing', () => {
  const secret = generateWebhookSecret();
  const body = JSON.stringify({
    type: 'job.completed',
    timestamp: '2026-11-22T00:00:00.000Z',
    data: { id: 'j1' },
  });

  it('makes headers that the reference library verifies', () => {
    const id = newWebhookMessageId();
    const headers = signWebhook(secret, id, new Date(), body);
    expect(headers['webhook-id']).toBe(id);
    expect(headers['webhook-timestamp']).toMatch(/^\d{10}$/);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('matches the signature published in the spec', () => {
    // The test vector published with the Standard Webhooks specification: any receiver library agrees.
    const headers = signWebhook(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      new Date(1614265330 * 1000),
      '{"test": 2432232314}',
    );
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it.each([
    ['a changed body', (h: Record<string, string>) => ({ body: body.replace('j1', 'j2'), h })],
    ['another message id', (h: Record<string, string>) => ({ body, h: { ...h, 'webhook-id': 'msg_other' } })],
    [
      'a shifted timestamp',
      (h: Record<string, string>) => ({
        body,
        h: { ...h, 'webhook-timestamp': String(Number(h['webhook-timestamp']) + 1) },
      }),
    ],
    [
      'a flipped signature bit',
      (h: Record<string, string>) => ({
        body,
        h: {
          ...h,
          'webhook-signature': h['webhook-signature'].replace(
            /v1,(.)/,
            (_m, c: string) => `v1,${c === 'A' ? 'B' : 'A'}`,
          ),
        },
      }),
    ],
  ])('fails verification after %s', (_what, tamper) => {
    const headers = { ...signWebhook(secret, newWebhookMessageId(), new Date(), body) };
    const { body: b, h } = tamper(headers);
    expect(() => new Webhook(secret).verify(b, h)).toThrow(WebhookVerificationError);
  });

  it('fails verification with another secret, and for a replay older than five minutes', () => {
    const id = newWebhookMessageId();
    expect(() =>
      new Webhook(generateWebhookSecret()).verify(body, { ...signWebhook(secret, id, new Date(), body) }),
    ).toThrow('No matching signature found');
    const old = signWebhook(secret, id, new Date(Date.now() - 6 * 60_000), body);
    expect(() => new Webhook(secret).verify(body, { ...old })).toThrow('Message timestamp too old');
  });

  it('signs with every secret during a rotation, so either verifies', () => {
    const next = generateWebhookSecret();
    const headers = signWebhook([secret, next], 'msg_1', new Date(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(secret).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(next).verify(body, { ...headers })).not.toThrow();
  });

  it('refuses secrets that are not whsec_ plus 24 to 64 bytes', () => {
    expect(() => checkWebhookSecret(generateWebhookSecret())).not.toThrow();
    for (const bad of ['', 'secret', 'whsec_', 'whsec_' + Buffer.alloc(16).toString('base64'), 'whsec_***']) {
      expect(() => checkWebhookSecret(bad)).toThrow(/24 to 64/);
    }
    expect(() => signWebhook([], 'msg_1', new Date(), body)).toThrow(/No webhook secret/);
  });
});
