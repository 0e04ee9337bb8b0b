import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Rect } from './layout';
import { clipped, mix, roundRectPath, withAlpha } from './paint';
import type { Style } from './style';
import { drawFitted, fitText, fontMetrics, fontString, measureWidth, normalizeText } from './text-fit';
import type { Theme } from './theme';

/** Channel bug: an accent tile with the channel's initial, then the name in tracked capitals. */
export function paintBug(ctx: SKRSContext2D, rect: Rect, theme: Theme, s: Style): void {
  const name = normalizeText(theme.channelName, true);
  if (!name) return;
  const h = rect.height;
  const x = rect.x + s.inset;
  const tile = h;
  const maxRight = rect.x + rect.width;
  if (x + tile > maxRight) return;

  const g = ctx.createLinearGradient(x, rect.y, x, rect.y + h);
  g.addColorStop(0, mix(theme.accent, '#FFFFFF', 0.08));
  g.addColorStop(1, mix(theme.accent, '#000000', 0.18));
  ctx.fillStyle = g;
  roundRectPath(ctx, x, rect.y, tile, h, 6 * s.u);
  ctx.fill();
  // A hairline highlight on the tile's top edge, as on a lit, slightly raised badge.
  ctx.fillStyle = withAlpha('#FFFFFF', 0.25);
  ctx.fillRect(x + 6 * s.u, rect.y + Math.max(1, s.u), tile - 12 * s.u, Math.max(1, s.u));

  const initial = [...name.replace(/[^\p{L}\p{N}]/gu, '')][0] ?? '';
  if (initial) {
    const style = { family: s.family, weight: 700 };
    const f = fitText(ctx, initial, {
      ...style,
      maxWidth: tile * 0.7,
      maxSize: Math.round(h * 0.56),
      minSize: 8,
    });
    const m = fontMetrics(ctx, style);
    const baseline = rect.y + (h + m.cap * f.size) / 2;
    clipped(ctx, x, rect.y, tile, h, () =>
      drawFitted(ctx, f, x + (tile - f.width) / 2, baseline, theme.accentText),
    );
  }

  const textX = x + tile + Math.round(16 * s.u);
  const room = maxRight - textX;
  if (room < 8 * s.u) return;
  const bold = { family: s.family, weight: 700, letterSpacing: 0.06 };
  const f = fitText(ctx, name, {
    ...bold,
    maxWidth: room,
    maxSize: Math.round(h * 0.36),
    minSize: Math.max(8, Math.round(h * 0.22)),
  });
  const baseline = rect.y + (h + f.metrics.cap * f.size) / 2;
  const words = f.lines[0]?.split(' ') ?? [];
  clipped(ctx, textX, rect.y, room, h, () => {
    if (f.truncated || words.length < 2) {
      drawFitted(ctx, f, textX, baseline, s.onBackground);
      return;
    }
    // Two-tone lockup: the last word lighter, as channel names are usually styled.
    const head = words.slice(0, -1).join(' ') + ' ';
    const tail = words[words.length - 1];
    const headWidth = measureWidth(ctx, f.font, f.letterSpacingPx, head) + f.letterSpacingPx;
    ctx.save();
    ctx.letterSpacing = `${f.letterSpacingPx}px`;
    ctx.textBaseline = 'alphabetic';
    ctx.textAlign = 'left';
    ctx.font = f.font;
    ctx.fillStyle = s.onBackground;
    ctx.fillText(head, textX, baseline);
    ctx.font = fontString({ family: s.family, weight: 400 }, f.size);
    ctx.fillStyle = s.onBackgroundSoft;
    ctx.fillText(tail, textX + headWidth, baseline);
    ctx.restore();
  });
}

/** Disclosure label: a quiet outlined pill, right-aligned, with a small accent spark. */
export function paintLabel(ctx: SKRSContext2D, rect: Rect, text: string, theme: Theme, s: Style): void {
  const label = normalizeText(text, true);
  if (!label) return;
  const h = rect.height;
  const right = rect.x + rect.width - s.inset;
  const padX = Math.round(h * 0.4);
  const icon = Math.round(h * 0.34);
  const gap = Math.round(h * 0.22);
  const maxText = right - rect.x - 2 * padX - icon - gap;
  if (maxText < 8) return;
  const f = fitText(ctx, label, {
    family: s.family,
    weight: 700,
    letterSpacing: 0.12,
    maxWidth: maxText,
    maxSize: Math.round(h * 0.38),
    minSize: Math.max(7, Math.round(h * 0.26)),
  });
  const pillWidth = Math.ceil(2 * padX + icon + gap + f.width);
  const x = right - pillWidth;
  const line = Math.max(1, 1.5 * s.u);

  roundRectPath(ctx, x + line / 2, rect.y + line / 2, pillWidth - line, h - line, h / 2);
  ctx.fillStyle = withAlpha('#000000', 0.28);
  ctx.fill();
  ctx.lineWidth = line;
  ctx.strokeStyle = withAlpha(s.onBackground, 0.38);
  ctx.stroke();

  // Four-pointed spark: the common shorthand for "made by AI".
  const cx = x + padX + icon / 2;
  const cy = rect.y + h / 2;
  const r = icon / 2;
  const k = r * 0.28;
  ctx.beginPath();
  ctx.moveTo(cx, cy - r);
  ctx.quadraticCurveTo(cx + k, cy - k, cx + r, cy);
  ctx.quadraticCurveTo(cx + k, cy + k, cx, cy + r);
  ctx.quadraticCurveTo(cx - k, cy + k, cx - r, cy);
  ctx.quadraticCurveTo(cx - k, cy - k, cx, cy - r);
  ctx.closePath();
  ctx.fillStyle = theme.accent;
  ctx.fill();

  const textX = x + padX + icon + gap;
  const baseline = rect.y + (h + f.metrics.cap * f.size) / 2;
  clipped(ctx, rect.x, rect.y, rect.width, h, () => drawFitted(ctx, f, textX, baseline, s.onBackground));
}
