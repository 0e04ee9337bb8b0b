import { createCanvas } from '@napi-rs/canvas';
import { ClipwrightError } from '@app/core';
import { fontStack, registerFonts } from './fonts';
import {
  CAPTION_AVG_CHAR_EM,
  CAPTION_CHARS_PER_LINE,
  type FrameLayout,
  layoutFor,
  type Rect,
  rectBottom,
  rectContains,
  rectRight,
  rectsIntersect,
} from './layout';
import { defaultTheme } from './theme';

const REGIONS = ['lowerThird', 'dataCard', 'captions', 'label', 'bug'] as const;
const SIZES: [number, number][] = [
  [1920, 1080],
  [1080, 1920],
  [1280, 720],
  [3840, 2160],
  [720, 1280],
  [1080, 1080],
  [1080, 1350],
  [1440, 1080],
  [2560, 1080],
  [854, 480],
  [101, 100],
  [3000, 200],
  [200, 3000],
];

function rectsOf(l: FrameLayout): [string, Rect][] {
  return [['title', l.title], ...REGIONS.map((k): [string, Rect] => [k, l[k]])];
}

describe('layoutFor', () => {
  it.each(SIZES)('keeps every region of %ix%i integer, inside safe and apart', (w, h) => {
    const l = layoutFor(w, h);
    expect(l.safe).toEqual({
      x: Math.round(w * 0.05),
      y: Math.round(h * 0.05),
      width: w - 2 * Math.round(w * 0.05),
      height: h - 2 * Math.round(h * 0.05),
    });
    for (const [name, r] of rectsOf(l)) {
      for (const v of [r.x, r.y, r.width, r.height]) expect(Number.isInteger(v)).toBe(true);
      expect({ name, ok: r.width > 0 && r.height > 0 && rectContains(l.safe, r) }).toEqual({
        name,
        ok: true,
      });
    }
    for (let i = 0; i < REGIONS.length; i++) {
      for (let j = i + 1; j < REGIONS.length; j++) {
        const pair = `${REGIONS[i]}/${REGIONS[j]}`;
        expect({ pair, overlap: rectsIntersect(l[REGIONS[i]], l[REGIONS[j]]) }).toEqual({
          pair,
          overlap: false,
        });
      }
    }
    // The title card is shown alone, but it still leaves the bug, label and captions clear.
    for (const k of ['bug', 'label', 'captions'] as const) expect(rectsIntersect(l.title, l[k])).toBe(false);
    expect(Number.isInteger(l.captionFontSize)).toBe(true);
    expect(l.captions.height).toBeGreaterThanOrEqual(Math.floor(2 * 1.4 * l.captionFontSize));
  });

  it('arranges 16:9 side by side: strap above captions on the left, card on the right', () => {
    const l = layoutFor(1920, 1080);
    expect(l.safe).toEqual({ x: 96, y: 54, width: 1728, height: 972 });
    expect(rectBottom(l.captions)).toBe(rectBottom(l.safe));
    expect(l.captions.width).toBe(l.safe.width);
    expect(l.captionFontSize).toBe(50);
    expect(rectBottom(l.lowerThird)).toBeLessThanOrEqual(l.captions.y);
    expect(l.captions.y - rectBottom(l.lowerThird)).toBeLessThan(40);
    expect(l.lowerThird.x).toBe(l.safe.x);
    expect(l.lowerThird.width / l.safe.width).toBeCloseTo(0.64, 2);
    expect(rectRight(l.dataCard)).toBe(rectRight(l.safe));
    expect(l.dataCard.width / l.safe.width).toBeCloseTo(0.31, 2);
    expect(l.dataCard.y).toBeLessThan(l.safe.y + l.safe.height / 3);
    expect([l.bug.x, l.bug.y]).toEqual([l.safe.x, l.safe.y]);
    expect(rectRight(l.label)).toBe(rectRight(l.safe));
    expect(l.title.x).toBe(l.safe.x);
  });

  it('stacks 9:16: card on top at full width, strap in the lower middle, captions near the bottom', () => {
    const l = layoutFor(1080, 1920);
    expect(l.safe).toEqual({ x: 54, y: 96, width: 972, height: 1728 });
    expect(l.dataCard.width).toBe(l.safe.width);
    expect(l.dataCard.y).toBeGreaterThanOrEqual(rectBottom(l.bug));
    expect(rectBottom(l.dataCard)).toBeLessThan(l.lowerThird.y);
    expect(l.lowerThird.y).toBeGreaterThan(l.height / 2);
    expect(rectBottom(l.lowerThird)).toBeLessThanOrEqual(l.captions.y);
    expect(rectBottom(l.captions)).toBeGreaterThan(l.height * 0.85);
    expect(l.captionFontSize).toBe(44);
  });

  it.each(SIZES.filter(([w, h]) => w >= 400 && h >= 400))(
    'sizes %ix%i captions so that 42 average characters fit one line',
    (w, h) => {
      const l = layoutFor(w, h);
      expect(CAPTION_CHARS_PER_LINE * CAPTION_AVG_CHAR_EM * l.captionFontSize).toBeLessThanOrEqual(
        l.captions.width,
      );
      registerFonts();
      const ctx = createCanvas(1, 1).getContext('2d');
      ctx.font = `700 ${l.captionFontSize}px ${fontStack(defaultTheme.fontFamily)}`;
      const line = 'Residents said the shaking lasted a minute';
      expect([...line]).toHaveLength(42);
      expect(ctx.measureText(line).width).toBeLessThanOrEqual(l.captions.width);
    },
  );

  it('rejects frames it cannot lay out', () => {
    expect(() => layoutFor(0, 1080)).toThrow(ClipwrightError);
    expect(() => layoutFor(1920, Number.NaN)).toThrow(/at least/);
  });

  it('is pure: the same size gives an equal layout', () => {
    expect(layoutFor(1280, 720)).toEqual(layoutFor(1280, 720));
  });
});
