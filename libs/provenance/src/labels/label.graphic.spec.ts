import { createCanvas, loadImage } from '@napi-rs/canvas';
import { planVisibleLabel } from './label-plan';
import { BUILT_IN_PROFILES, LabelProfile } from './label-profile';
import { renderLabelPng } from './label.graphic';

interface Decoded {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

async function decode(png: Buffer): Promise<Decoded> {
  const image = await loadImage(png);
  const ctx = createCanvas(image.width, image.height).getContext('2d');
  ctx.drawImage(image, 0, 0);
  return {
    width: image.width,
    height: image.height,
    data: ctx.getImageData(0, 0, image.width, image.height).data,
  };
}

/** Bounding box of the pixels for which `keep(r, g, b, a)` holds, or null. */
function bounds(img: Decoded, keep: (r: number, g: number, b: number, a: number) => boolean) {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      if (!keep(img.data[i], img.data[i + 1], img.data[i + 2], img.data[i + 3])) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

const opaque = (_r: number, _g: number, _b: number, a: number) => a > 0;
// The text is white on a dark translucent badge: light, mostly opaque pixels are ink.
const ink = (r: number, g: number, b: number, a: number) => a > 200 && r > 180 && g > 180 && b > 180;

describe('renderLabelPng', () => {
  it.each([
    { width: 1920, height: 1080 },
    { width: 1080, height: 1920 },
    { width: 1080, height: 1080 },
  ])(
    'cn at $width x $height: the drawn text is at least 5% of the shorter side, inside the rect',
    async (f) => {
      const plan = planVisibleLabel({ profile: BUILT_IN_PROFILES.cn, ...f, duration: 10, language: 'zh' })!;
      const img = await decode(renderLabelPng(plan));
      expect([img.width, img.height]).toEqual([plan.rect.width, plan.rect.height]);
      const badge = bounds(img, opaque)!;
      // Left-aligned for top-left, as tall as the rect.
      expect(badge.x).toBe(0);
      expect(badge.height).toBe(plan.rect.height);
      const text = bounds(img, ink)!;
      expect(text.height).toBeGreaterThanOrEqual(Math.ceil(0.05 * Math.min(f.width, f.height)));
      expect(text.x).toBeGreaterThanOrEqual(badge.x);
      expect(text.x + text.width).toBeLessThanOrEqual(badge.x + badge.width);
    },
  );

  it('draws the eu badge against the right edge, the rest of the rect transparent', async () => {
    const plan = planVisibleLabel({
      profile: BUILT_IN_PROFILES.eu,
      width: 1920,
      height: 1080,
      duration: 10,
      language: 'en',
    })!;
    const img = await decode(renderLabelPng(plan));
    const badge = bounds(img, opaque)!;
    expect(badge.x + badge.width).toBe(plan.rect.width);
    expect(badge.width).toBeLessThanOrEqual(plan.rect.width);
    expect(bounds(img, ink)!.height).toBeGreaterThanOrEqual(plan.minTextHeight);
  });

  it('enlarges wording without capitals until its own ink reaches the minimum', async () => {
    const profile: LabelProfile = {
      ...BUILT_IN_PROFILES.cn,
      id: 'lower',
      visible: { ...BUILT_IN_PROFILES.cn.visible!, text: { en: 'ai version' }, defaultLanguage: 'en' },
    };
    const plan = planVisibleLabel({ profile, width: 1920, height: 1080, duration: 10, language: 'en' })!;
    const img = await decode(renderLabelPng(plan));
    expect(bounds(img, ink)!.height).toBeGreaterThanOrEqual(plan.minTextHeight);
  });
});
