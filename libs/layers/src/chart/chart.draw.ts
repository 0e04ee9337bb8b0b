import { ClipwrightError, ErrorCode, type Rect } from '@app/core';
import { type FrameLayout, layoutUnit } from '@app/graphics';
import type { ViewBox } from '@app/timeline';
import type { DrawContext, Drawn, LoadContext } from '../layer-kind';
import type { BoundChart } from './chart.kind';
import { renderChart } from './chart.render';
import { graphicStyle } from './chart.theme';
import { checkVegaLiteSpec } from './vega-spec.check';

/**
 * The spec, once per job: inline, or read from the template folder through the caller's reader and
 * checked again (the file could have changed since the template loaded).
 */
export async function load(layer: BoundChart, ctx: LoadContext): Promise<Record<string, unknown>> {
  if ('inline' in layer.spec) return layer.spec.inline;
  const where = `${ctx.where}.spec`;
  let spec: unknown;
  try {
    spec = JSON.parse((await ctx.templateImages(layer.spec.file, ctx.signal)).toString('utf8'));
  } catch (e) {
    if (e instanceof ClipwrightError) throw e;
    throw new ClipwrightError(ErrorCode.TemplateInvalid, `${where}: "${layer.spec.file}" is not JSON`, {
      path: where,
      cause: e,
    });
  }
  checkVegaLiteSpec(spec, where);
  return spec as Record<string, unknown>;
}

/**
 * Where a graphic goes when its layer gives no box: the safe area's width, from below the channel
 * bug to above the lower third, so a strap and captions can run with it (every aspect reflows).
 */
export function graphicsArea(layout: FrameLayout): Rect {
  const gap = Math.round(24 * layoutUnit(layout));
  const top = layout.bug.y + layout.bug.height + gap;
  const bottom = layout.lowerThird.y - gap;
  return { x: layout.safe.x, y: top, width: layout.safe.width, height: Math.max(2, bottom - top) };
}

/** A box of fractions of the frame in pixels, or the layout's graphics area. */
export function boxRect(box: ViewBox | undefined, ctx: Pick<DrawContext, 'frame' | 'layout'>): Rect {
  if (!box) return graphicsArea(ctx.layout);
  const { width: fw, height: fh } = ctx.frame;
  return {
    x: Math.round(box.x * fw),
    y: Math.round(box.y * fh),
    width: Math.max(2, Math.round(box.width * fw)),
    height: Math.max(2, Math.round(box.height * fh)),
  };
}

/** The chart drawn once for this output at its box's size, on the theme's panel. */
export async function draw(
  layer: BoundChart,
  spec: Record<string, unknown>,
  _p: unknown,
  ctx: DrawContext,
): Promise<Drawn | null> {
  const rect = boxRect(layer.box, ctx);
  const chart = await renderChart({
    spec,
    values: layer.values ?? [],
    title: layer.title,
    subtitle: layer.subtitle,
    width: rect.width,
    height: rect.height,
    unit: layoutUnit(ctx.layout),
    style: graphicStyle(ctx.theme),
    where: ctx.where,
  });
  const file = `${ctx.name}.png`;
  await ctx.write(file, chart.png);
  return {
    media: { type: 'still', file, opaque: false },
    rect: { x: rect.x, y: rect.y, width: chart.width, height: chart.height },
  };
}
