import { renderLowerThird } from '@app/graphics';
import type { DrawContext, Drawn } from '../layer-kind';
import { writeStill } from '../common/still.draw';
import type { BoundLowerThird } from './lower-third.kind';

export async function draw(
  layer: BoundLowerThird,
  _r: unknown,
  _p: unknown,
  ctx: DrawContext,
): Promise<Drawn | null> {
  // A strap whose title came out empty for this item (a story paragraph naming nobody) is not shown.
  if (!layer.title) return null;
  const g = renderLowerThird(ctx.layout, ctx.theme, layer);
  return writeStill(ctx, g, false);
}
