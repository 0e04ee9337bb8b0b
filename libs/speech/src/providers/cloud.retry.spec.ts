import { ErrorCode } from '@app/core';
import { type CloudFailure, withRetries } from './cloud.retry';

const transient = (): CloudFailure => ({ kind: 'transient', message: '503 Service Unavailable' });

describe('withRetries', () => {
  const policy = { attempts: 4, baseDelayMs: 200, maxDelayMs: 500 };

  it('waits half the doubled delay plus a random half, capped, between attempts', async () => {
    const waits: number[] = [];
    let calls = 0;
    const value = await withRetries(
      'Svc',
      async () => {
        if (++calls < 4) throw new Error('503');
        return 'ok';
      },
      transient,
      policy,
      undefined,
      { sleep: async (ms) => void waits.push(ms), random: () => 1 },
    );
    expect(value).toBe('ok');
    // 200, 400, then 800 capped at 500; random() = 1 takes the whole of each.
    expect(waits).toEqual([200, 400, 500]);
  });

  it.each([
    ['auth', ErrorCode.SpeechAuthFailed],
    ['rejected', ErrorCode.SpeechRejected],
    ['voice', ErrorCode.SpeechVoiceUnknown],
  ] as const)('fails a %s failure at once with %s', async (kind, code) => {
    let calls = 0;
    const error = await withRetries(
      'Svc',
      async () => {
        calls++;
        throw new Error('no');
      },
      () => ({ kind, message: 'refused' }),
      policy,
      undefined,
      { sleep: async () => undefined },
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toMatchObject({
      code,
      message: 'Svc failed: refused',
      detail: { service: 'Svc', attempts: 1, kind },
    });
  });

  it('says how many attempts a transient failure outlasted', async () => {
    await expect(
      withRetries(
        'Svc',
        async () => Promise.reject(new Error('x')),
        transient,
        { ...policy, attempts: 2 },
        undefined,
        {
          sleep: async () => undefined,
        },
      ),
    ).rejects.toMatchObject({
      code: ErrorCode.SpeechUnavailable,
      message: 'Svc failed after 2 attempts: 503 Service Unavailable',
    });
  });

  it('does not start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    await expect(
      withRetries('Svc', async () => void calls++, transient, policy, controller.signal),
    ).rejects.toMatchObject({ code: ErrorCode.Cancelled });
    expect(calls).toBe(0);
  });
});
