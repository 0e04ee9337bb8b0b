import type { Graphic } from '@app/graphics';
import type { DrawContext, Drawn } from '../layer-kind';

/** Writes a drawn still as `<name>.png` in the job's folder and describes it as the layer's media. */
export async function writeStill(ctx: DrawContext, g: Graphic, opaque: boolean): Promise<Drawn> {
  const file = `${ctx.name}.png`;
  await ctx.write(file, g.png);
  return {
    media: { type: 'still', file, opaque },
    rect: { x: g.x, y: g.y, width: g.width, height: g.height },
  };
}
