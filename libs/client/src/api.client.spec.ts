import { parseRetryAfter } from './api-error';
import { ClipwrightClient } from './api.client';
import { ClipwrightApiError } from './api-error';
import { recorded, scriptedFetch } from './client.testing';
import { retryDelayMs } from './retry';

function client(answers: Parameters<typeof scriptedFetch>[0]) {
  const waits: number[] = [];
  const s = scriptedFetch(answers);
  const c = new ClipwrightClient({
    baseUrl: 'https://clips.example.com/',
    apiKey: 'cw_test_key_0123456789',
    fetch: s.fetch,
    random: () => 0.5,
    wait: async (ms) => {
      waits.push(ms);
    },
  });
  return { c, calls: s.calls, waits };
}

describe('ClipwrightClient', () => {
  it('sends the key as a bearer header, never in the URL', async () => {
    const { c, calls } = client([recorded('job-queued.201.json', 201)]);
    await c.createJob({ template: 'news-brief', data: {} }, 'key-1');
    expect(calls[0].url).toBe('https://clips.example.com/v1/jobs');
    expect(calls[0].url).not.toContain('cw_test_key');
    const headers = calls[0].init.headers as Record<string, string>;
    expect(headers.authorization).toBe('Bearer cw_test_key_0123456789');
    expect(headers['idempotency-key']).toBe('key-1');
    expect(JSON.parse(calls[0].init.body as string)).toEqual({ template: 'news-brief', data: {} });
  });

  it("throws the API's code and the JSON path at fault", async () => {
    const { c } = client([recorded('bad-magnitude.400.json', 400)]);
    const e = (await c.preview('news-brief', {}).catch((x) => x)) as ClipwrightApiError;
    expect(e).toBeInstanceOf(ClipwrightApiError);
    expect(e.status).toBe(400);
    expect(e.code).toBe('DATA_SCHEMA_MISMATCH');
    expect(e.path).toBe('$.data.properties.mag');
    expect(e.retryable).toBe(false);
  });

  it('retries a 503 after the Retry-After the server sent, then succeeds', async () => {
    const { c, calls, waits } = client([
      recorded('unavailable.503.json', 503, { 'retry-after': '3' }),
      recorded('unavailable.503.json', 503, { 'retry-after': '1' }),
      recorded('job-queued.201.json', 200),
    ]);
    const job = await c.job('019ad3c2-6b1e-7a51-9c2f-3f6f0f7e2a10');
    expect(job.state).toBe('queued');
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([3000, 1000]);
  });

  it('backs off exponentially on 429 without Retry-After and gives up after its retries', async () => {
    const tooMany = () =>
      new Response('{"error":{"code":"RATE_LIMITED","message":"slow down"}}', { status: 429 });
    const { c, calls, waits } = client([tooMany, tooMany, tooMany, tooMany, tooMany]);
    const e = (await c.templates().catch((x) => x)) as ClipwrightApiError;
    expect(e.code).toBe('RATE_LIMITED');
    expect(calls).toHaveLength(5);
    // random() = 0.5: three quarters of 500, 1000, 2000, 4000 ms
    expect(waits).toEqual([375, 750, 1500, 3000]);
  });

  it('retries a network failure and reports NETWORK when it persists', async () => {
    const down = new TypeError('fetch failed');
    const { c, waits } = client([down, down, down, down, down]);
    const e = (await c.brand().catch((x) => x)) as ClipwrightApiError;
    expect(e.code).toBe('NETWORK');
    expect(waits).toHaveLength(4);
  });

  it('does not repeat a create without an Idempotency-Key (it could make two jobs)', async () => {
    const { c, calls } = client([recorded('unavailable.503.json', 503, { 'retry-after': '1' })]);
    await expect(c.createJob({ template: 'news-brief', data: {} })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    expect(calls).toHaveLength(1);
  });

  it('reads a non-JSON error page as BAD_RESPONSE with the status', async () => {
    const { c } = client([
      new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    ]);
    await expect(c.fonts()).rejects.toMatchObject({ status: 502, code: 'BAD_RESPONSE' });
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-30T06:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Mon, 30 Nov 2026 06:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('Mon, 30 Nov 2026 05:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('caps a long Retry-After at the policy maximum', () => {
    const e = new ClipwrightApiError(503, 'UNAVAILABLE', 'x', undefined, 3600);
    expect(retryDelayMs(1, e, { retries: 3, baseMs: 100, maxMs: 20_000 })).toBe(20_000);
  });
});
