import type { Image } from '@napi-rs/canvas';
import { renderTitleCard } from '@app/graphics';
import type { DrawContext, Drawn, LoadContext } from '../layer-kind';
import { loadPicture } from '../common/picture.load';
import { writeStill } from '../common/still.draw';
import type { BoundTitle } from './title.kind';

export async function load(layer: BoundTitle, ctx: LoadContext): Promise<Image | undefined> {
  return layer.image ? loadPicture(layer.image.ref, layer.image.fromData, ctx, 'image') : undefined;
}

export async function draw(
  layer: BoundTitle,
  photo: Image | undefined,
  _p: unknown,
  ctx: DrawContext,
): Promise<Drawn> {
  // The opaque card hides the background's disclosure label: it carries its own.
  const g = renderTitleCard(ctx.layout, ctx.theme, { ...layer, label: ctx.disclosure }, photo);
  return writeStill(ctx, g, true);
}
