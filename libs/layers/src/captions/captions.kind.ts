import type { LayerSpec } from '../kind-definition';
import { defineKind } from '../layer-kind';

export type CaptionsLayer = LayerSpec & { type: 'captions'; style?: 'broadcast' };
export type BoundCaptions = { style: 'broadcast' };

/**
 * The scene's narration burned in as captions (libass), in the band the layout keeps for them. They
 * go over the finished picture (program plane), so a transition never fades or wipes them.
 */
export const captionsKind = defineKind<CaptionsLayer, BoundCaptions, undefined, undefined>({
  type: 'captions',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: { type: { const: 'captions' }, style: { enum: ['broadcast'] } },
  },
  bind: async (layer) => ({ style: layer.style ?? 'broadcast' }),
  place: (_layer, _drawn, scene) => ({
    plane: 'program',
    window: { start: scene.start, end: scene.end },
    fadeIn: 0,
    fadeOut: 0,
    motion: { type: 'still' },
  }),
  painter: () => import('./captions.draw'),
});
