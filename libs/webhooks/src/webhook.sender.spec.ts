import { Webhook } from 'standardwebhooks';
import { ErrorCode } from '@app/core';
import { generateWebhookSecret } from './webhook-signing';
import { backoffDelay, DeliveryAttempt, retryAfterMs, WebhookSender } from './webhook.sender';
import type { TransportRequest, TransportResponse, WebhookTransport } from './webhook.transport';

type Step = Partial<TransportResponse> | Error;

/** Answers each POST with the next step and keeps what was sent. */
class ScriptedTransport implements WebhookTransport {
  readonly sent: TransportRequest[] = [];
  constructor(private readonly steps: Step[]) {}
  async post(req: TransportRequest): Promise<TransportResponse> {
    this.sent.push(req);
    const step = this.steps.shift();
    if (!step) throw new Error('no more scripted answers');
    if (step instanceof Error) throw step;
    return { status: 200, headers: {}, bodyExcerpt: '', ...step };
  }
}

const publicDns = async () => [{ address: '93.184.215.14', family: 4 }];
const URL_ = 'https://hooks.example.com/clipwright';
const secret = generateWebhookSecret();
const event = { type: 'job.completed', data: { jobId: 'job_1', outputs: ['clip-16x9.mp4'] } };

function setup(steps: Step[], extra: Record<string, unknown> = {}) {
  const transport = new ScriptedTransport(steps);
  const waits: number[] = [];
  const recorded: DeliveryAttempt[] = [];
  const sender = new WebhookSender({
    transport,
    resolve: publicDns,
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
    onAttempt: (a) => void recorded.push(a),
    ...extra,
  });
  return { transport, waits, recorded, sender };
}

const econnreset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

