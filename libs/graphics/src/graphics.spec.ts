import { createCanvas, loadImage } from '@napi-rs/canvas';
import { ClipwrightError } from '@app/core';
import {
  defaultTheme,
  type FrameLayout,
  type Graphic,
  layoutFor,
  type Rect,
  rectContains,
  renderBackground,
  renderDataCard,
  renderLowerThird,
  renderTitleCard,
  type Theme,
  loadPhoto,
} from './index';

/** A PNG of one colour: a stand-in photo whose pixels are known. */
function solidPng(width: number, height: number, color: string): Buffer {
  const c = createCanvas(width, height);
  const ctx = c.getContext('2d');
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, width, height);
  return c.toBuffer('image/png');
}

const SIZES: [number, number][] = [
  [1920, 1080],
  [1080, 1920],
  [1280, 720],
];
const LONG_PLACE =
  '38 km SSW of San Pedro de Atacama, Provincia de El Loa, Región de Antofagasta, Chile (offshore)';
const CJK_TITLE = '超輕量無線降噪藍牙耳機 旗艦版 限時特價 — 官方旗艦店獨家首發，全台免運，三十天鑑賞期';
const CARD = {
  title: 'Earthquake',
  rows: [
    { label: 'Magnitude', value: '5.8 Mww' },
    { label: 'Depth', value: '17 km' },
    { label: 'Time', value: '13:42 local · 05:42 UTC' },
    { label: 'Felt reports', value: '112' },
  ],
};
const STRAP = {
  title: 'Magnitude 5.8 earthquake strikes near Hualien City, Taiwan',
  subtitle: '38 km SW of Hualien City, Taiwan · 17 km deep',
};

interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

async function decode(g: Graphic): Promise<Pixels> {
  const img = await loadImage(g.png);
  expect([img.width, img.height]).toEqual([g.width, g.height]);
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return { width: img.width, height: img.height, data: ctx.getImageData(0, 0, img.width, img.height).data };
}

function alphaAt(p: Pixels, x: number, y: number): number {
  return p.data[(y * p.width + x) * 4 + 3];
}

