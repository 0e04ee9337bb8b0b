import { renderLowerThird } from '@app/graphics';
import type { DrawContext, Drawn } from '../layer-kind';
import type { BoundLowerThird } from './lower-third.kind';

export async function draw(
  layer: BoundLowerThird,
  _r: unknown,
  _p: unknown,
  ctx: DrawContext,
): Promise<Drawn> {
  const g = renderLowerThird(ctx.layout, ctx.theme, layer);
  const file = `${ctx.name}.png`;
  await ctx.write(file, g.png);
  return {
    media: { type: 'still', file, opaque: false },
    rect: { x: g.x, y: g.y, width: g.width, height: g.height },
  };
}
