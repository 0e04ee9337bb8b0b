import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import {
  createDataSource,
  JobRepository,
  parseDatabaseUrl,
  WebhookDeliveryRepository,
  WorkspaceRepository,
} from '@app/persistence';
import { HandlerRegistry, JobContext, JobItem, JobName, JobOutcome, WebhookEventType } from '@app/queue';
import { TransportRequest, TransportResponse, WebhookSender } from '@app/webhooks';
import { JobFollowUps } from './job-follow-ups';
import { JobRunner } from './job.runner';
import { webhookMessageId, WebhookHandler, WebhookHandlerDeps } from './webhook.handler';

const logger = pino({ level: 'silent' });
const ctx = (attempt = 1): JobContext => ({ attempt, maxAttempts: 6, reportProgress: async () => undefined });

/** A receiver double behind the sender's transport seam: answers each POST from a script. */
function receiver(answers: (number | Error)[]) {
  const got: TransportRequest[] = [];
  return {
    got,
    transport: {
      async post(req: TransportRequest): Promise<TransportResponse> {
        got.push(req);
        const a = answers[Math.min(got.length - 1, answers.length - 1)];
        if (a instanceof Error) throw a;
        return { status: a, headers: {}, bodyExcerpt: a >= 300 ? 'busy' : 'ok' };
      },
    },
  };
}

