import { renderBackground } from '@app/graphics';
import type { DrawContext, Drawn } from '../layer-kind';

/** Drawn once per output and scene layout: an opaque still covering the frame. */
export async function draw(_layer: unknown, _r: unknown, _p: unknown, ctx: DrawContext): Promise<Drawn> {
  const g = renderBackground(ctx.layout, ctx.theme, { label: ctx.disclosure });
  const file = `${ctx.name}.png`;
  await ctx.write(file, g.png);
  return {
    media: { type: 'still', file, opaque: true },
    rect: { x: g.x, y: g.y, width: g.width, height: g.height },
  };
}
