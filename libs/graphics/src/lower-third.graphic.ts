import { createCanvas } from '@napi-rs/canvas';
import { type Graphic, toGraphic } from './graphic';
import { type FrameLayout, isLandscape } from './layout';
import { clipped, mix, roundRectPath, withShadow } from './paint';
import { styleFor } from './style';
import { capBlockHeight, drawFitted, fitText, normalizeText } from './text-fit';
import type { Theme } from './theme';

export interface LowerThirdText {
  title: string;
  subtitle?: string;
}

/**
 * Headline strap: a light bar with the headline (up to two lines) over a dark bar with the
 * subtitle, tied together by an accent stripe. The PNG is as wide as the text needs, bottom-left in
 * `layout.lowerThird`, with transparent room around it for the shadow.
 */
export function renderLowerThird(layout: FrameLayout, theme: Theme, text: LowerThirdText): Graphic {
  const s = styleFor(layout, theme);
  const { u, inset } = s;
  const r = (n: number): number => Math.round(n * u);
  const box = layout.lowerThird;
  const land = isLandscape(layout.width, layout.height);

  const measureCtx = createCanvas(1, 1).getContext('2d');
  const stripe = Math.max(2, r(10));
  const padX = r(28);
  const maxText = Math.max(1, box.width - 2 * inset - stripe - 2 * padX);

  const subtitle = normalizeText(text.subtitle ?? '');
  const sub = subtitle
    ? fitText(measureCtx, subtitle, {
        family: s.family,
        weight: 400,
        maxWidth: maxText,
        maxSize: r(land ? 28 : 30),
        minSize: Math.max(8, r(20)),
      })
    : null;
  const subPadY = r(13);
  const subHeight = sub ? Math.round(2 * subPadY + sub.metrics.cap * sub.size) : 0;

  const headPadY = r(21);
  const head = fitText(measureCtx, text.title, {
    family: s.family,
    weight: 700,
    maxWidth: maxText,
    maxSize: r(land ? 46 : 48),
    minSize: Math.max(8, r(30)),
    maxLines: 2,
    lineHeight: 1.14,
    maxHeight: box.height - 2 * inset - subHeight - 2 * headPadY,
    heightBy: 'caps',
  });
  const headHeight = head.lines.length ? Math.round(2 * headPadY + capBlockHeight(head)) : 0;

  const headWidth = head.lines.length ? Math.ceil(stripe + 2 * padX + head.width) : 0;
  const subWidth = sub ? Math.ceil(stripe + 2 * padX + sub.width) : 0;
  const barsWidth = Math.min(box.width - 2 * inset, Math.max(headWidth, subWidth));
  const width = barsWidth + 2 * inset;
  const height = Math.min(box.height, headHeight + subHeight + 2 * inset);

  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const x0 = inset;
  const y0 = inset;
  const radius = 4 * u;
  const headW = Math.min(barsWidth, headWidth);
  const subW = Math.min(barsWidth, subWidth);

  const shapes = (): void => {
    roundRectPath(ctx, x0, y0, headW, headHeight, [0, radius, sub && subW >= headW ? 0 : radius, 0]);
    ctx.fill();
    if (sub) {
      roundRectPath(ctx, x0, y0 + headHeight, subW, subHeight, [0, subW > headW ? radius : 0, radius, 0]);
      ctx.fill();
    }
  };
  withShadow(ctx, s.shadow, () => {
    ctx.fillStyle = theme.panel;
    shapes();
  });

  const headFill = ctx.createLinearGradient(0, y0, 0, y0 + headHeight);
  headFill.addColorStop(0, theme.panel);
  headFill.addColorStop(1, mix(theme.panel, theme.panelText, 0.07));
  ctx.fillStyle = headFill;
  roundRectPath(ctx, x0, y0, headW, headHeight, [0, radius, sub && subW >= headW ? 0 : radius, 0]);
  ctx.fill();
  if (sub) {
    // A touch lighter at the top than the text colour it is made of, so it parts from dark grounds.
    const subFill = ctx.createLinearGradient(0, y0 + headHeight, 0, y0 + headHeight + subHeight);
    subFill.addColorStop(0, mix(theme.panelText, theme.panel, 0.14));
    subFill.addColorStop(1, mix(theme.panelText, theme.panel, 0.04));
    ctx.fillStyle = subFill;
    roundRectPath(ctx, x0, y0 + headHeight, subW, subHeight, [0, subW > headW ? radius : 0, radius, 0]);
    ctx.fill();
  }
  const stripeFill = ctx.createLinearGradient(0, y0, 0, y0 + headHeight + subHeight);
  stripeFill.addColorStop(0, mix(theme.accent, '#FFFFFF', 0.06));
  stripeFill.addColorStop(1, mix(theme.accent, '#000000', 0.15));
  ctx.fillStyle = stripeFill;
  ctx.fillRect(x0, y0, stripe, headHeight + subHeight);

  const textX = x0 + stripe + padX;
  clipped(ctx, x0 + stripe, y0, headW - stripe, headHeight, () =>
    drawFitted(ctx, head, textX, y0 + headPadY + head.metrics.cap * head.size, theme.panelText),
  );
  if (sub) {
    clipped(ctx, x0 + stripe, y0 + headHeight, subW - stripe, subHeight, () =>
      drawFitted(ctx, sub, textX, y0 + headHeight + subPadY + sub.metrics.cap * sub.size, theme.panel),
    );
  }

  return toGraphic(canvas, box.x, box.y + box.height - height);
}
