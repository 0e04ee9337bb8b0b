import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { type FrameLayout, isLandscape } from './layout';
import { mix, withAlpha } from './paint';
import type { Style } from './style';
import type { Theme } from './theme';

function radialGlow(
  ctx: SKRSContext2D,
  x: number,
  y: number,
  radius: number,
  color: string,
  alpha: number,
  w: number,
  h: number,
): void {
  const g = ctx.createRadialGradient(x, y, 0, x, y, radius);
  g.addColorStop(0, withAlpha(color, alpha));
  g.addColorStop(0.45, withAlpha(color, alpha * 0.45));
  g.addColorStop(1, withAlpha(color, 0));
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);
}

/** A fine grid that fades out towards the edges, so it reads as texture rather than as a chart. */
function paintGrid(ctx: SKRSContext2D, w: number, h: number, s: Style): void {
  const layer = createCanvas(w, h);
  const g = layer.getContext('2d');
  const step = Math.max(8, Math.round(60 * s.u));
  const line = Math.max(1, Math.round(s.u));
  g.fillStyle = withAlpha(s.onBackground, 0.055);
  const ox = Math.round((w % step) / 2);
  const oy = Math.round((h % step) / 2);
  for (let x = ox; x < w; x += step) g.fillRect(x, 0, line, h);
  for (let y = oy; y < h; y += step) g.fillRect(0, y, w, line);
  g.fillStyle = withAlpha(s.onBackground, 0.12);
  const dot = line * 3;
  for (let x = ox; x < w; x += step * 4) {
    for (let y = oy; y < h; y += step * 4) g.fillRect(x - line, y - line, dot, dot);
  }
  g.globalCompositeOperation = 'destination-in';
  const fade = g.createRadialGradient(w * 0.6, h * 0.42, 0, w * 0.6, h * 0.42, Math.hypot(w, h) * 0.62);
  fade.addColorStop(0, 'rgba(0, 0, 0, 1)');
  fade.addColorStop(0.55, 'rgba(0, 0, 0, 0.55)');
  fade.addColorStop(1, 'rgba(0, 0, 0, 0)');
  g.fillStyle = fade;
  g.fillRect(0, 0, w, h);
  ctx.drawImage(layer, 0, 0);
}

/** Rings spreading from one side of the frame: a quiet broadcast motif that suits any story. */
function paintRings(ctx: SKRSContext2D, layout: FrameLayout, theme: Theme, s: Style): void {
  const { width: w, height: h } = layout;
  const land = isLandscape(w, h);
  const cx = land ? w * 0.86 : w * 0.92;
  const cy = land ? h * 0.5 : h * 0.2;
  const step = 74 * s.u;
  ctx.save();
  for (let i = 1; i <= 14; i++) {
    const r = i * step;
    ctx.beginPath();
    ctx.arc(cx, cy, r, 0, Math.PI * 2);
    ctx.lineWidth = Math.max(1, (i % 3 === 0 ? 2 : 1) * s.u);
    ctx.strokeStyle = withAlpha(
      i % 3 === 0 ? theme.accent : s.onBackground,
      (i % 3 === 0 ? 0.2 : 0.07) * (1 - i / 16),
    );
    ctx.stroke();
  }
  ctx.restore();
  radialGlow(ctx, cx, cy, step * 5, theme.accent, 0.22, w, h);
}

/** The full-frame ground every other graphic sits on; `emphasis` adds the title card's motif. */
export function paintBackdrop(
  ctx: SKRSContext2D,
  layout: FrameLayout,
  theme: Theme,
  s: Style,
  emphasis: boolean,
): void {
  const { width: w, height: h } = layout;
  const [top, bottom] = theme.background;
  const base = ctx.createLinearGradient(0, 0, w * 0.3, h);
  base.addColorStop(0, top);
  base.addColorStop(1, bottom);
  ctx.fillStyle = base;
  ctx.fillRect(0, 0, w, h);

  const diag = Math.hypot(w, h);
  radialGlow(ctx, w * 0.78, h * 0.12, diag * 0.6, mix(top, '#FFFFFF', 0.25), 0.35, w, h);
  radialGlow(ctx, w * 0.02, h * 1.02, diag * 0.42, theme.accent, emphasis ? 0.16 : 0.1, w, h);

  // One broad, faint diagonal sweep of light adds depth without competing with text.
  ctx.save();
  const sweep = ctx.createLinearGradient(0, 0, w, h);
  sweep.addColorStop(0.3, withAlpha(s.onBackground, 0));
  sweep.addColorStop(0.48, withAlpha(s.onBackground, 0.035));
  sweep.addColorStop(0.52, withAlpha(s.onBackground, 0.035));
  sweep.addColorStop(0.7, withAlpha(s.onBackground, 0));
  ctx.fillStyle = sweep;
  ctx.fillRect(0, 0, w, h);
  ctx.restore();

  paintGrid(ctx, w, h, s);
  if (emphasis) paintRings(ctx, layout, theme, s);

  const vignette = ctx.createRadialGradient(w / 2, h / 2, diag * 0.25, w / 2, h / 2, diag * 0.62);
  vignette.addColorStop(0, 'rgba(0, 0, 0, 0)');
  vignette.addColorStop(1, 'rgba(0, 0, 0, 0.38)');
  ctx.fillStyle = vignette;
  ctx.fillRect(0, 0, w, h);
}
