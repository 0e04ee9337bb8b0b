import type { LayerSpec } from '../kind-definition';
import { defineKind } from '../layer-kind';
import { TEXT, WINDOW_PROPERTIES } from '../common/schema';
import { frames, timedWindow } from '../common/window';

type Row = { label: string; value: string };
export type DataCardLayer = LayerSpec & {
  type: 'dataCard';
  title: string;
  rows: Row[];
  start?: number;
  end?: number;
};
export type BoundDataCard = { title: string; rows: Row[]; start?: number; end?: number };

/** A card of facts (label and value rows); a row whose value renders empty is left out. Drifts in from the right. */
export const dataCardKind = defineKind<DataCardLayer, BoundDataCard, undefined, undefined>({
  type: 'dataCard',
  claims: ['dataCard'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'title', 'rows'],
    properties: {
      type: { const: 'dataCard' },
      title: TEXT,
      rows: {
        type: 'array',
        minItems: 1,
        maxItems: 6,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['label', 'value'],
          properties: { label: TEXT, value: TEXT },
        },
      },
      ...WINDOW_PROPERTIES,
    },
  },
  bind: async (layer, text) => {
    const rows: Row[] = [];
    for (const [ri, row] of layer.rows.entries()) {
      const value = (await text.render(row.value, `rows[${ri}].value`)) ?? '';
      // A row whose value is missing in the data is left out, not shown empty.
      if (value || text.parseOnly)
        rows.push({ label: (await text.render(row.label, `rows[${ri}].label`)) ?? '', value });
    }
    return {
      title: (await text.render(layer.title, 'title')) ?? '',
      rows,
      start: layer.start,
      end: layer.end,
    };
  },
  endsAt: (layer) => (layer.end !== undefined && layer.end > 0 ? layer.end : undefined),
  texts: (c) => [
    { field: 'title', text: c.title },
    ...c.rows.flatMap((r, i) => [
      { field: `rows[${i}].label`, text: r.label },
      { field: `rows[${i}].value`, text: r.value },
    ]),
  ],
  place: (layer, _drawn, scene, { rate, frame }) => {
    const window = layer.rows.length ? timedWindow(scene, rate, layer, 0.5) : null;
    if (!window) return null;
    return {
      plane: 'scene',
      window,
      fadeIn: frames(0.35, rate),
      fadeOut: window.end < scene.end ? frames(0.3, rate) : 0,
      motion: {
        type: 'slide',
        fromX: Math.round(frame.width * 0.03),
        fromY: 0,
        duration: frames(0.45, rate),
        easing: 'ease-out-cubic',
      },
    };
  },
  painter: () => import('./data-card.draw'),
});
