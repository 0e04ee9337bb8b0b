import { backoffDelay } from '../mos/mos.link';
import { takeMessages } from '../mos/malformed.guard';
import { idempotencyKey } from './clip.workflow';
import { findAdapter } from './template-adapters';
import { thumbnailArgs, thumbnailTime } from './thumbnail';

describe('gateway helpers', () => {
  it('builds the thumbnail ffmpeg command', () => {
    expect(thumbnailArgs('in.mp4', thumbnailTime(12), 'out.jpg').join(' ')).toBe(
      '-hide_banner -loglevel error -nostdin -ss 1.500 -i in.mp4 -frames:v 1 -vf scale=320:-2 -q:v 4 -f image2 -y out.jpg',
    );
    expect(thumbnailTime(2)).toBe(1);
    expect(thumbnailTime(null)).toBe(0);
  });

  it('backs off 1, 2, 4 ... seconds up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 60].map((a) => backoffDelay(a, 1000, 10_000))).toEqual([
      1000, 2000, 4000, 8000, 10000, 10000, 10000,
    ]);
  });

  it('gives each (running order, story, item, revision, content) its own idempotency key', () => {
    const clip = {
      objId: 'o',
      roId: 'R',
      storyId: 'S',
      itemId: 'I',
      revision: 1,
      revisionHash: 'h',
      origin: 'item' as const,
    };
    const key = idempotencyKey(clip);
    expect(key).toMatch(/^mos-[0-9a-f]{64}$/);
    expect(idempotencyKey({ ...clip })).toBe(key);
    for (const change of [
      { revision: 2 },
      { revisionHash: 'h2' },
      { storyId: 'S2' },
      { roId: 'R2' },
      { itemId: 'I2' },
    ])
      expect(idempotencyKey({ ...clip, ...change })).not.toBe(key);
  });

  it('frames <mos> messages, nested and split', () => {
    expect(takeMessages('junk<mos><a/></mos><mos><mos>x</mos></mos><mos>part')).toEqual({
      messages: ['<mos><a/></mos>', '<mos><mos>x</mos></mos>'],
      rest: '<mos>part',
    });
  });

  it('maps news-brief fields onto a USGS GeoJSON feature', () => {
    const a = findAdapter('news-brief');
    expect(a?.toData({ mag: 5.8, place: 'P', time: 1, lat: 2, lon: 3, tsunami: '1' }, '')).toEqual({
      type: 'Feature',
      properties: { mag: 5.8, place: 'P', time: 1, magType: null, felt: null, alert: null, tsunami: 1 },
      geometry: { type: 'Point', coordinates: [3, 2, null] },
    });
    expect(a?.slugOf({ mag: 5, place: 'P' })).toBe('M5.0 P');
  });
});
