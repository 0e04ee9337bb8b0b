import { createCanvas, type Image } from '@napi-rs/canvas';
import { paintBackdrop } from './backdrop';
import { paintBug, paintLabel } from './brand-marks';
import { type Graphic, toGraphic } from './graphic';
import type { FrameLayout } from './layout';
import { clipped, mix } from './paint';
import { paintPhoto } from './photo';
import { styleFor } from './style';
import { capBlockHeight, drawFitted, fitText, normalizeText } from './text-fit';
import type { Theme } from './theme';

export interface TitleCardText {
  /** Short category line above the title, e.g. 'EARTHQUAKE'; shown in capitals. */
  kicker: string;
  title: string;
  subtitle?: string;
  /** Disclosure label (e.g. 'AI-generated') drawn in `layout.label`, as on the background. */
  label?: string;
}

/**
 * Full-frame, opaque opening card: kicker chip, a title of up to two lines, an accent rule and a
 * subtitle, left-aligned and centred as a block in `layout.title`; over the channel's backdrop, or
 * over `photo` (see paintPhoto) when the data brings one.
 */
export function renderTitleCard(
  layout: FrameLayout,
  theme: Theme,
  text: TitleCardText,
  photo?: Image,
): Graphic {
  const s = styleFor(layout, theme);
  const { u, inset } = s;
  const canvas = createCanvas(layout.width, layout.height);
  const ctx = canvas.getContext('2d');
  if (photo) paintPhoto(ctx, layout, theme, photo);
  else paintBackdrop(ctx, layout, theme, s, true);
  paintBug(ctx, layout.bug, theme, s);
  if (text.label) paintLabel(ctx, layout.label, text.label, theme, s);

  const box = layout.title;
  const x = box.x + inset;
  const maxWidth = Math.max(1, box.width - 2 * inset);
  const r = (n: number): number => Math.round(n * u);

  const kicker = normalizeText(text.kicker, true);
  const chipPad = r(18);
  const chipHeight = r(50);
  const k = kicker
    ? fitText(ctx, kicker, {
        family: s.family,
        weight: 700,
        letterSpacing: 0.16,
        maxWidth: maxWidth - 2 * chipPad,
        maxSize: r(26),
        minSize: Math.max(8, r(16)),
      })
    : null;
  const chipBlock = k ? chipHeight + r(34) : 0;

  const subtitle = normalizeText(text.subtitle ?? '');
  const sub = subtitle
    ? fitText(ctx, subtitle, {
        family: s.family,
        weight: 400,
        maxWidth,
        maxSize: r(38),
        minSize: Math.max(8, r(22)),
      })
    : null;
  const rule = { width: r(96), height: Math.max(2, r(6)), before: r(34), after: r(30) };
  const subBlock = sub
    ? rule.before + rule.height + rule.after + capBlockHeight(sub) + sub.metrics.descent * sub.size
    : 0;

  const t = fitText(ctx, text.title, {
    family: s.family,
    weight: 700,
    maxWidth,
    maxSize: r(86),
    minSize: Math.max(10, r(44)),
    maxLines: 2,
    lineHeight: 1.1,
    maxHeight: Math.max(1, box.height - chipBlock - subBlock),
  });
  // The title's accents may rise into the gap above it; what is centred is caps to descenders.
  const titleBlock = t.lines.length ? capBlockHeight(t) + t.metrics.descent * t.size : 0;
  const blockHeight = chipBlock + titleBlock + subBlock;
  let y = box.y + Math.max(0, (box.height - blockHeight) / 2);

  clipped(ctx, box.x, box.y, box.width, box.height, () => {
    if (k) {
      const chipWidth = Math.ceil(k.width + 2 * chipPad);
      const g = ctx.createLinearGradient(x, y, x + chipWidth, y);
      g.addColorStop(0, theme.accent);
      g.addColorStop(1, mix(theme.accent, '#000000', 0.12));
      ctx.fillStyle = g;
      ctx.fillRect(x, Math.round(y), chipWidth, chipHeight);
      drawFitted(
        ctx,
        k,
        x + chipPad,
        Math.round(y) + (chipHeight + k.metrics.cap * k.size) / 2,
        theme.accentText,
      );
      y += chipBlock;
    }
    if (t.lines.length) {
      drawFitted(ctx, t, x, y + t.metrics.cap * t.size, s.onBackground);
      y += titleBlock;
    }
    if (sub) {
      y += rule.before;
      ctx.fillStyle = theme.accent;
      ctx.fillRect(x, Math.round(y), rule.width, rule.height);
      y += rule.height + rule.after;
      drawFitted(ctx, sub, x, y + sub.metrics.cap * sub.size, s.onBackgroundSoft);
    }
  });
  return toGraphic(canvas, 0, 0);
}
