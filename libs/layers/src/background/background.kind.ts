import type { LayerSpec } from '../kind-definition';
import { defineKind } from '../layer-kind';
import { wholeSceneStill } from '../common/window';

export type BackgroundLayer = LayerSpec & { type: 'background' };

/** The channel's full-frame ground with its bug and the AI-generation label; the scene's picture starts from it. */
export const backgroundKind = defineKind<BackgroundLayer, BackgroundLayer, undefined, undefined>({
  type: 'background',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: { type: { const: 'background' } },
  },
  bind: async (layer) => layer,
  place: (_layer, _drawn, scene) => wholeSceneStill(scene),
  painter: () => import('./background.draw'),
});
