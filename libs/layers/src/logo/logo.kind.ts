import type { LayerSpec } from '../kind-definition';
import { defineKind } from '../layer-kind';
import { isLiquid } from '../common/picture';
import { TEXT, WINDOW_PROPERTIES } from '../common/schema';
import { checkTemplateFile } from '../common/template-file';
import { frames, timedWindow } from '../common/window';

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

export type LogoLayer = LayerSpec & {
  type: 'logo';
  src?: string;
  corner?: Corner;
  size?: number;
  opacity?: number;
  start?: number;
  end?: number;
};

export interface BoundLogo {
  src?: { ref: string; fromData: boolean };
  corner: Corner;
  /** Height as a fraction of the frame's height. */
  size: number;
  opacity: number;
  start?: number;
  end?: number;
}

/**
 * A logo or bug: a PNG, WebP or SVG with alpha (a file of the template folder, one the data
 * names, or by default the brand's logo) in a corner of the title-safe area, `size` of the frame's height tall (at most 30% of the
 * safe width wide). Top right it sits under the AI label; top left where a background draws its
 * channel-name bug, so use one or the other there.
 */
export const logoKind = defineKind<LogoLayer, BoundLogo, unknown, undefined>({
  type: 'logo',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: {
      type: { const: 'logo' },
      src: {
        ...TEXT,
        description:
          "PNG, WebP or SVG of the template folder, or Liquid naming one in the data; default the brand's logo (none: nothing is drawn)",
      },
      corner: {
        enum: ['top-left', 'top-right', 'bottom-left', 'bottom-right'],
        description: 'default top-left',
      },
      size: {
        type: 'number',
        minimum: 0.03,
        maximum: 0.25,
        description: "height, fraction of the frame's (default 0.07)",
      },
      opacity: { type: 'number', minimum: 0.1, maximum: 1, description: 'default 0.9' },
      ...WINDOW_PROPERTIES,
    },
  },
  check: (layer, at, ctx) => checkTemplateFile(layer.src, at, ctx, 'src'),
  bind: async (layer, text) => {
    const ref = layer.src === undefined ? undefined : await text.render(layer.src, 'src');
    return {
      ...(ref && layer.src ? { src: { ref, fromData: isLiquid(layer.src) } } : {}),
      corner: layer.corner ?? 'top-left',
      size: layer.size ?? 0.07,
      opacity: layer.opacity ?? 0.9,
      start: layer.start,
      end: layer.end,
    };
  },
  endsAt: (layer) => (layer.end !== undefined && layer.end > 0 ? layer.end : undefined),
  place: (layer, _drawn, scene, { rate }) => {
    const window = timedWindow(scene, rate, layer, 0);
    if (!window) return null;
    const fade = Math.min(frames(0.3, rate), Math.floor((window.end - window.start) / 2));
    return { plane: 'scene', window, fadeIn: layer.start ? fade : 0, fadeOut: 0, motion: { type: 'still' } };
  },
  painter: () => import('./logo.draw'),
});
