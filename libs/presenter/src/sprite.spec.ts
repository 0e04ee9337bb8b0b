import { blend, blit, renderSprite, type Sprite } from './sprite';

function sprite(width: number, height: number, rgba: number[], x = 0, y = 0): Sprite {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set(rgba, i * 4);
  const spans = new Int32Array(height * 2);
  for (let r = 0; r < height; r++) spans.set([0, width], r * 2);
  return { x, y, width, height, data, spans };
}

describe('sprites', () => {
  it('reads back what was drawn, trimmed, in straight alpha', () => {
    const s = renderSprite(0, 0, 40, 30, 1, (ctx) => {
      ctx.fillStyle = 'rgba(255, 0, 0, 0.5)';
      ctx.fillRect(10, 5, 8, 4);
    });
    expect([s.x, s.y, s.width, s.height]).toEqual([10, 5, 8, 4]);
    expect(Array.from(s.data.subarray(0, 4))).toEqual([255, 0, 0, 128]);
    expect(Array.from(s.spans.subarray(0, 2))).toEqual([0, 8]);
  });

  it('scales art units to pixels around the given origin', () => {
    const s = renderSprite(20, 20, 100, 100, 2, (ctx) => {
      ctx.fillStyle = '#00f';
      ctx.fillRect(15, 15, 5, 5);
    });
    expect([s.x, s.y, s.width, s.height]).toEqual([30, 30, 10, 10]);
  });

  it('blits rows into the frame and clips at its edges', () => {
    const frame = new Uint8Array(4 * 3 * 4);
    blit(frame, 4, 3, sprite(3, 2, [1, 2, 3, 255], 2, 2), 0, 0);
    const alpha = Array.from({ length: 12 }, (_, i) => frame[i * 4 + 3]);
    expect(alpha).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255]);
    blit(frame, 4, 3, sprite(2, 2, [9, 9, 9, 255]), -1, -1);
    expect(frame[3]).toBe(255);
    expect(frame[7]).toBe(0);
  });

  it('blends straight alpha: over empty keeps the source, over opaque mixes colours', () => {
    const frame = new Uint8Array(2 * 1 * 4);
    frame.set([0, 0, 255, 255], 4);
    blend(frame, 2, 1, sprite(2, 1, [255, 0, 0, 128]), 0, 0);
    expect(Array.from(frame.subarray(0, 4))).toEqual([255, 0, 0, 128]);
    const [r, g, b, a] = Array.from(frame.subarray(4, 8));
    expect(a).toBe(255);
    expect(r).toBeGreaterThanOrEqual(127);
    expect(r).toBeLessThanOrEqual(129);
    expect(g).toBe(0);
    expect(b).toBeGreaterThanOrEqual(126);
    expect(b).toBeLessThanOrEqual(128);
  });

  it('blends half over half as source-over does (alpha 0.75, colour weighted 2:1)', () => {
    const frame = new Uint8Array([0, 0, 255, 128]);
    blend(frame, 1, 1, sprite(1, 1, [255, 0, 0, 128]), 0, 0);
    expect(frame[3]).toBeGreaterThanOrEqual(191);
    expect(frame[3]).toBeLessThanOrEqual(192);
    expect(frame[0]).toBeGreaterThanOrEqual(169);
    expect(frame[0]).toBeLessThanOrEqual(171);
    expect(frame[2]).toBeGreaterThanOrEqual(84);
    expect(frame[2]).toBeLessThanOrEqual(86);
  });
});
