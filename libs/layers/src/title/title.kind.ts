import type { LayerSpec } from '../kind-definition';
import { defineKind } from '../layer-kind';
import { isLiquid } from '../common/picture';
import { TEXT } from '../common/schema';
import { wholeSceneStill } from '../common/window';

export type TitleLayer = LayerSpec & {
  type: 'title';
  kicker: string;
  title: string;
  subtitle?: string;
  image?: string;
};

export interface BoundTitle {
  kicker: string;
  title: string;
  subtitle?: string;
  /** The photo behind the title, if any, and whether the data named it (else the template's folder). */
  image?: { ref: string; fromData: boolean };
}

/** The full-frame opening card: kicker, title, subtitle, over the channel's backdrop or a photo. */
export const titleKind = defineKind<
  TitleLayer,
  BoundTitle,
  import('@napi-rs/canvas').Image | undefined,
  undefined
>({
  type: 'title',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'kicker', 'title'],
    properties: {
      type: { const: 'title' },
      kicker: TEXT,
      title: TEXT,
      subtitle: TEXT,
      image: {
        ...TEXT,
        description:
          'A photo behind the title: from the data (asset:<id> in the service, a path next to the data file in the CLI), or a file of the template folder; empty = none',
      },
    },
  },
  bind: async (layer, text) => {
    const image = await text.render(layer.image, 'image');
    return {
      kicker: (await text.render(layer.kicker, 'kicker')) ?? '',
      title: (await text.render(layer.title, 'title')) ?? '',
      subtitle: await text.render(layer.subtitle, 'subtitle'),
      ...(image ? { image: { ref: image, fromData: isLiquid(layer.image) } } : {}),
    };
  },
  texts: (t) => [
    { field: 'kicker', text: t.kicker },
    { field: 'title', text: t.title },
    ...(t.subtitle ? [{ field: 'subtitle', text: t.subtitle }] : []),
  ],
  place: (_layer, _drawn, scene) => wholeSceneStill(scene),
  painter: () => import('./title.draw'),
});
