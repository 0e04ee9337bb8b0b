import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import {
  defaultTheme,
  fontStack,
  type FrameLayout,
  type Graphic,
  layoutFor,
  renderBackground,
  renderDataCard,
  renderLowerThird,
  renderTitleCard,
} from './index';

// Renders the earthquake sample as a viewer would see it, composited both in-process and by ffmpeg
// (which is what production does), so a broken alpha channel or offset shows up here.
const SAMPLE = {
  kicker: 'EARTHQUAKE',
  title: 'M 5.8 – 38 km SW of Hualien City, Taiwan',
  subtitle: 'Friday, November 21, 2025',
  card: {
    title: 'Earthquake',
    rows: [
      { label: 'Magnitude', value: '5.8 Mww' },
      { label: 'Depth', value: '17 km' },
      { label: 'Time', value: '13:42 local · 05:42 UTC' },
      { label: 'Felt reports', value: '112' },
    ],
  },
  strap: {
    title: 'Magnitude 5.8 earthquake strikes near Hualien City, Taiwan',
    subtitle: '38 km SW of Hualien City, Taiwan · 17 km deep',
  },
};

async function composite(layout: FrameLayout, layers: Graphic[], captionBand: boolean): Promise<Buffer> {
  const canvas = createCanvas(layout.width, layout.height);
  const ctx = canvas.getContext('2d');
  for (const g of layers) ctx.drawImage(await loadImage(g.png), g.x, g.y);
  if (captionBand) {
    const c = layout.captions;
    ctx.strokeStyle = 'rgba(0, 255, 160, 0.9)';
    ctx.setLineDash([10, 6]);
    ctx.lineWidth = 2;
    ctx.strokeRect(c.x + 1, c.y + 1, c.width - 2, c.height - 2);
    ctx.setLineDash([]);
    ctx.font = `600 ${layout.captionFontSize}px "Clipwright Sans"`;
    ctx.textAlign = 'center';
    ctx.lineWidth = layout.captionFontSize / 10;
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.85)';
    ctx.fillStyle = '#FFFFFF';
    const lines = ['A strong earthquake shook eastern Taiwan', 'on Friday afternoon, officials said.'];
    const lh = layout.captionFontSize * 1.3;
    lines.forEach((l, i) => {
      const y = c.y + c.height - layout.captionFontSize * 0.55 - (lines.length - 1 - i) * lh;
      ctx.strokeText(l, c.x + c.width / 2, y);
      ctx.fillText(l, c.x + c.width / 2, y);
    });
  }
  return canvas.toBuffer('image/png');
}

const LONG_PLACE =
  '38 km SSW of San Pedro de Atacama, Provincia de El Loa, Región de Antofagasta, Chile (offshore)';
const CJK = '超輕量無線降噪藍牙耳機 旗艦版 限時特價 — 官方旗艦店獨家首發';
/** U+1FADC (Unicode 15): no installed font has it. */
const NO_FONT = '\u{1FADC}';

function hasFfmpeg(): boolean {
  return spawnSync('ffmpeg', ['-version']).status === 0;
}

