import type { LayerSpec } from '../kind-definition';
import { defineKind } from '../layer-kind';
import { TEXT, WINDOW_PROPERTIES } from '../common/schema';
import { frames, timedWindow } from '../common/window';

export type PriceTagLayer = LayerSpec & {
  type: 'priceTag';
  price: string;
  was?: string;
  badge?: string;
  note?: string;
  start?: number;
  end?: number;
};

export interface BoundPriceTag {
  price: string;
  /** The price before the sale, struck through; empty: no sale shown. */
  was?: string;
  badge?: string;
  note?: string;
  start?: number;
  end?: number;
}

/**
 * A price tag in the card's place: the price large in the accent colour; when `was` renders, the
 * old price struck through beside it, and `badge` (SALE −25%) in a pill above. The template decides
 * when a sale shows (Liquid: `in_effect` on `sale_price_effective_date`); a price that renders
 * empty hides the tag.
 */
export const priceTagKind = defineKind<PriceTagLayer, BoundPriceTag, undefined, undefined>({
  type: 'priceTag',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'price'],
    properties: {
      type: { const: 'priceTag' },
      price: { ...TEXT, description: 'the price to pay, as shown ("$149.00")' },
      was: { ...TEXT, description: 'the price before a sale, struck through; blank: no sale' },
      badge: { ...TEXT, description: 'a pill above the price ("SALE −25%"); blank: none' },
      note: { ...TEXT, description: 'a small line under the price ("until 1 December")' },
      ...WINDOW_PROPERTIES,
    },
  },
  bind: async (layer, text) => ({
    price: (await text.render(layer.price, 'price')) ?? '',
    was: await text.render(layer.was, 'was'),
    badge: await text.render(layer.badge, 'badge'),
    note: await text.render(layer.note, 'note'),
    start: layer.start,
    end: layer.end,
  }),
  endsAt: (layer) => (layer.end !== undefined && layer.end > 0 ? layer.end : undefined),
  texts: (l) =>
    [
      { field: 'price', text: l.price },
      { field: 'was', text: l.was ?? '' },
      { field: 'badge', text: l.badge ?? '' },
      { field: 'note', text: l.note ?? '' },
    ].filter((t) => t.text),
  place: (layer, drawn, scene, { rate, frame }) => {
    if (!layer.price) return null;
    const window = timedWindow(scene, rate, layer, 0.3);
    if (!window) return null;
    const n = window.end - window.start;
    const slide = Math.min(frames(0.45, rate), n);
    return {
      plane: 'scene',
      window,
      fadeIn: Math.min(frames(0.25, rate), n),
      fadeOut: 0,
      motion: {
        type: 'slide',
        fromX: Math.round(frame.width * 0.04),
        fromY: 0,
        duration: slide,
        easing: 'ease-out-cubic',
      },
    };
  },
  painter: () => import('./price-tag.draw'),
});
