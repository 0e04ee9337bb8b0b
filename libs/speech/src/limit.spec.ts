import { mapLimited } from './limit';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('mapLimited', () => {
  it('keeps input order and never runs more than the limit', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimited([30, 5, 20, 1, 10], 2, async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await tick(ms);
      running--;
      return i * 10;
    });
    expect(out).toEqual([0, 10, 20, 30, 40]);
    expect(peak).toBe(2);
  });

  it('stops starting work after the first failure and settles only when the rest have', async () => {
    const started: number[] = [];
    let settled = 0;
    let stopped = 0;
    const run = mapLimited(
      [0, 1, 2, 3, 4],
      2,
      async (i) => {
        started.push(i);
        await tick(i === 0 ? 5 : 30);
        settled++;
        if (i === 0) throw new Error('first');
        throw new Error('later');
      },
      () => stopped++,
    );
    await expect(run).rejects.toThrow('first');
    expect(started).toEqual([0, 1]);
    expect(settled).toBe(2);
    expect(stopped).toBe(1);
  });
});
