import { type AssStyle, resolveCaptionStyle, toAss } from '@app/captions';
import type { Rect } from '@app/core';
import type { FrameLayout } from '@app/graphics';
import type { DrawContext, Drawn } from '../layer-kind';
import type { BoundCaptions } from './captions.kind';

/** Lines a cue may hold, and their height in ems (the layout's caption band allows 1.4). */
const MAX_LINES = 2;
const LINE_EM = 1.4;

/** Where the captions rest: the band between the margins, two lines high, at the style's position. */
function captionRect(ass: AssStyle): Rect {
  const width = ass.playResX - ass.marginL - ass.marginR;
  const height = Math.min(ass.playResY, Math.ceil(MAX_LINES * LINE_EM * ass.fontSize));
  const position = ass.position ?? 'bottom';
  const y =
    position === 'top'
      ? ass.marginV
      : position === 'middle'
        ? Math.round((ass.playResY - height) / 2)
        : ass.playResY - ass.marginV - height;
  return { x: ass.marginL, y: Math.max(0, y), width, height };
}

/**
 * Bottom captions placed by their style (social sits high, out of the apps' bottom band) would run
 * into the layout's lower third: they move up to sit just above it, never lower than the style put them.
 */
function clearOfStrap(ass: AssStyle, layout: FrameLayout): void {
  if ((ass.position ?? 'bottom') !== 'bottom') return;
  const rect = captionRect(ass);
  const strap = layout.lowerThird;
  const overlaps =
    rect.y < strap.y + strap.height &&
    strap.y < rect.y + rect.height &&
    rect.x < strap.x + strap.width &&
    strap.x < rect.x + rect.width;
  if (!overlaps) return;
  const gap = Math.round(ass.fontSize * 0.3);
  ass.marginV = Math.max(ass.marginV, layout.height - strap.y + gap);
}

/**
 * An ASS file of this scene's cues in the layer's style for this output's layout; nothing when the
 * scene has no cues. A style with its own line limits (social's short lines) gets its cues laid
 * out again with them.
 */
export async function draw(
  layer: BoundCaptions,
  _r: unknown,
  _p: unknown,
  ctx: DrawContext,
): Promise<Drawn | null> {
  if (ctx.cues.length === 0) return null;
  const { ass, cueOptions } = resolveCaptionStyle(layer.style, {
    width: ctx.layout.width,
    height: ctx.layout.height,
    band: ctx.layout.captions,
    fontSize: ctx.layout.captionFontSize,
  });
  if (layer.style !== 'broadcast') clearOfStrap(ass, ctx.layout);
  const cues = Object.keys(cueOptions).length === 0 ? ctx.cues : ctx.cuesWith(cueOptions);
  const file = `${ctx.name}.ass`;
  await ctx.write(file, toAss(cues, ass));
  const rect = layer.style === 'broadcast' ? ctx.layout.captions : captionRect(ass);
  return { media: { type: 'subtitles', file }, rect };
}
