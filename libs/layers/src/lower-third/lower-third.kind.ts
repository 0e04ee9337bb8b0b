import type { LayerSpec } from '../kind-definition';
import { defineKind } from '../layer-kind';
import { TEXT, WINDOW_PROPERTIES } from '../common/schema';
import { frames, timedWindow } from '../common/window';

export type LowerThirdLayer = LayerSpec & {
  type: 'lowerThird';
  title: string;
  subtitle?: string;
  start?: number;
  end?: number;
};
export type BoundLowerThird = { title: string; subtitle?: string; start?: number; end?: number };

/**
 * The headline strap: shows from `start` (default 0.5 s into the scene) and wipes in from the left
 * edge; not shown when its title renders empty for the item.
 */
export const lowerThirdKind = defineKind<LowerThirdLayer, BoundLowerThird, undefined, undefined>({
  type: 'lowerThird',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'title'],
    properties: { type: { const: 'lowerThird' }, title: TEXT, subtitle: TEXT, ...WINDOW_PROPERTIES },
  },
  bind: async (layer, text) => ({
    title: (await text.render(layer.title, 'title')) ?? '',
    subtitle: await text.render(layer.subtitle, 'subtitle'),
    start: layer.start,
    end: layer.end,
  }),
  endsAt: (layer) => (layer.end !== undefined && layer.end > 0 ? layer.end : undefined),
  texts: (l) => [
    { field: 'title', text: l.title },
    ...(l.subtitle ? [{ field: 'subtitle', text: l.subtitle }] : []),
  ],
  place: (layer, drawn, scene, { rate }) => {
    const window = timedWindow(scene, rate, layer, 0.5);
    if (!window) return null;
    return {
      plane: 'scene',
      window,
      fadeIn: frames(0.15, rate),
      fadeOut: window.end < scene.end ? frames(0.3, rate) : 0,
      // From just off the frame's left edge.
      motion: {
        type: 'slide',
        fromX: -(drawn.rect.x + drawn.rect.width),
        fromY: 0,
        duration: frames(0.5, rate),
        easing: 'ease-out-cubic',
      },
    };
  },
  painter: () => import('./lower-third.draw'),
});
