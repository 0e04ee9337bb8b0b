import { createCanvas } from '@napi-rs/canvas';
import { ClipwrightError } from '@app/core';
import { fontStack, registerFonts } from './fonts';
import {
  CAPTION_AVG_CHAR_EM,
  CAPTION_CHARS_PER_LINE,
  type FrameLayout,
  layoutFor,
  type PresenterPlacement,
  presenterHeadRect,
  PRESENTER_MIN_HEAD,
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

describe('layoutFor with a presenter', () => {
  const TEXT = ['title', 'lowerThird', 'dataCard', 'captions', 'label', 'bug'] as const;
  const PLACEMENTS: PresenterPlacement[] = ['right-third', 'left-third', 'lower-half', 'full', 'pip'];
  const FRAMES = SIZES.filter(([w, h]) => w >= 400 && h >= 400);

  it('leaves the layout without a presenter exactly as it was', () => {
    for (const [w, h] of SIZES) {
      const l = layoutFor(w, h, {});
      expect(l).toEqual(layoutFor(w, h));
      expect(l.presenter).toBeUndefined();
    }
  });

  describe.each(PLACEMENTS)('%s', (placement) => {
    it.each(FRAMES)('at %ix%i keeps text off the presenter and regions apart', (w, h) => {
      const l = layoutFor(w, h, { presenter: placement });
      const p = l.presenter as Rect;
      expect(l.presenterPlacement).toBe(placement);
      for (const v of [p.x, p.y, p.width, p.height]) expect(Number.isInteger(v)).toBe(true);
      expect(rectContains({ x: 0, y: 0, width: w, height: h }, p)).toBe(true);
      expect(p.width * p.height).toBeGreaterThan(0.025 * w * h);
      const head = presenterHeadRect(p);
      const landscape = w >= h * 1.2;
      // The title card is shown alone, so only the regions seen with the presenter count.
      const clear = TEXT.filter((k) => k !== 'title');
      for (const k of clear) {
        const overlapsHead = rectsIntersect(l[k], head);
        expect({ region: k, overlapsHead }).toEqual({ region: k, overlapsHead: false });
      }
      // Beside a landscape third and around a picture-in-picture box the captions never touch the
      // presenter; in portrait and square frames it is framed to the bottom edge and the strap and
      // captions pass over its chest (never its head, checked above).
      const overChest = !landscape && placement !== 'pip';
      if (placement !== 'full' && !overChest) expect(rectsIntersect(l.captions, p)).toBe(false);
      const mayOverlay = new Set<string>(
        placement === 'full' ? clear : overChest ? ['lowerThird', 'captions'] : [],
      );
      for (const k of clear) {
        if (mayOverlay.has(k)) continue;
        const overlaps = rectsIntersect(l[k], p);
        expect({ region: k, overlaps }).toEqual({ region: k, overlaps: false });
      }
      for (const [name, r] of rectsOf(l)) {
        expect({ name, ok: r.width > 0 && r.height > 0 && rectContains(l.safe, r) }).toEqual({
          name,
          ok: true,
        });
      }
      for (let i = 0; i < REGIONS.length; i++) {
        for (let j = i + 1; j < REGIONS.length; j++) {
          expect(rectsIntersect(l[REGIONS[i]], l[REGIONS[j]])).toBe(false);
        }
      }
      expect(CAPTION_CHARS_PER_LINE * CAPTION_AVG_CHAR_EM * l.captionFontSize).toBeLessThanOrEqual(
        l.captions.width,
      );
    });
  });

  it('16:9 right third: a full-height third at the right edge, text in the left two thirds', () => {
    const l = layoutFor(1920, 1080, { presenter: 'right-third' });
    expect(l.presenter).toEqual({
      x: 1280,
      y: expect.any(Number),
      width: 640,
      height: 1080 - l.presenter!.y,
    });
    expect(l.presenter!.y).toBeGreaterThanOrEqual(rectBottom(l.label));
    expect(rectRight(l.captions)).toBeLessThanOrEqual(1280);
    expect(l.captions.x).toBe(l.safe.x);
    expect(l.captionFontSize).toBe(50);
    expect(l.dataCard.x).toBe(l.safe.x);
    expect(rectBottom(l.dataCard)).toBeLessThanOrEqual(l.lowerThird.y);
    // The head is big enough to read: at least a fifth of the frame's height.
    expect(presenterHeadRect(l.presenter!).height).toBeGreaterThan(1080 / 5);
  });

  it('16:9 left third mirrors it', () => {
    const l = layoutFor(1920, 1080, { presenter: 'left-third' });
    expect(l.presenter!.x).toBe(0);
    expect(l.captions.x).toBeGreaterThanOrEqual(rectRight(l.presenter!));
    expect(rectRight(l.dataCard)).toBe(rectRight(l.safe));
  });

  it('9:16 lower half: card above, presenter framed to the bottom edge, strap and captions over the chest', () => {
    const l = layoutFor(1080, 1920, { presenter: 'lower-half' });
    const p = l.presenter!;
    expect(p.x).toBe(0);
    expect(p.width).toBe(1080);
    expect(p.y).toBeGreaterThan(rectBottom(l.dataCard));
    expect(rectBottom(p)).toBe(1920);
    expect(p.height).toBeGreaterThan(1920 * 0.45);
    expect(rectsIntersect(l.lowerThird, p)).toBe(true);
    expect(l.lowerThird.y).toBeGreaterThan(rectBottom(presenterHeadRect(p)));
  });

  it.each([
    [1080, 1080],
    [1080, 1350],
  ])("%ix%i without a data card gives the presenter the card's room", (w, h) => {
    for (const placement of ['right-third', 'lower-half', 'full'] as PresenterPlacement[]) {
      const l = layoutFor(w, h, { presenter: placement, dataCard: false });
      expect(l.presenter!.height).toBeGreaterThan(h * 0.35);
      expect(presenterHeadRect(l.presenter!).height).toBeGreaterThan(h * PRESENTER_MIN_HEAD * 2);
    }
  });

  it.each([
    [1080, 1080],
    [1080, 1350],
  ])('%ix%i with a data card stands the presenter beside it, full height', (w, h) => {
    for (const placement of ['right-third', 'lower-half', 'full'] as PresenterPlacement[]) {
      const l = layoutFor(w, h, { presenter: placement, dataCard: true });
      const p = l.presenter!;
      expect(rectBottom(p)).toBe(h);
      expect(rectsIntersect(l.dataCard, p)).toBe(false);
      expect(presenterHeadRect(p).height).toBeGreaterThan(h * 0.2);
    }
  });

  it('9:16 full runs to the bottom edge; pip is a small corner box', () => {
    const full = layoutFor(1080, 1920, { presenter: 'full' });
    expect(rectBottom(full.presenter!)).toBe(1920);
    const pip = layoutFor(1920, 1080, { presenter: 'pip' });
    expect(pip.presenter!.width * pip.presenter!.height).toBeLessThan(1920 * 1080 * 0.1);
    expect(rectRight(pip.presenter!)).toBe(rectRight(pip.safe));
  });

  it('refuses an unknown placement', () => {
    expect(() => layoutFor(1920, 1080, { presenter: 'centre' as PresenterPlacement })).toThrow(
      /placement "centre"/,
    );
  });
});
