/**
 * Deliveries over real sockets to a receiver on 127.0.0.1 that verifies with the reference
 * `standardwebhooks` library, as a customer's endpoint would.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret } from './webhook-signing';
import { guardedLookup } from './webhook-url.guard';
import { DeliveryAttempt, WebhookSender } from './webhook.sender';
import { NodeHttpTransport } from './webhook.transport';

jest.setTimeout(30_000);

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  verified: unknown;
  path: string;
}

type Handler = (n: number, req: IncomingMessage, res: ServerResponse) => void;

/** A receiver on loopback only; each request is verified the way a customer's endpoint would. */
async function receiver(
  secret: string,
  handler: Handler,
): Promise<{ server: Server; url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified: unknown;
      try {
        verified = new Webhook(secret).verify(body, req.headers as Record<string, string>);
      } catch (e) {
        verified = e;
      }
      got.push({ headers: req.headers, body, verified, path: req.url ?? '' });
      handler(got.length, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hooks/clipwright`, got };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const secret = generateWebhookSecret();
const event = { type: 'job.completed', data: { jobId: 'job_42', status: 'succeeded' } };
const fast = { baseDelayMs: 20, maxDelayMs: 200, allowLoopback: true };

describe('webhook delivery to a real receiver', () => {
  it('fails twice with 503, then succeeds: three attempts recorded, every signature verifies', async () => {
    const r = await receiver(secret, (n, _req, res) => {
      res.writeHead(n <= 2 ? 503 : 200, { 'content-type': 'text/plain' });
      res.end(n <= 2 ? 'busy' : 'ok');
    });
    servers.push(r.server);
    const recorded: DeliveryAttempt[] = [];
    const result = await new WebhookSender().deliver(r.url, event, secret, {
      ...fast,
      onAttempt: (a) => void recorded.push(a),
    });

    expect(result.delivered).toBe(true);
    expect(recorded.map((a) => [a.attempt, a.statusCode, a.outcome, a.responseExcerpt])).toEqual([
      [1, 503, 'retrying', 'busy'],
      [2, 503, 'retrying', 'busy'],
      [3, 200, 'delivered', 'ok'],
    ]);
    for (const a of recorded) {
      expect(a.durationMs).toBeGreaterThanOrEqual(0);
      expect(a.startedAt).toBeInstanceOf(Date);
      expect(a.messageId).toBe(result.messageId);
    }
    expect(r.got).toHaveLength(3);
    for (const g of r.got) {
      expect(g.verified).toEqual({ type: 'job.completed', timestamp: expect.any(String), data: event.data });
      expect(g.headers['webhook-id']).toBe(result.messageId);
      expect(g.headers['content-type']).toBe('application/json');
      expect(g.path).toBe('/hooks/clipwright');
    }
  });

  it('sends nothing to loopback unless allowLoopback is set', async () => {
    const r = await receiver(secret, (_n, _req, res) => res.end());
    servers.push(r.server);
    const result = await new WebhookSender().deliver(r.url, event, secret, { ...fast, allowLoopback: false });
    expect(result.delivered).toBe(false);
    expect(result.attempts).toEqual([
      expect.objectContaining({
        statusCode: null,
        outcome: 'failed',
        error: expect.objectContaining({ code: 'ADDRESS_FORBIDDEN' }),
      }),
    ]);
    expect(r.got).toHaveLength(0);
  });

  it('checks the address the socket connects to, through the real resolver', async () => {
    const r = await receiver(secret, (_n, _req, res) => res.end('ok'));
    servers.push(r.server);
    const url = new URL(r.url.replace('127.0.0.1', 'localhost'));
    const post = (allowLoopback: boolean) =>
      new NodeHttpTransport().post({
        url,
        headers: { 'content-type': 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(5_000),
        lookup: guardedLookup({ allowLoopback }),
      });
    // Straight to the transport, skipping the URL check: the lookup alone must stop it.
    await expect(post(false)).rejects.toMatchObject({ detail: { reason: 'loopback' } });
    expect(r.got).toHaveLength(0);
    await expect(post(true)).resolves.toMatchObject({ status: 200, bodyExcerpt: 'ok' });
    expect(r.got).toHaveLength(1);
  });

  it('times out a receiver that never answers, and retries it', async () => {
    const r = await receiver(secret, () => undefined);
    servers.push(r.server);
    const result = await new WebhookSender().deliver(r.url, event, secret, {
      ...fast,
      maxAttempts: 2,
      timeoutMs: 300,
    });
    expect(result.attempts.map((a) => [a.error?.code, a.outcome])).toEqual([
      ['TIMEOUT', 'retrying'],
      ['TIMEOUT', 'failed'],
    ]);
    expect(result.attempts[0].durationMs).toBeGreaterThanOrEqual(250);
    expect(r.got).toHaveLength(2);
  });

  it('does not follow a redirect', async () => {
    const r = await receiver(secret, (_n, _req, res) => {
      res.writeHead(307, { location: '/elsewhere' });
      res.end();
    });
    servers.push(r.server);
    const result = await new WebhookSender().deliver(r.url, event, secret, fast);
    expect(result.delivered).toBe(false);
    expect(result.attempts).toEqual([
      expect.objectContaining({
        statusCode: 307,
        error: expect.objectContaining({ code: 'REDIRECT_REFUSED' }),
      }),
    ]);
    expect(r.got.map((g) => g.path)).toEqual(['/hooks/clipwright']);
  });

  it('retries a refused connection and does not retry a 400', async () => {
    const r = await receiver(secret, (_n, _req, res) => {
      res.writeHead(400);
      res.end('bad');
    });
    const url = r.url;
    await new Promise((done) => r.server.close(done));
    const refused = await new WebhookSender().deliver(url, event, secret, { ...fast, maxAttempts: 2 });
    expect(refused.attempts.map((a) => [a.error?.code, a.outcome])).toEqual([
      ['ECONNREFUSED', 'retrying'],
      ['ECONNREFUSED', 'failed'],
    ]);

    const r2 = await receiver(secret, (_n, _req, res) => {
      res.writeHead(400);
      res.end('bad');
    });
    servers.push(r2.server);
    const rejected = await new WebhookSender().deliver(r2.url, event, secret, fast);
    expect(rejected.attempts.map((a) => [a.statusCode, a.outcome])).toEqual([[400, 'failed']]);
    expect(r2.got).toHaveLength(1);
  });
});
