import { createCanvas } from '@napi-rs/canvas';
import { type Graphic, toGraphic } from './graphic';
import type { FrameLayout } from './layout';
import { roundRectPath, withShadow } from './paint';
import { styleFor } from './style';
import { drawFitted, fitText, normalizeText } from './text-fit';
import type { Theme } from './theme';

/** What a price tag shows: the price, and for a sale the old price (struck through) and a badge. */
export interface PriceTagContent {
  price: string;
  was?: string;
  badge?: string;
  note?: string;
}

/**
 * A price tag at the top right of the layout's card region (inside title-safe): a panel with the
 * badge pill, the price in the accent colour, the old price struck through in muted ink, and the
 * note. Texts shrink to fit the region's width (the note wraps to two lines), never leave it.
 */
export function renderPriceTag(layout: FrameLayout, theme: Theme, tag: PriceTagContent): Graphic {
  const s = styleFor(layout, theme);
  const r = (n: number): number => Math.round(n * s.u);
  const box = layout.dataCard;
  const pad = r(34);
  const inner = Math.max(1, box.width - 2 * s.inset - 2 * pad);
  const m = createCanvas(1, 1).getContext('2d');
  const fit = (text: string, weight: number, max: number, min: number, lines = 1) =>
    fitText(m, normalizeText(text), {
      family: s.family,
      weight,
      maxWidth: inner,
      maxSize: r(max),
      minSize: r(min),
      maxLines: lines,
    });
  const badge = tag.badge ? fit(tag.badge, 800, 30, 18) : null;
  const price = fit(tag.price, 800, 112, 48);
  const was = tag.was ? fit(tag.was, 500, 46, 24) : null;
  const note = tag.note ? fit(tag.note, 400, 28, 18, 2) : null;
  const gap = r(18);
  const badgeH = badge ? Math.round(badge.size * 1.7) : 0;
  const priceH = Math.round(price.size * 1.05);
  const wasH = was ? Math.round(was.size * 1.3) : 0;
  const noteH = note ? Math.round(note.lineHeightPx * note.lines.length) : 0;
  const contentH = [badgeH, priceH, wasH, noteH].filter(Boolean).reduce((a, b) => a + b + gap, -gap);
  const widest = Math.max(price.width, was?.width ?? 0, note?.width ?? 0, badge ? badge.width + r(36) : 0);
  const panelW = Math.ceil(Math.min(box.width - 2 * s.inset, widest + 2 * pad));
  const panelH = Math.ceil(contentH + 2 * pad);
  const w = panelW + 2 * s.inset;
  const h = panelH + 2 * s.inset;
  const canvas = createCanvas(w, h);
  const c = canvas.getContext('2d');
  withShadow(c, s.shadow, () => {
    roundRectPath(c, s.inset, s.inset, panelW, panelH, r(18));
    c.fillStyle = theme.panel;
    c.fill();
  });
  const x = s.inset + pad;
  let y = s.inset + pad;
  if (badge) {
    roundRectPath(c, x, y, badge.width + r(36), badgeH, badgeH / 2);
    c.fillStyle = theme.accent;
    c.fill();
    drawFitted(c, badge, x + r(18), y + badgeH / 2 + (badge.metrics.cap * badge.size) / 2, theme.accentText);
    y += badgeH + gap;
  }
  drawFitted(
    c,
    price,
    x,
    y + price.metrics.cap * price.size + (priceH - price.metrics.cap * price.size) / 2,
    theme.accent,
  );
  y += priceH + gap;
  if (was) {
    const base = y + was.metrics.cap * was.size;
    drawFitted(c, was, x, base, theme.muted);
    // The strike: through the middle of the figures, as thick as a stem.
    c.fillStyle = theme.muted;
    c.fillRect(
      x - r(4),
      Math.round(base - (was.metrics.cap * was.size) / 2 - r(2)),
      was.width + r(8),
      Math.max(2, r(4)),
    );
    y += wasH + gap;
  }
  if (note) drawFitted(c, note, x, y + note.metrics.cap * note.size, theme.muted);
  // Top right of the card region: the picture keeps the rest of the frame.
  return toGraphic(canvas, box.x + box.width - w, box.y);
}
