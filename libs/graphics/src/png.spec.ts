import { createCanvas, loadImage } from '@napi-rs/canvas';
import { encodePng } from './png';

describe('encodePng', () => {
  it('round-trips RGBA pixels, alpha included', async () => {
    const c = createCanvas(37, 23);
    const ctx = c.getContext('2d');
    const g = ctx.createLinearGradient(0, 0, 37, 23);
    g.addColorStop(0, 'rgba(255, 0, 0, 1)');
    g.addColorStop(1, 'rgba(0, 80, 255, 0.2)');
    ctx.fillStyle = g;
    ctx.fillRect(3, 2, 30, 18);
    const src = ctx.getImageData(0, 0, 37, 23).data;
    const png = encodePng(37, 23, src);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');

    const img = await loadImage(png);
    expect([img.width, img.height]).toEqual([37, 23]);
    const back = createCanvas(37, 23).getContext('2d');
    back.drawImage(img, 0, 0);
    const out = back.getImageData(0, 0, 37, 23).data;
    for (let i = 0; i < src.length; i += 4) {
      expect(out[i + 3]).toBe(src[i + 3]);
      if (src[i + 3] === 255)
        expect([out[i], out[i + 1], out[i + 2]]).toEqual([src[i], src[i + 1], src[i + 2]]);
    }
    expect(src[3]).toBe(0);
  });

  it('refuses a buffer of the wrong size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(RangeError);
  });
});
