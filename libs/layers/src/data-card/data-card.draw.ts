import { renderDataCard } from '@app/graphics';
import type { DrawContext, Drawn } from '../layer-kind';
import { writeStill } from '../common/still.draw';
import type { BoundDataCard } from './data-card.kind';

/** Nothing to show when every row dropped out. */
export async function draw(
  card: BoundDataCard,
  _r: unknown,
  _p: unknown,
  ctx: DrawContext,
): Promise<Drawn | null> {
  if (card.rows.length === 0) return null;
  const g = renderDataCard(ctx.layout, ctx.theme, card);
  return writeStill(ctx, g, false);
}
