import type { SKRSContext2D } from '@napi-rs/canvas';

export type Rgba = [number, number, number, number];

/** Parses #rgb, #rgba, #rrggbb, #rrggbbaa, rgb() and rgba(); null for anything else (named colours included). */
export function parseColor(color: string): Rgba | null {
  const c = color.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(c);
  if (hex) {
    let h = hex[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((d) => d + d).join('');
    if (h.length !== 6 && h.length !== 8) return null;
    const n = (i: number): number => parseInt(h.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), h.length === 8 ? n(6) / 255 : 1];
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(c);
  if (fn) {
    const alpha = fn[4] === undefined ? 1 : fn[4].endsWith('%') ? parseFloat(fn[4]) / 100 : parseFloat(fn[4]);
    return [Number(fn[1]), Number(fn[2]), Number(fn[3]), Math.min(1, Math.max(0, alpha))];
  }
  return null;
}

function css([r, g, b, a]: Rgba): string {
  const ch = (v: number): number => Math.round(Math.min(255, Math.max(0, v)));
  return `rgba(${ch(r)}, ${ch(g)}, ${ch(b)}, ${Math.round(a * 1000) / 1000})`;
}

/** The colour with its alpha multiplied by `alpha`; unparseable colours come back unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const p = parseColor(color);
  return p ? css([p[0], p[1], p[2], p[3] * alpha]) : color;
}

/** Linear mix from `a` (t = 0) to `b` (t = 1); falls back to `a` when either cannot be parsed. */
export function mix(a: string, b: string, t: number): string {
  const pa = parseColor(a);
  const pb = parseColor(b);
  if (!pa || !pb) return a;
  return css([0, 1, 2, 3].map((i) => pa[i] + (pb[i] - pa[i]) * t) as Rgba);
}

/** WCAG relative luminance, 0 (black) to 1 (white); unknown colours count as mid-grey. */
export function luminance(color: string): number {
  const p = parseColor(color);
  if (!p) return 0.5;
  const lin = (v: number): number => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(p[0]) + 0.7152 * lin(p[1]) + 0.0722 * lin(p[2]);
}

/** Text colour for something drawn straight on `surface`: white on dark, `dark` on light. */
export function inkOn(surface: string, dark: string): string {
  return luminance(surface) > 0.35 ? dark : '#FFFFFF';
}

export function roundRectPath(
  ctx: SKRSContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  radius: number | [number, number, number, number],
): void {
  const [tl, tr, br, bl] = (typeof radius === 'number' ? [radius, radius, radius, radius] : radius).map((r) =>
    Math.max(0, Math.min(r, w / 2, h / 2)),
  );
  ctx.beginPath();
  ctx.moveTo(x + tl, y);
  ctx.lineTo(x + w - tr, y);
  if (tr) ctx.arcTo(x + w, y, x + w, y + tr, tr);
  ctx.lineTo(x + w, y + h - br);
  if (br) ctx.arcTo(x + w, y + h, x + w - br, y + h, br);
  ctx.lineTo(x + bl, y + h);
  if (bl) ctx.arcTo(x, y + h, x, y + h - bl, bl);
  ctx.lineTo(x, y + tl);
  if (tl) ctx.arcTo(x, y, x + tl, y, tl);
  ctx.closePath();
}

export interface Shadow {
  color: string;
  blur: number;
  offsetY: number;
}

/** Runs `draw` with a drop shadow, restoring the context afterwards so later fills stay crisp. */
export function withShadow(ctx: SKRSContext2D, shadow: Shadow, draw: () => void): void {
  ctx.save();
  ctx.shadowColor = shadow.color;
  ctx.shadowBlur = shadow.blur;
  ctx.shadowOffsetX = 0;
  ctx.shadowOffsetY = shadow.offsetY;
  draw();
  ctx.restore();
}

/** Runs `draw` clipped to a rectangle: the last guarantee that nothing paints outside its box. */
export function clipped(
  ctx: SKRSContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  draw: () => void,
): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  draw();
  ctx.restore();
}
