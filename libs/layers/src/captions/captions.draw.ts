import { type AssStyle, toAss } from '@app/captions';
import type { FrameLayout } from '@app/graphics';
import type { DrawContext, Drawn } from '../layer-kind';

/** Captions sit in the band the layout reserves for them: bottom-centred, white on a dark box. */
export function captionStyle(layout: FrameLayout): AssStyle {
  return {
    playResX: layout.width,
    playResY: layout.height,
    fontName: 'Noto Sans',
    fontSize: layout.captionFontSize,
    bold: false,
    primaryColour: '#FFFFFF',
    boxColour: '#0B0F1A',
    boxOpacity: 0.78,
    marginL: layout.captions.x,
    marginR: layout.width - (layout.captions.x + layout.captions.width),
    marginV: layout.height - (layout.captions.y + layout.captions.height),
  };
}

/** An ASS file of this scene's cues for this output's layout; nothing when the scene has no cues. */
export async function draw(
  _layer: unknown,
  _r: unknown,
  _p: unknown,
  ctx: DrawContext,
): Promise<Drawn | null> {
  if (ctx.cues.length === 0) return null;
  const file = `${ctx.name}.ass`;
  await ctx.write(file, toAss(ctx.cues, captionStyle(ctx.layout)));
  return { media: { type: 'subtitles', file }, rect: ctx.layout.captions };
}
