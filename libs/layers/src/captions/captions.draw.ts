import { type AssStyle, resolveCaptionStyle, toAss } from '@app/captions';
import type { Rect } from '@app/core';
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
  const cues = Object.keys(cueOptions).length === 0 ? ctx.cues : ctx.cuesWith(cueOptions);
  const file = `${ctx.name}.ass`;
  await ctx.write(file, toAss(cues, ass));
  const rect = layer.style === 'broadcast' ? ctx.layout.captions : captionRect(ass);
  return { media: { type: 'subtitles', file }, rect };
}