describe('job webhooks', () => {
  let ds: DataSource;
  let jobs: JobRepository;
  let workspaces: WorkspaceRepository;
  let deliveries: WebhookDeliveryRepository;
  let ws: string;
  let secret: string;

  beforeAll(async () => {
    ds = await createDataSource(parseDatabaseUrl('sqlite::memory:'));
    jobs = new JobRepository(ds);
    workspaces = new WorkspaceRepository(ds);
    deliveries = new WebhookDeliveryRepository(ds);
    const w = await workspaces.findOrCreate('hooks');
    ws = w.id;
    secret = w.webhookSecret as string;
  });
  afterAll(() => ds.destroy());

  async function finishedJob(how: 'complete' | 'fail' | 'cancel', callbackUrl: string | null, w = ws) {
    const [row] = await jobs.insert([
      jobs.newRow(w, {
        template: 'news-brief',
        data: {},
        select: null,
        aspects: ['16:9'],
        callbackUrl,
        idempotencyKey: null,
        requestHash: null,
        batchId: null,
      }),
    ]);
    await jobs.start(w, row.id);
    if (how === 'complete') {
      const out = { aspect: '16:9', storageKey: 'k', size: 3, contentType: 'video/mp4' };
      await jobs.complete(w, row.id, 1, {}, [
        { ...out, name: 'clip-16x9.mp4' },
        { ...out, name: 'captions 1.vtt', contentType: 'text/vtt' },
      ]);
    } else if (how === 'fail') {
      await jobs.fail(w, row.id, { code: 'DATA_SCHEMA_MISMATCH', message: 'bad', path: '$.x' });
    } else {
      await jobs.cancel(w, row.id);
    }
    return row.id;
  }

  function handler(
    answers: (number | Error)[],
    over: { publicBaseUrl?: string | null; workspaces?: WebhookHandlerDeps['workspaces'] } = {},
  ) {
    const r = receiver(answers);
    const sender = new WebhookSender({
      transport: r.transport,
      resolve: async () => [{ address: '93.184.216.34', family: 4 }],
      sleep: async () => undefined,
    });
    return {
      r,
      h: new WebhookHandler({
        jobs,
        workspaces: over.workspaces ?? workspaces,
        deliveries,
        sender,
        logger,
        allowLoopback: false,
        publicBaseUrl: over.publicBaseUrl ?? null,
      }),
    };
  }

  it('signs the event with the workspace secret and records each attempt, 503 then 200', async () => {
    const id = await finishedJob('complete', 'https://hooks.example.com/cw');
    const { r, h } = handler([503, 200]);
    const event = WebhookEventType.JobCompleted;
    expect(await h.handle({ workspaceId: ws, jobId: id, event }, ctx())).toBe(JobOutcome.Success);
    expect(r.got).toHaveLength(2);
    for (const req of r.got) {
      const payload = new Webhook(secret).verify(req.body, req.headers) as Record<string, unknown>;
      expect(payload).toMatchObject({
        type: 'job.completed',
        data: {
          jobId: id,
          state: 'completed',
          template: 'news-brief',
          outputs: [`/v1/jobs/${id}/outputs/captions%201.vtt`, `/v1/jobs/${id}/outputs/clip-16x9.mp4`],
        },
      });
      expect(req.headers['webhook-id']).toBe(webhookMessageId(id, event));
    }
    expect(r.got[0].body).toBe(r.got[1].body);
    const rows = await deliveries.listForJob(ws, id);
    expect(rows.map((d) => [d.attempt, d.status, d.event, d.messageId])).toEqual([
      [1, 503, event, webhookMessageId(id, event)],
      [2, 200, event, webhookMessageId(id, event)],
    ]);
    // Run again (a duplicate queue job): already delivered, nothing sent.
    const again = handler([200]);
    expect(await again.h.handle({ workspaceId: ws, jobId: id, event }, ctx())).toBe(JobOutcome.Skipped);
    expect(again.r.got).toHaveLength(0);
  });

  it('links outputs under PUBLIC_BASE_URL when it is set', async () => {
    const id = await finishedJob('complete', 'https://hooks.example.com/cw');
    const { r, h } = handler([200], { publicBaseUrl: 'https://clips.example.com/api' });
    const event = WebhookEventType.JobCompleted;
    expect(await h.handle({ workspaceId: ws, jobId: id, event }, ctx())).toBe(JobOutcome.Success);
    const payload = new Webhook(secret).verify(r.got[0].body, r.got[0].headers) as {
      data: { outputs: string[] };
    };
    expect(payload.data.outputs).toEqual([
      `https://clips.example.com/api/v1/jobs/${id}/outputs/captions%201.vtt`,
      `https://clips.example.com/api/v1/jobs/${id}/outputs/clip-16x9.mp4`,
    ]);
  });

  it('signs with the old secret too during a rotation grace period, and only the new one after', async () => {
    const w = await workspaces.findOrCreate('rotating');
    const old = w.webhookSecret as string;
    const rotated = await workspaces.rotateWebhookSecret(w.id, 3_600_000);
    const fresh = rotated?.secret as string;
    const event = WebhookEventType.JobCompleted;
    const verifies = (key: string, req: TransportRequest) => {
      try {
        new Webhook(key).verify(req.body, req.headers);
        return true;
      } catch {
        return false;
      }
    };

    // A receiver still holding the old secret keeps verifying until it switches.
    const during = handler([200]);
    const first = await finishedJob('complete', 'https://hooks.example.com/r', w.id);
    expect(await during.h.handle({ workspaceId: w.id, jobId: first, event }, ctx())).toBe(JobOutcome.Success);
    const [req] = during.r.got;
    expect(req.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect([verifies(old, req), verifies(fresh, req), verifies(secret, req)]).toEqual([true, true, false]);

    // Once the grace period is over only the new secret signs.
    const later = new Date(Date.now() + 3_600_000 + 1);
    const after = handler([200], {
      workspaces: { signingSecrets: (id: string) => workspaces.signingSecrets(id, later) },
    });
    const second = await finishedJob('complete', 'https://hooks.example.com/r', w.id);
    expect(await after.h.handle({ workspaceId: w.id, jobId: second, event }, ctx())).toBe(JobOutcome.Success);
    const [req2] = after.r.got;
    expect(req2.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect([verifies(old, req2), verifies(fresh, req2)]).toEqual([false, true]);
  });

  it('skips a workspace with no secret to sign with', async () => {
    const id = await finishedJob('complete', 'https://hooks.example.com/cw');
    const { r, h } = handler([200], { workspaces: { signingSecrets: async () => [] } });
    const event = WebhookEventType.JobCompleted;
    expect(await h.handle({ workspaceId: ws, jobId: id, event }, ctx())).toBe(JobOutcome.Skipped);
    expect(r.got).toHaveLength(0);
  });

  it('throws for BullMQ to retry while the receiver stays down, numbering attempts on', async () => {
    const id = await finishedJob('fail', 'https://hooks.example.com/cw');
    const event = WebhookEventType.JobFailed;
    const down = handler([503, Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })]);
    await expect(down.h.handle({ workspaceId: ws, jobId: id, event }, ctx(1))).rejects.toThrow(
      /not delivered after 3/,
    );
    const up = handler([200]);
    expect(await up.h.handle({ workspaceId: ws, jobId: id, event }, ctx(2))).toBe(JobOutcome.Success);
    const payload = JSON.parse(up.r.got[0].body);
    expect(payload.data).toMatchObject({
      state: 'failed',
      outputs: [],
      error: { code: 'DATA_SCHEMA_MISMATCH' },
    });
    const rows = await deliveries.listForJob(ws, id);
    expect(rows.map((d) => [d.attempt, d.status, d.error])).toEqual([
      [1, 503, null],
      [2, null, 'ECONNREFUSED: refused'],
      [3, null, 'ECONNREFUSED: refused'],
      [4, 200, null],
    ]);
  });

  it('gives up without a retry on a 4xx, and on an address that became private', async () => {
    const id = await finishedJob('complete', 'https://hooks.example.com/cw');
    const event = WebhookEventType.JobCompleted;
    const gone = handler([410]);
    expect(await gone.h.handle({ workspaceId: ws, jobId: id, event }, ctx())).toBe(JobOutcome.Failed);
    expect(gone.r.got).toHaveLength(1);
    const sender = new WebhookSender({
      transport: receiver([200]).transport,
      resolve: async () => [{ address: '10.0.0.5', family: 4 }],
    });
    const h = new WebhookHandler({
      jobs,
      workspaces,
      deliveries,
      sender,
      logger,
      allowLoopback: false,
      publicBaseUrl: null,
    });
    expect(await h.handle({ workspaceId: ws, jobId: id, event }, ctx())).toBe(JobOutcome.Failed);
    const rows = await deliveries.listForJob(ws, id);
    expect(rows.map((d) => [d.attempt, d.status, d.error?.split(':')[0]])).toEqual([
      [1, 410, undefined],
      [2, null, 'ADDRESS_FORBIDDEN'],
    ]);
  });

  it('queues one webhook per finished job and event, none for a cancel or without a callbackUrl', async () => {
    const queued: { item: JobItem; jobId?: string }[] = [];
    const queue = { queue: async (item: JobItem, jobId?: string) => void queued.push({ item, jobId }) };
    const render = { name: JobName.RenderClip, handle: jest.fn(async () => JobOutcome.Success) };
    const webhook = { name: JobName.Webhook, handle: async () => JobOutcome.Success };
    const runner = new JobRunner(
      new HandlerRegistry([render, webhook] as never, [JobName.RenderClip, JobName.Webhook]),
      logger,
      new JobFollowUps(jobs, queue, logger),
    );
    const bull = (jobId: string) => ({
      id: jobId,
      name: JobName.RenderClip,
      data: { workspaceId: ws, jobId },
      attemptsMade: 0,
      opts: { attempts: 3 },
      updateProgress: async () => undefined,
      moveToDelayed: async () => undefined,
    });
    const done = await finishedJob('complete', 'https://hooks.example.com/a');
    const failed = await finishedJob('fail', 'https://hooks.example.com/b');
    const cancelled = await finishedJob('cancel', 'https://hooks.example.com/c');
    const silent = await finishedJob('complete', null);
    for (const id of [done, failed, cancelled, silent]) await runner.run(bull(id));
    // A render that throws on its last attempt has failed the row: the webhook still goes.
    const thrown = await finishedJob('fail', 'https://hooks.example.com/d');
    render.handle.mockRejectedValueOnce(new Error('ffmpeg died'));
    await expect(runner.run(bull(thrown))).rejects.toThrow('ffmpeg died');
    expect(queued).toEqual([
      {
        item: { name: 'webhook', data: { workspaceId: ws, jobId: done, event: 'job.completed' } },
        jobId: `webhook-${done}-job.completed`,
      },
      {
        item: { name: 'webhook', data: { workspaceId: ws, jobId: failed, event: 'job.failed' } },
        jobId: `webhook-${failed}-job.failed`,
      },
      {
        item: { name: 'webhook', data: { workspaceId: ws, jobId: thrown, event: 'job.failed' } },
        jobId: `webhook-${thrown}-job.failed`,
      },
    ]);
  });
});
