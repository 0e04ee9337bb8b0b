import pino from 'pino';
import { ClipwrightError, ErrorCode } from '@app/core';
import type { NewOutput } from '@app/persistence';
import { JobName, JobOutcome } from '@app/queue';
import { CancelRegistry } from './cancel.registry';
import { ImageJobDeps, ImageJobHandler } from './image-job.handler';

const logger = pino({ level: 'silent' });
const ctx = { attempt: 1, maxAttempts: 3, reportProgress: async () => undefined };
const png = Buffer.from('89504e470d0a1a0a', 'hex');

/** In-memory doubles of the row, storage and engine: what the handler writes, in order. */
function setup(over: { generate?: ImageJobDeps['engine']['generate']; complete?: boolean } = {}) {
  const row = { id: 'j', workspaceId: 'w', kind: 'image', template: 'm', state: 'queued', attempts: 2 };
  const writes: string[] = [];
  const stored = new Map<string, Buffer>();
  let outputs: NewOutput[] = [];
  const deps: ImageJobDeps = {
    jobs: {
      get: async () =>
        ({ ...row, data: { model: 'm', prompt: 'p', width: 64, height: 64, seed: 1 } }) as never,
      start: async () => 3,
      progress: async (_w, _j, attempt, f, stage) => {
        writes.push(`progress a${attempt} ${f} ${stage}`);
        return true;
      },
      complete: async (_w, _j, attempt, _r, o) => {
        writes.push(`complete a${attempt}`);
        outputs = o;
        return over.complete ?? true;
      },
      fail: async (_w, _j, e, attempt) => {
        writes.push(`fail a${attempt} ${e.code} ${e.path}`);
        return true;
      },
      retrying: async () => true,
    },
    engine: {
      generate:
        over.generate ??
        (async (_r, o) => {
          o?.onProgress?.(1);
          return {
            images: [{ png, width: 64, height: 64, seed: 1, cacheKey: 'k' }],
            model: { id: 'm' },
            parameters: {},
            executionProvider: 'cpu',
            fallbacks: [],
          } as never;
        }),
      upscale: async () => {
        throw new Error('not used');
      },
    },
    assets: { get: async () => null },
    storage: {
      put: async (key, body) => void stored.set(key, body as Buffer),
      delete: async (key) => void stored.delete(key),
      get: async () => {
        throw new Error('not used');
      },
    },
    cancels: new CancelRegistry(),
    logger,
    progressIntervalMs: 0,
  };
  return {
    handler: new ImageJobHandler(JobName.GenerateImage, deps),
    writes,
    stored,
    outputs: () => outputs,
  };
}

describe('ImageJobHandler', () => {
  it("stores each PNG under the run's own attempt and completes the row with them", async () => {
    const { handler, writes, stored, outputs } = setup();
    expect(await handler.handle({ workspaceId: 'w', jobId: 'j' }, ctx)).toBe(JobOutcome.Success);
    expect([...stored.keys()]).toEqual(['w/jobs/j/a3/image-1.png']);
    expect(outputs()).toEqual([
      {
        name: 'image-1.png',
        aspect: null,
        storageKey: 'w/jobs/j/a3/image-1.png',
        size: 8,
        contentType: 'image/png',
      },
    ]);
    expect(writes).toEqual(['progress a3 0.99 generate', 'complete a3']);
  });

  it('fails the row on bad input with its code and path, never retried', async () => {
    const { handler, writes, stored } = setup({
      generate: async () => {
        throw new ClipwrightError(ErrorCode.ModelNotFound, '$.model names no installed model', {
          path: '$.model',
        });
      },
    });
    expect(await handler.handle({ workspaceId: 'w', jobId: 'j' }, ctx)).toBe(JobOutcome.Failed);
    expect(writes).toEqual(['fail a3 MODEL_NOT_FOUND $.model']);
    expect(stored.size).toBe(0);
  });

  it('deletes what it stored when a newer run (or a cancel) holds the row', async () => {
    const { handler, stored } = setup({ complete: false });
    expect(await handler.handle({ workspaceId: 'w', jobId: 'j' }, ctx)).toBe(JobOutcome.Skipped);
    expect(stored.size).toBe(0);
  });
});
