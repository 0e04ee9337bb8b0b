import { compositeKept, latentMask, maskFromAlpha, maskFromPicture, vaeInput } from './inpaint-mask';
import { cropImage, padImage, padMask } from './image-padding';
import type { RgbaImage } from './rgba-image';

const img = (width: number, height: number, px: (x: number, y: number) => number[]): RgbaImage => {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(px(x, y), (y * width + x) * 4);
  return { width, height, data };
};

describe('padding and cropping', () => {
  it('pads by repeating the last column and row, and crops the top-left back', () => {
    const src = img(2, 2, (x, y) => [x * 10 + y, 0, 0, 255]);
    const padded = padImage(src, 3, 3);
    const reds = [...padded.data].filter((_, i) => i % 4 === 0);
    expect(reds).toEqual([0, 10, 10, 1, 11, 11, 1, 11, 11]);
    expect(cropImage(padded, 2, 2)).toEqual(src);
    const mask = padMask({ width: 2, height: 1, values: Float32Array.from([0, 1]) }, 3, 2);
    expect([...mask.values]).toEqual([0, 1, 1, 0, 1, 1]);
  });
});

describe('masks', () => {
  it('reads a mask picture as BT.601 luminance and a cut-out by its alpha', () => {
    const m = maskFromPicture(
      img(3, 1, (x) =>
        [
          [255, 255, 255],
          [0, 0, 0],
          [255, 0, 0],
        ][x].concat(255),
      ),
    );
    expect(m.values[0]).toBeCloseTo(1, 6);
    expect(m.values[1]).toBe(0);
    expect(m.values[2]).toBeCloseTo(0.299, 6);
    const a = maskFromAlpha(img(2, 1, (x) => [9, 9, 9, x ? 255 : 51]));
    expect([...a.values]).toEqual([Math.fround(0.8), 0]);
  });

  it('repaints a latent cell when any of its 8x8 pixels is repainted', () => {
    const values = new Float32Array(16 * 8);
    values[9] = 0.5; // pixel (9, 0): cell 1
    values[3] = 0.49; // below the threshold: cell 0 kept
    expect([...latentMask({ width: 16, height: 8, values })]).toEqual([0, 1]);
  });

  it('feeds the VAE 2p/255 - 1 per plane, with repainted pixels zeroed', () => {
    const picture = img(2, 1, () => [255, 0, 51, 255]);
    const x = vaeInput(picture, { width: 2, height: 1, values: Float32Array.from([0, 1]) });
    expect([...x].map((v) => Math.round(v * 1000) / 1000)).toEqual([1, 0, -1, 0, -0.6, 0]);
  });

  it('composites: kept pixels exact, repainted ones generated, soft edges blended, opaque', () => {
    const original = img(3, 1, () => [200, 100, 50, 0]);
    const generated = img(3, 1, () => [0, 0, 100, 255]);
    const out = compositeKept(original, generated, {
      width: 3,
      height: 1,
      values: Float32Array.from([0, 1, 0.25]),
    });
    expect([...out.data]).toEqual([200, 100, 50, 255, 0, 0, 100, 255, 150, 75, 63, 255]);
  });
});
