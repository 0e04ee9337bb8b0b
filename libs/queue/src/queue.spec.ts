import { CancelChannel, CANCEL_CHANNEL } from './cancel.channel';
import { HandlerRegistry } from './handler.registry';
import { JobHandler, JobName, JobOutcome, QueueName, WebhookEventType, webhookQueueId } from './job.contract';
import { JobQueue } from './job.queue';

const handler = (name: JobName): JobHandler => ({ name, handle: async () => JobOutcome.Success });

describe('HandlerRegistry', () => {
  it('maps every job name to its one handler and lists the queues to consume', () => {
    const h = handler(JobName.RenderClip);
    const r = new HandlerRegistry([
      h,
      handler(JobName.Webhook),
      handler(JobName.GenerateImage),
      handler(JobName.UpscaleImage),
    ]);
    expect(r.get(JobName.RenderClip)).toBe(h);
    expect(r.queues()).toEqual([QueueName.Render, QueueName.Webhook, QueueName.Generate]);
    expect(() => r.get('nope')).toThrow(/No handler/);
  });

  it('refuses to boot when a job name has no handler', () => {
    expect(() => new HandlerRegistry([])).toThrow('job "render-clip" has no handler');
    expect(() => new HandlerRegistry([handler(JobName.RenderClip)])).toThrow('job "webhook" has no handler');
  });

  it('refuses to boot when a job name has two handlers', () => {
    const twice = [handler(JobName.RenderClip), handler(JobName.RenderClip), handler(JobName.Webhook)];
    expect(() => new HandlerRegistry(twice)).toThrow('job "render-clip" has two handlers');
  });

  it('refuses a handler for a name the contract does not have', () => {
    const odd = [handler(JobName.RenderClip), handler(JobName.Webhook), handler('other' as JobName)];
    expect(() => new HandlerRegistry(odd)).toThrow('unknown job name "other"');
  });
});

describe('JobQueue', () => {
  it('adds each job to the queue its name belongs to, with its id and the retry policy', async () => {
    const added: unknown[] = [];
    const record = async (name: string, data: unknown, opts: unknown) =>
      void added.push({ name, data, opts });
    const q = { add: jest.fn(record), addBulk: jest.fn(async (jobs: unknown[]) => void added.push(...jobs)) };
    const generate = { add: jest.fn(), addBulk: jest.fn() };
    const jq = new JobQueue({ [QueueName.Render]: q, [QueueName.Generate]: generate } as never, {
      attempts: 2,
    });
    await jq.queue({ name: JobName.RenderClip, data: { workspaceId: 'w', jobId: 'j' } }, 'j');
    expect(added).toEqual([
      { name: 'render-clip', data: { workspaceId: 'w', jobId: 'j' }, opts: { attempts: 2, jobId: 'j' } },
    ]);
    // One job is one add; several go in one addBulk.
    expect([q.add.mock.calls.length, q.addBulk.mock.calls.length]).toEqual([1, 0]);
    await jq.queueAll(
      ['k', 'l'].map((id) => ({
        item: { name: JobName.RenderClip, data: { workspaceId: 'w', jobId: id } },
        jobId: id,
      })),
    );
    expect([q.add.mock.calls.length, q.addBulk.mock.calls.length]).toEqual([1, 1]);
    expect(added).toHaveLength(3);
    expect(generate.add).not.toHaveBeenCalled();
    expect(generate.addBulk).not.toHaveBeenCalled();
  });

  it('sends webhooks to their own queue with their own retry policy and a per-event id', async () => {
    const render = { add: jest.fn(), addBulk: jest.fn() };
    const hooks: unknown[] = [];
    const webhook = {
      add: jest.fn(
        async (name: string, data: unknown, opts: unknown) => void hooks.push({ name, data, opts }),
      ),
      addBulk: jest.fn(),
    };
    const jq = new JobQueue(
      { [QueueName.Render]: render, [QueueName.Generate]: render, [QueueName.Webhook]: webhook } as never,
      { attempts: 2 },
      { [JobName.Webhook]: { attempts: 6 } },
    );
    const data = { workspaceId: 'w', jobId: 'j', event: WebhookEventType.JobCompleted };
    await jq.queue({ name: JobName.Webhook, data }, webhookQueueId('j', data.event));
    expect(hooks).toEqual([
      { name: 'webhook', data, opts: { attempts: 6, jobId: 'webhook-j-job.completed' } },
    ]);
    expect(render.add).not.toHaveBeenCalled();
  });
});

describe('CancelChannel', () => {
  it('delivers published ids on its channel only', async () => {
    const listeners: ((c: string, m: string) => void)[] = [];
    const sub = {
      on: (_e: string, fn: (c: string, m: string) => void) => listeners.push(fn),
      subscribe: jest.fn(async () => 1),
      quit: jest.fn(),
    };
    const pub = { publish: jest.fn(async (c: string, m: string) => (listeners.forEach((l) => l(c, m)), 1)) };
    const seen: string[] = [];
    const ch = new CancelChannel(pub as never, sub as never);
    await ch.listen((id) => seen.push(id));
    await ch.publish('job-1');
    listeners.forEach((l) => l('other', 'job-2'));
    expect(sub.subscribe).toHaveBeenCalledWith(`clipwright:${CANCEL_CHANNEL}`);
    expect(seen).toEqual(['job-1']);
  });
});