describe('graphics preview', () => {
  const outDir = process.env.GRAPHICS_PREVIEW_DIR ?? path.join(os.tmpdir(), 'graphics-preview');

  jest.setTimeout(60_000);

  it.each([
    ['16x9', 1920, 1080],
    ['9x16', 1080, 1920],
  ])('composites the earthquake sample at %s', async (name, width, height) => {
    await fs.mkdir(outDir, { recursive: true });
    const layout = layoutFor(width, height);
    const bg = renderBackground(layout, defaultTheme, { label: 'AI-generated' });
    const title = renderTitleCard(layout, defaultTheme, { ...SAMPLE, label: 'AI-generated' });
    const strap = renderLowerThird(layout, defaultTheme, SAMPLE.strap);
    const card = renderDataCard(layout, defaultTheme, SAMPLE.card);

    await fs.writeFile(path.join(outDir, `${name}-title.png`), title.png);
    await fs.writeFile(
      path.join(outDir, `${name}-composite.png`),
      await composite(layout, [bg, card, strap], true),
    );
    await fs.writeFile(path.join(outDir, `${name}-background.png`), bg.png);
    await fs.writeFile(path.join(outDir, `${name}-lower-third.png`), strap.png);
    await fs.writeFile(path.join(outDir, `${name}-data-card.png`), card.png);

    // The medium tier has ffmpeg (scripts/setup.sh): without it this check must fail, not pass silently.
    expect(hasFfmpeg()).toBe(true);
    const files = ['background', 'data-card', 'lower-third'].map((f) =>
      path.join(outDir, `${name}-${f}.png`),
    );
    const out = path.join(outDir, `${name}-ffmpeg.png`);
    const filter = `[0][1]overlay=${card.x}:${card.y}:format=auto[a];[a][2]overlay=${strap.x}:${strap.y}:format=auto`;
    const run = spawnSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      ...files.flatMap((f) => ['-i', f]),
      '-filter_complex',
      filter,
      '-frames:v',
      '1',
      out,
    ]);
    expect(run.stderr.toString()).toBe('');
    expect(run.status).toBe(0);
    const img = await loadImage(await fs.readFile(out));
    expect([img.width, img.height]).toEqual([width, height]);
    // ffmpeg must blend the straight alpha the same way a browser-style canvas does.
    const pixels = async (png: Buffer): Promise<Uint8ClampedArray> => {
      const c = createCanvas(width, height).getContext('2d');
      c.drawImage(await loadImage(png), 0, 0);
      return c.getImageData(0, 0, width, height).data;
    };
    const ours = await pixels(await composite(layout, [bg, card, strap], false));
    const theirs = await pixels(await fs.readFile(out));
    let sum = 0;
    for (let i = 0; i < ours.length; i++) sum += Math.abs(ours[i] - theirs[i]);
    expect(sum / ours.length).toBeLessThan(1);
  });

  it.each([
    ['16x9', 1920, 1080],
    ['9x16', 1080, 1920],
    ['720p', 1280, 720],
    ['square', 1080, 1080],
  ])('draws long, six-row and CJK content at %s', async (name, width, height) => {
    await fs.mkdir(outDir, { recursive: true });
    const layout = layoutFor(width, height);
    const bg = renderBackground(layout, defaultTheme, { label: 'AI-generated' });
    const strap = renderLowerThird(layout, defaultTheme, {
      title: `Strong earthquake near ${LONG_PLACE}`,
      subtitle: LONG_PLACE,
    });
    const card = renderDataCard(layout, defaultTheme, {
      title: 'Quake facts',
      rows: [
        { label: 'Magnitude', value: '7.1 Mw' },
        { label: 'Depth', value: '112 km' },
        { label: 'Time', value: '13:42 local · 05:42 UTC' },
        { label: 'Location', value: LONG_PLACE },
        { label: 'Felt reports', value: '12,408' },
        { label: 'Tsunami', value: 'No threat' },
      ],
    });
    await fs.writeFile(
      path.join(outDir, `stress-${name}.png`),
      await composite(layout, [bg, card, strap], false),
    );
    const title = renderTitleCard(layout, defaultTheme, {
      kicker: 'Breaking news',
      title: `M 7.1 – ${LONG_PLACE}`,
      subtitle: 'Friday, November 21, 2025 · Updated 14:05 local time',
      label: 'AI-generated',
    });
    await fs.writeFile(path.join(outDir, `stress-${name}-title.png`), title.png);
    const cjkTitle = renderTitleCard(layout, defaultTheme, {
      kicker: '新品',
      title: CJK,
      subtitle: '2025年11月21日',
    });
    const cjkStrap = renderLowerThird(layout, defaultTheme, { title: CJK, subtitle: 'Mixed 中文 text' });
    await fs.writeFile(
      path.join(outDir, `stress-${name}-cjk.png`),
      await composite(layout, [cjkTitle, cjkStrap], false),
    );
    // The CJK title is drawn in glyphs: it differs from the same title with every ideograph
    // replaced by a character no font has (which Skia would draw as one repeated box).
    const boxes = renderTitleCard(layout, defaultTheme, {
      kicker: '新品',
      title: CJK.replace(/[\u4e00-\u9fff]/gu, NO_FONT),
      subtitle: '2025年11月21日',
    });
    expect(cjkTitle.png.equals(boxes.png)).toBe(false);
  });

  it.each([
    ['Chinese', '台', '湾'],
    ['Japanese', 'あ', 'カ'],
    ['Korean', '한', '국'],
    ['emoji', '🌋', '🌊'],
  ])('draws %s characters as glyphs, not as the box of a missing one', async (_script, a, b) => {
    const draw = async (text: string): Promise<Uint8ClampedArray> => {
      const c = createCanvas(120, 120).getContext('2d');
      c.font = `96px ${fontStack(defaultTheme.fontFamily)}`;
      c.fillStyle = '#000';
      c.fillText(text, 10, 100);
      return c.getImageData(0, 0, 120, 120).data;
    };
    const [ga, gb, box] = await Promise.all([draw(a), draw(b), draw(NO_FONT)]);
    const same = (x: Uint8ClampedArray, y: Uint8ClampedArray) => x.every((v, i) => v === y[i]);
    // Two missing characters draw the same box; two drawn ones differ, from each other and from it.
    expect(same(box, await draw('\u{1FADD}'))).toBe(true);
    expect([same(ga, gb), same(ga, box), ga.some((v) => v > 0)]).toEqual([false, false, true]);
  });
});
