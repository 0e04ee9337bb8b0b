import { ASSET_REF, findAssetRefs } from './asset-ref';

const id = '0192f4a0-1c2b-7d3e-8f40-5a6b7c8d9e0f';

describe('findAssetRefs', () => {
  it('finds asset:<id> strings anywhere, with their JSON path', () => {
    const data = {
      properties: { image: `asset:${id}`, place: 'asset: not a ref', 'a/b': [`asset:${id}`] },
      list: [{ x: 1 }, { photo: `asset:${id}` }],
    };
    expect(findAssetRefs(data, '$.data')).toEqual([
      { id, path: '$.data.properties.image' },
      { id, path: '$.data.properties["a/b"][0]' },
      { id, path: '$.data.list[1].photo' },
    ]);
  });

  it('takes only a whole, lower-case uuid', () => {
    for (const s of [
      `asset:${id.toUpperCase()}`,
      `asset:${id} `,
      ` asset:${id}`,
      `asset:${id.slice(1)}`,
      'asset:',
    ])
      expect(ASSET_REF.test(s)).toBe(false);
    expect(findAssetRefs([null, 3, true, 'x'])).toEqual([]);
  });

  it('walks a value nested far deeper than the call stack allows', () => {
    let deep: unknown = 'asset:0192a000-0000-7000-8000-000000000001';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const [ref] = findAssetRefs(deep);
    expect(ref.id).toBe('0192a000-0000-7000-8000-000000000001');
    expect(ref.path.length).toBe(1 + 3 * 200_000);
  });
});
