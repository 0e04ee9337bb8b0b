import { ApiKeyCache } from './api-key.cache';

describe('ApiKeyCache', () => {
  let now: number;
  let clock: jest.SpyInstance<number, []>;
  let rows: Map<string, { workspaceId: string }>;
  let lookups: string[];
  const lookup = async (key: string) => {
    lookups.push(key);
    await new Promise((r) => setTimeout(r, 5));
    return rows.get(key) ?? null;
  };

  beforeEach(() => {
    now = Date.now();
    clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    rows = new Map([
      ['cw_alpha_key_0001', { workspaceId: 'ws-a' }],
      ['cw_bravo_key_0002', { workspaceId: 'ws-b' }],
    ]);
    lookups = [];
  });
  afterEach(() => clock.mockRestore());

  it('looks a key up once for concurrent requests and answers from memory within the TTL', async () => {
    const cache = new ApiKeyCache(lookup, 5000);
    const first = await Promise.all(Array.from({ length: 10 }, () => cache.workspaceOf('cw_alpha_key_0001')));
    expect(first).toEqual(Array(10).fill('ws-a'));
    now += 4999;
    expect(await cache.workspaceOf('cw_alpha_key_0001')).toBe('ws-a');
    expect(lookups).toEqual(['cw_alpha_key_0001']);
  });

  it('asks again after the TTL, so a revoked key stops working', async () => {
    const cache = new ApiKeyCache(lookup, 5000);
    expect(await cache.workspaceOf('cw_alpha_key_0001')).toBe('ws-a');
    rows.delete('cw_alpha_key_0001');
    now += 5000;
    expect(await cache.workspaceOf('cw_alpha_key_0001')).toBeNull();
    expect(lookups).toHaveLength(2);
  });

  it('never remembers an unknown key (it may be created a moment later)', async () => {
    const cache = new ApiKeyCache(lookup, 5000);
    expect(await cache.workspaceOf('cw_charlie_key_03')).toBeNull();
    rows.set('cw_charlie_key_03', { workspaceId: 'ws-c' });
    expect(await cache.workspaceOf('cw_charlie_key_03')).toBe('ws-c');
  });

  it('keeps each key to its own workspace and bounds its size, dropping the oldest', async () => {
    const cache = new ApiKeyCache(lookup, 5000, 1);
    expect(await cache.workspaceOf('cw_alpha_key_0001')).toBe('ws-a');
    expect(await cache.workspaceOf('cw_bravo_key_0002')).toBe('ws-b');
    expect(await cache.workspaceOf('cw_bravo_key_0002')).toBe('ws-b');
    expect(lookups).toEqual(['cw_alpha_key_0001', 'cw_bravo_key_0002']);
    expect(await cache.workspaceOf('cw_alpha_key_0001')).toBe('ws-a');
    expect(lookups).toHaveLength(3);
  });
});