describe('WebhookSender', () => {
  it('delivers on the first 2xx and signs what it sends', async () => {
    const { transport, recorded, sender } = setup([{ status: 204 }]);
    const result = await sender.deliver(URL_, event, secret);
    expect(result.delivered).toBe(true);
    expect(recorded).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 204, outcome: 'delivered', error: null }),
    ]);
    const [req] = transport.sent;
    expect(req.headers['content-type']).toBe('application/json');
    expect(new Webhook(secret).verify(req.body, req.headers)).toEqual({
      type: 'job.completed',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: event.data,
    });
    expect(req.headers['webhook-id']).toBe(result.messageId);
  });

  it('retries 5xx, 429 and network errors with growing, jittered waits, then delivers', async () => {
    const { transport, waits, recorded, sender } = setup([
      { status: 503 },
      econnreset(),
      { status: 429 },
      { status: 500, bodyExcerpt: 'db down' },
      { status: 200 },
    ]);
    const result = await sender.deliver(URL_, event, secret, {
      maxAttempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 1_000,
    });
    expect(result.delivered).toBe(true);
    // random() = 0.5: three quarters of 100, 200, 400, 800.
    expect(waits).toEqual([75, 150, 300, 600]);
    expect(
      recorded.map((a) => [a.attempt, a.statusCode, a.error?.code ?? null, a.outcome, a.nextDelayMs]),
    ).toEqual([
      [1, 503, null, 'retrying', 75],
      [2, null, 'ECONNRESET', 'retrying', 150],
      [3, 429, null, 'retrying', 300],
      [4, 500, null, 'retrying', 600],
      [5, 200, null, 'delivered', null],
    ]);
    expect(recorded[3].responseExcerpt).toBe('db down');
    // One message, one id: receivers deduplicate retries by it.
    expect(new Set(transport.sent.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(transport.sent.map((r) => r.body)).size).toBe(1);
  });

  it.each([400, 401, 403, 404, 410, 422])('does not retry a %i', async (status) => {
    const { transport, waits, sender } = setup([{ status }, { status: 200 }]);
    const result = await sender.deliver(URL_, event, secret);
    expect(result.delivered).toBe(false);
    expect(result.attempts).toEqual([expect.objectContaining({ statusCode: status, outcome: 'failed' })]);
    expect(transport.sent).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('does not follow redirects', async () => {
    const { transport, sender } = setup([{ status: 302, headers: { location: 'http://169.254.169.254/' } }]);
    const result = await sender.deliver(URL_, event, secret);
    expect(result.attempts).toEqual([
      expect.objectContaining({
        statusCode: 302,
        outcome: 'failed',
        error: expect.objectContaining({ code: 'REDIRECT_REFUSED' }),
      }),
    ]);
    expect(transport.sent).toHaveLength(1);
  });

  it('gives up after maxAttempts, reporting every attempt', async () => {
    const { transport, recorded, sender } = setup([{ status: 502 }, { status: 502 }, { status: 502 }]);
    const result = await sender.deliver(URL_, event, secret, { maxAttempts: 3 });
    expect(result.delivered).toBe(false);
    expect(transport.sent).toHaveLength(3);
    expect(recorded.map((a) => a.outcome)).toEqual(['retrying', 'retrying', 'failed']);
  });

  it('honours Retry-After up to maxDelayMs', async () => {
    const { waits, sender } = setup([
      { status: 429, headers: { 'retry-after': '3' } },
      { status: 503, headers: { 'retry-after': '3600' } },
      { status: 200 },
    ]);
    await sender.deliver(URL_, event, secret, { baseDelayMs: 100, maxDelayMs: 10_000 });
    expect(waits).toEqual([3_000, 10_000]);
  });

  it('refuses a private address on every attempt without sending, and does not retry it', async () => {
    const { transport, recorded, sender } = setup([{ status: 200 }], {
      resolve: async () => [{ address: '10.0.0.7', family: 4 }],
    });
    const result = await sender.deliver(URL_, event, secret);
    expect(result.delivered).toBe(false);
    expect(transport.sent).toHaveLength(0);
    expect(recorded).toEqual([
      expect.objectContaining({
        statusCode: null,
        outcome: 'failed',
        error: expect.objectContaining({ code: 'ADDRESS_FORBIDDEN' }),
      }),
    ]);
  });

  it('records a timeout as its own error and retries it', async () => {
    const hang: WebhookTransport = {
      post: (req) =>
        new Promise((_resolve, reject) =>
          req.signal.addEventListener('abort', () => reject(req.signal.reason)),
        ),
    };
    const { recorded, sender } = setup([], { transport: hang });
    const result = await sender.deliver(URL_, event, secret, { maxAttempts: 2, timeoutMs: 30 });
    expect(result.delivered).toBe(false);
    expect(recorded.map((a) => [a.error?.code, a.outcome])).toEqual([
      ['TIMEOUT', 'retrying'],
      ['TIMEOUT', 'failed'],
    ]);
    expect(recorded[0].durationMs).toBeGreaterThanOrEqual(25);
  });

  it('awaits the attempt callback before the next attempt', async () => {
    const order: string[] = [];
    const { sender } = setup([{ status: 503 }, { status: 200 }], {
      onAttempt: async (a: DeliveryAttempt) => {
        await new Promise((r) => setTimeout(r, 5));
        order.push(`recorded ${a.attempt}`);
      },
      sleep: async () => void order.push('wait'),
    });
    await sender.deliver(URL_, event, secret);
    expect(order).toEqual(['recorded 1', 'wait', 'recorded 2']);
  });

  it('stops when cancelled during a wait', async () => {
    const controller = new AbortController();
    const { sender } = setup([{ status: 503 }, { status: 200 }], { sleep: undefined });
    const delivery = sender.deliver(URL_, event, secret, { signal: controller.signal, baseDelayMs: 60_000 });
    setTimeout(() => controller.abort(), 20);
    await expect(delivery).rejects.toMatchObject({ code: ErrorCode.Cancelled });
  });

  it('refuses bad input before any attempt', async () => {
    const { transport, sender } = setup([{ status: 200 }]);
    await expect(sender.deliver('ftp://x/', event, secret)).rejects.toMatchObject({
      code: 'CALLBACK_URL_FORBIDDEN',
    });
    await expect(sender.deliver('nope', event, secret)).rejects.toMatchObject({ path: 'callbackUrl' });
    await expect(sender.deliver(URL_, event, 'not-a-secret')).rejects.toThrow(/whsec_/);
    await expect(sender.deliver(URL_, event, secret, { maxAttempts: 0 })).rejects.toMatchObject({
      path: 'maxAttempts',
    });
    expect(transport.sent).toHaveLength(0);
  });
});

describe('backoff', () => {
  it('doubles up to the cap, with half of each wait random', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 1000, 10_000, () => 0))).toEqual([
      500, 1000, 2000, 4000, 5000, 5000,
    ]);
    expect([1, 2, 3].map((n) => backoffDelay(n, 1000, 10_000, () => 0.999999))).toEqual([1000, 2000, 4000]);
  });

  it('reads Retry-After as seconds or a date', () => {
    const now = new Date('2026-11-22T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Sun, 22 Nov 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });
});
