import { createCanvas } from '@napi-rs/canvas';
import { ClipwrightError, ErrorCode } from '@app/core';
import { FONT_FAMILY, fontStack, registerFonts } from '@app/graphics';
import { LabelPlan } from './label-plan';

/** Colours of the badge: CSS colours, the background translucent so the picture shows through. */
export interface LabelStyle {
  background: string;
  text: string;
}

export const DEFAULT_LABEL_STYLE: LabelStyle = { background: 'rgba(0, 0, 0, 0.62)', text: '#ffffff' };

/** The narrowest the text may be squeezed horizontally when a face is wider than the plan reserved. */
const MIN_SQUEEZE = 0.7;

/**
 * Draws the visible label as an RGBA PNG of exactly `plan.rect`'s size, for the engine to overlay
 * at `plan.rect.x, plan.rect.y` from `plan.start` to `plan.end` as a still: a rounded badge, as
 * tall as the rect, as wide as the text needs, aligned to the placement's side; the rest is
 * transparent. The text's ink (capitals or ideographs) is at least `plan.minTextHeight` tall.
 * @throws ClipwrightError INTERNAL if the installed fonts cannot fit the wording into the plan.
 */
export function renderLabelPng(plan: LabelPlan, style: LabelStyle = DEFAULT_LABEL_STYLE): Buffer {
  registerFonts();
  const { width, height } = plan.rect;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const family = fontStack(FONT_FAMILY);
  let size = plan.fontSize;
  ctx.font = `700 ${size}px ${family}`;
  let m = ctx.measureText(plan.text);
  const ink = m.actualBoundingBoxAscent + m.actualBoundingBoxDescent;
  // Wording without capitals or ideographs ("ai") is enlarged until its own ink reaches the minimum.
  if (ink > 0 && ink < plan.minTextHeight) {
    size = Math.min(Math.ceil((size * plan.minTextHeight) / ink), height - 2 * plan.padding.y);
    ctx.font = `700 ${size}px ${family}`;
    m = ctx.measureText(plan.text);
  }
  const available = width - 2 * plan.padding.x;
  const squeeze = Math.min(1, available / Math.max(1, m.width));
  if (squeeze < MIN_SQUEEZE) {
    throw new ClipwrightError(
      ErrorCode.Internal,
      `Label "${plan.text}" is ${Math.round(m.width)} px wide in the installed fonts; the plan reserved ${available} px`,
    );
  }
  const badgeWidth = Math.min(width, Math.ceil(m.width * squeeze) + 2 * plan.padding.x);
  const side = plan.placement.split('-')[1];
  const x =
    side === 'left' ? 0 : side === 'right' ? width - badgeWidth : Math.floor((width - badgeWidth) / 2);

  ctx.fillStyle = style.background;
  ctx.beginPath();
  ctx.roundRect(x, 0, badgeWidth, height, Math.round(height * 0.18));
  ctx.fill();

  // Centre the ink, not the line box: CJK and Latin sit differently on the baseline.
  const baseline =
    (height - (m.actualBoundingBoxAscent + m.actualBoundingBoxDescent)) / 2 + m.actualBoundingBoxAscent;
  ctx.save();
  ctx.translate(x + plan.padding.x, 0);
  ctx.scale(squeeze, 1);
  ctx.fillStyle = style.text;
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(plan.text, 0, baseline);
  ctx.restore();
  return canvas.toBuffer('image/png');
}
