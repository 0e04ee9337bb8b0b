import { renderLowerThird } from '@app/graphics';
import type { DrawContext, Drawn } from '../layer-kind';
import { writeStill } from '../common/still.draw';
import type { BoundLowerThird } from './lower-third.kind';

export async function draw(
  layer: BoundLowerThird,
  _r: unknown,
  _p: unknown,
  ctx: DrawContext,
): Promise<Drawn> {
  const g = renderLowerThird(ctx.layout, ctx.theme, layer);
  return writeStill(ctx, g, false);
}
