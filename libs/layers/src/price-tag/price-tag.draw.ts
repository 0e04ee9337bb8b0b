import { renderPriceTag } from '@app/graphics';
import type { DrawContext, Drawn } from '../layer-kind';
import { writeStill } from '../common/still.draw';
import type { BoundPriceTag } from './price-tag.kind';

/** The tag drawn once per output (graphics' renderPriceTag); nothing when the price rendered empty. */
export async function draw(
  tag: BoundPriceTag,
  _r: unknown,
  _p: unknown,
  ctx: DrawContext,
): Promise<Drawn | null> {
  if (!tag.price) return null;
  return writeStill(ctx, renderPriceTag(ctx.layout, ctx.theme, tag), false);
}
