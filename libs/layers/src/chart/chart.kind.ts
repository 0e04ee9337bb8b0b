import { promises as fs } from 'node:fs';
import { ClipwrightError, ErrorCode, resolveInside } from '@app/core';
import type { ViewBox } from '@app/timeline';
import type { LayerSpec } from '../kind-definition';
import { defineKind } from '../layer-kind';
import { isLiquid } from '../common/picture';
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
import { type ChartData, chartRows } from './chart-data';

export type ChartLayer = LayerSpec & {
  type: 'chart';
  /** A Vega-Lite spec: a JSON file of the template folder, or the spec inline. */
  spec: string | Record<string, unknown>;
  data: ChartData;
  title?: string;
  subtitle?: string;
  box?: ViewBox;
  reveal?: Partial<Reveal>;
  start?: number;
  end?: number;
};

export interface BoundChart {
  spec: { file: string } | { inline: Record<string, unknown> };
  /** The item's rows; undefined only at load time. */
  values?: unknown[];
  title?: string;
  subtitle?: string;
  /** Fractions of the frame; absent: the layout's graphics area of each output. */
  box?: ViewBox;
  reveal: Reveal;
  start?: number;
  end?: number;
}

function invalid(where: string, message: string, cause?: unknown): ClipwrightError {
  return new ClipwrightError(ErrorCode.TemplateInvalid, `${where}: ${message}`, { path: where, cause });
}

/** Reads a spec file of the template folder at load: ASSET_NOT_FOUND / PATH_ESCAPES / TEMPLATE_INVALID. */
async function readSpecFile(
  templateDir: string,
  file: string,
  where: string,
  shown: string,
): Promise<unknown> {
  let full: string;
  try {
    full = resolveInside(templateDir, file, 'chart spec');
  } catch (e) {
    throw new ClipwrightError(
      ErrorCode.PathEscapes,
      `${where}: "${file}" points outside the template folder`,
      {
        path: where,
        cause: e,
      },
    );
  }
  const raw = await fs.readFile(full, 'utf8').catch(() => undefined);
  if (raw === undefined) {
    throw new ClipwrightError(
      ErrorCode.AssetNotFound,
      `${where}: "${file}" is not a file of the template folder`,
      {
        path: where,
      },
    );
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch (e) {
    throw invalid(shown, `not JSON (${(e as Error).message})`, e);
  }
}

/**
 * A chart: a Vega-Lite spec of the template fed with rows of the item (`data.values` or
 * `data.columns`, JSON Pointers), drawn once per output on the theme's panel and wiped on. The spec
 * is checked at load (vega-spec.check.ts: expressions may read only the datum; no signals, URLs or
 * data sets) and compiled once there; the item reaches it only as data values and as the layer's
 * rendered `title`/`subtitle`.
 */
export const chartKind = defineKind<ChartLayer, BoundChart, Record<string, unknown>, undefined>({
  type: 'chart',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'spec', 'data'],
    properties: {
      type: { const: 'chart' },
      spec: {
        oneOf: [
          {
            type: 'string',
            pattern: '\\.json$',
            description: 'a Vega-Lite JSON file of the template folder',
          },
          { type: 'object', description: 'a Vega-Lite spec inline' },
        ],
      },
      data: {
        type: 'object',
        additionalProperties: false,
        properties: {
          values: { ...POINTER_SCHEMA, description: 'a JSON Pointer to the array of rows in the item' },
          columns: {
            type: 'object',
            minProperties: 1,
            propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
            additionalProperties: POINTER_SCHEMA,
            description: 'field name -> JSON Pointer to an array (zipped into rows) or a value (repeated)',
          },
        },
        oneOf: [{ required: ['values'] }, { required: ['columns'] }],
      },
      title: { ...TEXT, description: "the chart's title (Liquid)" },
      subtitle: { ...TEXT, description: "the chart's subtitle (Liquid)" },
      box: BOX_SCHEMA,
      reveal: REVEAL_SCHEMA,
      ...WINDOW_PROPERTIES,
    },
  },
  async check(layer, at, ctx) {
    const where = `${at.path}.spec`;
    const { checkChartSpec } = await import('./vega-spec.check');
    if (typeof layer.spec === 'string') {
      if (isLiquid(layer.spec)) throw invalid(where, 'a chart spec is a file of the template, not Liquid');
      const shown = `${at.path.slice(0, at.path.lastIndexOf('/') + 1)}${layer.spec}`;
      checkChartSpec(await readSpecFile(ctx.templateDir, layer.spec, where, shown), shown);
    } else checkChartSpec(layer.spec, where);
  },
  bind: async (layer, text) => ({
    spec: typeof layer.spec === 'string' ? { file: layer.spec } : { inline: layer.spec },
    values: chartRows(layer.data, text),
    title: await text.render(layer.title, 'title'),
    subtitle: await text.render(layer.subtitle, 'subtitle'),
    box: clipBox(layer.box),
    reveal: revealOf(layer.reveal),
    start: layer.start,
    end: layer.end,
  }),
  endsAt: (layer) => (layer.end !== undefined && layer.end > 0 ? layer.end : undefined),
  texts: (b) =>
    [
      { field: 'title', text: b.title ?? '' },
      { field: 'subtitle', text: b.subtitle ?? '' },
    ].filter((t) => t.text !== ''),
  place: (layer, _drawn, scene, { rate }) => revealPlacement(layer, scene, rate),
  painter: () => import('./chart.draw'),
});
