import pino from 'pino';
import { JobReconciler, QueueProbe, ReconcileRows } from './job.reconciler';

const logger = pino({ level: 'silent' });

function setup(
  rows: { id: string; state: string; kind?: string }[],
  queueState: Record<string, string>,
  finished: { id: string; state: string }[] = [],
  generateState: Record<string, string> = {},
) {
  const queued: { item: unknown; jobId?: string }[] = [];
  const failed: string[] = [];
  const removed: string[] = [];
  const seen: { queuedBefore?: Date; activeBefore?: Date } = {};
  const db: ReconcileRows = {
    listUnfinishedSince: async (queuedBefore, activeBefore) => {
      Object.assign(seen, { queuedBefore, activeBefore });
      return rows.map((r) => ({ ...r, workspaceId: 'w' }));
    },
    listFinishedWithCallback: async () => finished.map((r) => ({ ...r, workspaceId: 'w' })),
    fail: async (_w, id) => {
      failed.push(id);
      return true;
    },
  };
  const probe: QueueProbe = {
    getJobState: async (id) => queueState[id] ?? 'unknown',
    remove: async (id) => {
      removed.push(id);
      return 1;
    },
  };
  const generate: QueueProbe = {
    getJobState: async (id) => generateState[id] ?? 'unknown',
    remove: async (id) => {
      removed.push(`generate:${id}`);
      return 1;
    },
  };
  const reconciler = new JobReconciler(
    db,
    { deliveredJobIds: async () => new Set(['delivered']) },
    probe,
    probe,
    { queue: async (item, jobId) => void queued.push({ item, jobId }) },
    logger,
    { intervalMs: 1000, lockDurationMs: 30_000, generate },
  );
  return { reconciler, queued, failed, removed, seen };
}

describe('JobReconciler', () => {
  it('queues again what Redis does not know, and leaves what it holds', async () => {
    const { reconciler, queued } = setup(
      [
        { id: 'lost', state: 'queued' },
        { id: 'waiting', state: 'queued' },
        { id: 'running', state: 'active' },
      ],
      { waiting: 'waiting', running: 'active' },
    );
    expect(await reconciler.pass()).toEqual({ requeued: 1, failed: 0, webhooks: 0 });
    expect(queued).toEqual([
      { item: { name: 'render-clip', data: { workspaceId: 'w', jobId: 'lost' } }, jobId: 'lost' },
    ]);
  });

  it('asks the generate queue about image and upscale rows, and queues them there by kind', async () => {
    const { reconciler, queued, removed } = setup(
      [
        { id: 'img', state: 'queued', kind: 'image' },
        { id: 'up', state: 'queued', kind: 'upscale' },
        { id: 'running', state: 'active', kind: 'image' },
      ],
      // The render queue knowing an id says nothing about the generate queue.
      { img: 'waiting', running: 'unknown' },
      [],
      { up: 'completed', running: 'active' },
    );
    expect(await reconciler.pass()).toEqual({ requeued: 2, failed: 0, webhooks: 0 });
    expect(removed).toEqual(['generate:up']);
    expect(queued).toEqual([
      { item: { name: 'generate-image', data: { workspaceId: 'w', jobId: 'img' } }, jobId: 'img' },
      { item: { name: 'upscale-image', data: { workspaceId: 'w', jobId: 'up' } }, jobId: 'up' },
    ]);
  });

  it('fails a row the queue gave up on, and re-adds one the queue finished without finishing the row', async () => {
    const { reconciler, queued, failed, removed } = setup(
      [
        { id: 'gaveup', state: 'active' },
        { id: 'ended', state: 'queued' },
      ],
      { gaveup: 'failed', ended: 'completed' },
    );
    expect(await reconciler.pass()).toEqual({ requeued: 1, failed: 1, webhooks: 0 });
    expect([failed, removed, queued.map((q) => q.jobId)]).toEqual([['gaveup'], ['ended'], ['ended']]);
  });

  it('queues the webhook of a finished job that has neither a delivery nor a webhook job', async () => {
    const { reconciler, queued } = setup([], { 'webhook-pending-job.completed': 'delayed' }, [
      { id: 'lostHook', state: 'failed' },
      { id: 'delivered', state: 'completed' },
      { id: 'pending', state: 'completed' },
    ]);
    expect(await reconciler.pass()).toEqual({ requeued: 0, failed: 0, webhooks: 1 });
    expect(queued).toEqual([
      {
        item: { name: 'webhook', data: { workspaceId: 'w', jobId: 'lostHook', event: 'job.failed' } },
        jobId: 'webhook-lostHook-job.failed',
      },
    ]);
  });

  it('looks at active rows only after twice the lock duration of quiet', async () => {
    const { reconciler, seen } = setup([], {});
    const now = Date.now();
    await reconciler.pass(now);
    expect([now - seen.queuedBefore!.getTime(), now - seen.activeBefore!.getTime()]).toEqual([1000, 60_000]);
  });
});
