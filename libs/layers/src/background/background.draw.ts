import { renderBackground } from '@app/graphics';
import type { DrawContext, Drawn } from '../layer-kind';
import { writeStill } from '../common/still.draw';

/** Drawn once per output and scene layout: an opaque still covering the frame. */
export async function draw(_layer: unknown, _r: unknown, _p: unknown, ctx: DrawContext): Promise<Drawn> {
  const g = renderBackground(ctx.layout, ctx.theme, { label: ctx.disclosure });
  return writeStill(ctx, g, true);
}
