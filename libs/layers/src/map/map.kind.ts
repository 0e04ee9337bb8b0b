import { ClipwrightError, ErrorCode } from '@app/core';
import type { ViewBox } from '@app/timeline';
import type { LayerSpec, LayerText } from '../kind-definition';
import { defineKind } from '../layer-kind';
import { TEXT, WINDOW_PROPERTIES } from '../common/schema';
import {
  BOX_SCHEMA,
  clipBox,
  POINTER_SCHEMA,
  type Reveal,
  REVEAL_SCHEMA,
  revealOf,
  revealPlacement,
} from '../common/reveal';
import type { LonLat, MapProjectionKind } from './map.projection';

export type MapLayer = LayerSpec & {
  type: 'map';
  /** JSON Pointers into the item: the point the map is centred on and marks. */
  center: { longitude: string; latitude: string };
  label?: string;
  projection?: MapProjectionKind;
  /** km of the Earth's surface across the map's shorter side. */
  span?: number;
  box?: ViewBox;
  reveal?: Partial<Reveal>;
  start?: number;
  end?: number;
};

export interface BoundMap {
  /** Undefined only at load time. */
  center?: LonLat;
  label?: string;
  projection: MapProjectionKind;
  span: number;
  box?: ViewBox;
  reveal: Reveal;
  start?: number;
  end?: number;
}

export const DEFAULT_SPAN_KM = 2500;

/** A coordinate of the item: a number in range, else DATA_SCHEMA_MISMATCH naming its data path. */
function coordinate(text: LayerText, pointer: string, limit: number, name: string): number | undefined {
  if (!text.read) return undefined;
  const { value, path } = text.read(pointer);
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || Math.abs(n) > limit) {
    throw new ClipwrightError(
      ErrorCode.DataSchemaMismatch,
      `${path}: the map's ${name} must be a number from -${limit} to ${limit}` +
        (value === undefined ? ', and it is missing' : `, not ${JSON.stringify(value)}`),
      { path },
    );
  }
  return n;
}

/**
 * A locator map: country outlines from Natural Earth (world-atlas, public domain, shipped in the
 * package: no tiles, no network) in an orthographic or Equal Earth projection centred on the item's
 * point, the point marked and labelled, and a scale bar in km. Drawn once per output with Skia,
 * styled by the theme, wiped on like a chart.
 */
export const mapKind = defineKind<MapLayer, BoundMap, undefined, undefined>({
  type: 'map',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'center'],
    properties: {
      type: { const: 'map' },
      center: {
        type: 'object',
        additionalProperties: false,
        required: ['longitude', 'latitude'],
        properties: { longitude: POINTER_SCHEMA, latitude: POINTER_SCHEMA },
        description: 'JSON Pointers to the longitude and latitude (degrees, WGS 84) in the item',
      },
      label: { ...TEXT, description: 'the name beside the marker (Liquid)' },
      projection: { enum: ['orthographic', 'equalEarth'], description: 'default orthographic' },
      span: {
        type: 'number',
        minimum: 50,
        maximum: 40000,
        description: `km across the map's shorter side (default ${DEFAULT_SPAN_KM})`,
      },
      box: BOX_SCHEMA,
      reveal: REVEAL_SCHEMA,
      ...WINDOW_PROPERTIES,
    },
  },
  bind: async (layer, text) => {
    const longitude = coordinate(text, layer.center.longitude, 180, 'longitude');
    const latitude = coordinate(text, layer.center.latitude, 90, 'latitude');
    return {
      center: longitude === undefined || latitude === undefined ? undefined : { longitude, latitude },
      label: await text.render(layer.label, 'label'),
      projection: layer.projection ?? 'orthographic',
      span: layer.span ?? DEFAULT_SPAN_KM,
      box: clipBox(layer.box),
      reveal: revealOf(layer.reveal),
      start: layer.start,
      end: layer.end,
    };
  },
  endsAt: (layer) => (layer.end !== undefined && layer.end > 0 ? layer.end : undefined),
  texts: (b) => (b.label ? [{ field: 'label', text: b.label }] : []),
  place: (layer, _drawn, scene, { rate }) => revealPlacement(layer, scene, rate),
  painter: () => import('./map.draw'),
});