/** Bounding box of pixels with any alpha; null when fully transparent. */
function paintedBox(p: Pixels): Rect | null {
  let x0 = p.width;
  let y0 = p.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      if (alphaAt(p, x, y) > 0) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** Bounding box of the pixels that differ between two equally sized images. */
function diffBox(a: Pixels, b: Pixels): Rect | null {
  const wa = new Uint32Array(a.data.buffer, a.data.byteOffset, a.data.length / 4);
  const wb = new Uint32Array(b.data.buffer, b.data.byteOffset, b.data.length / 4);
  let x0 = a.width;
  let y0 = a.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < a.height; y++) {
    const row = y * a.width;
    for (let x = 0; x < a.width; x++) {
      if (wa[row + x] !== wb[row + x]) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

function boxOf(g: Graphic): Rect {
  return { x: g.x, y: g.y, width: g.width, height: g.height };
}

/** A floating graphic: inside its rect and the safe area, transparent on its outer ring, something drawn. */
async function expectFloating(g: Graphic, rect: Rect, layout: FrameLayout): Promise<void> {
  for (const v of [g.x, g.y, g.width, g.height]) expect(Number.isInteger(v)).toBe(true);
  expect(rectContains(rect, boxOf(g))).toBe(true);
  expect(rectContains(layout.safe, boxOf(g))).toBe(true);
  const p = await decode(g);
  for (let x = 0; x < p.width; x++) {
    expect(alphaAt(p, x, 0)).toBe(0);
    expect(alphaAt(p, x, p.height - 1)).toBe(0);
  }
  for (let y = 0; y < p.height; y++) {
    expect(alphaAt(p, 0, y)).toBe(0);
    expect(alphaAt(p, p.width - 1, y)).toBe(0);
  }
  const painted = paintedBox(p);
  expect(painted).not.toBeNull();
  // The opaque panel itself is well inside, clear of the shadow's margin.
  expect(alphaAt(p, Math.floor(p.width / 2), Math.floor(p.height / 2))).toBe(255);
}

async function expectOpaqueFrame(g: Graphic, layout: FrameLayout): Promise<Pixels> {
  expect(boxOf(g)).toEqual({ x: 0, y: 0, width: layout.width, height: layout.height });
  const p = await decode(g);
  for (let i = 3; i < p.data.length; i += 4)
    if (p.data[i] !== 255) throw new Error(`transparent pixel ${i >> 2}`);
  return p;
}

describe.each(SIZES)('graphics at %ix%i', (width, height) => {
  const layout = layoutFor(width, height);

  it('draws an opaque full-frame background with the bug and label only in their rects', async () => {
    const bg = await expectOpaqueFrame(
      renderBackground(layout, defaultTheme, { label: 'AI-generated' }),
      layout,
    );
    const bare = await decode(renderBackground(layout, { ...defaultTheme, channelName: '' }, { label: '' }));
    const labelOnly = await decode(
      renderBackground(layout, { ...defaultTheme, channelName: '' }, { label: 'AI-generated' }),
    );
    const label = diffBox(labelOnly, bare);
    expect(label && rectContains(layout.label, label)).toBe(true);
    const marks = diffBox(bg, labelOnly);
    expect(marks && rectContains(layout.bug, marks)).toBe(true);
  });

  it('keeps the title card text inside layout.title', async () => {
    const text = {
      kicker: 'EARTHQUAKE',
      title: 'M 5.8 – 38 km SW of Hualien City, Taiwan',
      subtitle: 'Friday, November 21, 2025',
    };
    const full = await expectOpaqueFrame(renderTitleCard(layout, defaultTheme, text), layout);
    const empty = await decode(renderTitleCard(layout, defaultTheme, { kicker: '', title: '' }));
    const drawn = diffBox(full, empty);
    expect(drawn).not.toBeNull();
    expect(rectContains(layout.title, drawn as Rect)).toBe(true);
  });

  it('puts a photo behind the title card: covering the frame, darkened under the text, text still inside layout.title', async () => {
    // A portrait photo on a landscape frame and the other way round: cover crops, never letterboxes.
    const photo = await loadPhoto(solidPng(height, width, '#E03020'), 'image');
    const text = { kicker: 'EARTHQUAKE', title: 'M 5.8 – Hualien City', subtitle: 'Friday' };
    const full = await expectOpaqueFrame(renderTitleCard(layout, defaultTheme, text, photo), layout);
    const empty = await decode(renderTitleCard(layout, defaultTheme, { kicker: '', title: '' }, photo));
    expect(rectContains(layout.title, diffBox(full, empty) as Rect)).toBe(true);
    const rgb = (x: number, y: number) => {
      const i = (Math.round(y) * full.width + Math.round(x)) * 4;
      return [full.data[i], full.data[i + 1], full.data[i + 2]];
    };
    // Away from the text (the right edge in landscape, the corners in portrait) the photo's red
    // shows through the tint, not the channel's blue backdrop.
    const clear =
      width > height
        ? [
            [width - 3, 2],
            [width - 3, height - 3],
          ]
        : [
            [2, 2],
            [width - 3, 2],
            [2, height - 3],
            [width - 3, height - 3],
          ];
    for (const [x, y] of clear) {
      const [r, g, b] = rgb(x, y);
      expect(r).toBeGreaterThan(g + 40);
      expect(r).toBeGreaterThan(b + 40);
    }
    // Under the text block the scrim is darker than away from it.
    const box = layout.title;
    const away = width > height ? rgb(width - 3, height / 2) : rgb(width / 2, 2);
    const under = empty.data[(Math.round(box.y + box.height / 2) * width + Math.round(box.x + 4)) * 4];
    expect(under).toBeLessThan(away[0] - 40);
  });

  it('keeps a very long title and a CJK title inside layout.title', async () => {
    const empty = await decode(renderTitleCard(layout, defaultTheme, { kicker: '', title: '' }));
    for (const title of [LONG_PLACE, CJK_TITLE, LONG_PLACE.repeat(4)]) {
      const g = renderTitleCard(layout, defaultTheme, {
        kicker: 'BREAKING NEWS · '.repeat(8),
        title,
        subtitle: LONG_PLACE,
      });
      const drawn = diffBox(await decode(g), empty);
      expect(drawn && rectContains(layout.title, drawn)).toBe(true);
    }
  });

  it('draws the label on the title card only when given one', async () => {
    const text = { kicker: 'X', title: 'Y' };
    const without = await decode(renderTitleCard(layout, defaultTheme, text));
    const withLabel = await decode(renderTitleCard(layout, defaultTheme, { ...text, label: 'AI-generated' }));
    const drawn = diffBox(withLabel, without);
    expect(drawn && rectContains(layout.label, drawn)).toBe(true);
  });

  it('fits the lower third tight to its text, bottom-left in its rect', async () => {
    const g = renderLowerThird(layout, defaultTheme, STRAP);
    await expectFloating(g, layout.lowerThird, layout);
    expect(g.x).toBe(layout.lowerThird.x);
    expect(g.y + g.height).toBe(layout.lowerThird.y + layout.lowerThird.height);
    const short = renderLowerThird(layout, defaultTheme, { title: 'Hualien' });
    await expectFloating(short, layout.lowerThird, layout);
    expect(short.width).toBeLessThan(g.width);
    expect(short.height).toBeLessThan(g.height);
  });

  it('keeps a lower third with very long or CJK text inside its rect', async () => {
    for (const text of [
      { title: LONG_PLACE.repeat(3), subtitle: LONG_PLACE.repeat(2) },
      { title: CJK_TITLE, subtitle: CJK_TITLE },
      { title: 'W'.repeat(300) },
    ]) {
      await expectFloating(renderLowerThird(layout, defaultTheme, text), layout.lowerThird, layout);
    }
  });

  it('draws the data card inside its rect for one to six rows and long values', async () => {
    await expectFloating(renderDataCard(layout, defaultTheme, CARD), layout.dataCard, layout);
    const one = renderDataCard(layout, defaultTheme, { title: 'Magnitude', rows: [CARD.rows[0]] });
    await expectFloating(one, layout.dataCard, layout);
    const six = {
      title: LONG_PLACE,
      rows: Array.from({ length: 6 }, (_, i) => ({
        label: `${LONG_PLACE} ${i}`,
        value: `${LONG_PLACE} ${CJK_TITLE}`,
      })),
    };
    const g6 = renderDataCard(layout, defaultTheme, six);
    await expectFloating(g6, layout.dataCard, layout);
    expect(g6.height).toBeGreaterThan(one.height);
  });

  it('refuses a data card with no rows or more than six', () => {
    expect(() => renderDataCard(layout, defaultTheme, { title: 'x', rows: [] })).toThrow(ClipwrightError);
    const seven = Array.from({ length: 7 }, () => CARD.rows[0]);
    expect(() => renderDataCard(layout, defaultTheme, { title: 'x', rows: seven })).toThrow(/1 to 6 rows/);
  });

  it('gives the same bytes for the same input', () => {
    const once = [
      renderBackground(layout, defaultTheme, { label: 'AI-generated' }),
      renderTitleCard(layout, defaultTheme, { kicker: 'EARTHQUAKE', title: STRAP.title }),
      renderLowerThird(layout, defaultTheme, STRAP),
      renderDataCard(layout, defaultTheme, CARD),
    ];
    const twice = [
      renderBackground(layout, defaultTheme, { label: 'AI-generated' }),
      renderTitleCard(layout, defaultTheme, { kicker: 'EARTHQUAKE', title: STRAP.title }),
      renderLowerThird(layout, defaultTheme, STRAP),
      renderDataCard(layout, defaultTheme, CARD),
    ];
    once.forEach((g, i) => {
      expect(g.png.equals(twice[i].png)).toBe(true);
      expect(boxOf(g)).toEqual(boxOf(twice[i]));
    });
  });
});

describe('themes', () => {
  const layout = layoutFor(1280, 720);

  it('renders with an unknown font family and odd colours without failing', async () => {
    const theme: Theme = {
      ...defaultTheme,
      fontFamily: 'No Such Font "quoted"',
      accent: 'teal',
      background: ['#fff', '#e0e4ea'],
    };
    await expectOpaqueFrame(renderBackground(layout, theme, { label: 'AI-generated' }), layout);
    await expectFloating(renderLowerThird(layout, theme, STRAP), layout.lowerThird, layout);
    await expectFloating(renderDataCard(layout, theme, CARD), layout.dataCard, layout);
  });

  it('draws text dark on a light background', async () => {
    const light: Theme = { ...defaultTheme, background: ['#FFFFFF', '#F0F2F5'], channelName: 'Shop' };
    const p = await decode(renderTitleCard(layout, light, { kicker: '', title: 'Big sale' }));
    const t = layout.title;
    let darkest = 255;
    for (let y = t.y; y < t.y + t.height; y += 2) {
      for (let x = t.x; x < t.x + t.width; x += 2) darkest = Math.min(darkest, p.data[(y * p.width + x) * 4]);
    }
    expect(darkest).toBeLessThan(80);
  });
});

describe('loadPhoto', () => {
  it('decodes PNG and JPEG, and refuses other bytes with the field named', async () => {
    const png = solidPng(40, 30, '#00FF00');
    expect((await loadPhoto(png, 'image')).width).toBe(40);
    const jpeg = createCanvas(20, 10).toBuffer('image/jpeg');
    expect((await loadPhoto(jpeg, 'image')).height).toBe(10);
    for (const [bytes, why] of [
      [Buffer.from('%PDF-1.7 not an image'), 'is not a PNG, JPEG or WebP image'],
      [png.subarray(0, 60), 'could not be decoded'],
    ] as const) {
      const e = await loadPhoto(bytes, 'image "shot.png"').catch((err: unknown) => err);
      expect(e).toBeInstanceOf(ClipwrightError);
      expect(e).toMatchObject({ code: 'IMAGE_UNREADABLE', path: 'image "shot.png"' });
      expect((e as Error).message).toContain(why);
    }
  });
});
