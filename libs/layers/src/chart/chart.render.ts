import { Resvg } from '@resvg/resvg-js';
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import * as vega from 'vega';
import { loader as vegaLoader, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ClipwrightError, ErrorCode } from '@app/core';
import { fontFiles, registerFonts } from '@app/graphics';
import { type GraphicStyle, vegaConfig } from './chart.theme';
import { quietLogger } from './vega-spec.check';

/** What one chart still needs besides its spec. */
export interface ChartRequest {
  /** The checked Vega-Lite spec (checkVegaLiteSpec), without data. */
  spec: Record<string, unknown>;
  /** The item's rows. */
  values: unknown[];
  /** Rendered titles from the layer, shown as the chart's title and subtitle. */
  title?: string;
  subtitle?: string;
  /** Pixels of the still on this output, and px per design px (1 at 1080p). */
  width: number;
  height: number;
  unit: number;
  style: GraphicStyle;
  /** For error messages: the layer's location in its template. */
  where: string;
}

const COMPOSITE = ['hconcat', 'vconcat', 'concat', 'facet', 'repeat'];

/**
 * A loader that loads nothing: a chart's data is the item's, and a spec that names a URL was
 * refused at load, so any request reaching here is refused as well (belt and braces).
 */
function refusingLoader(refused: string[]): ReturnType<typeof vegaLoader> {
  const loader = vegaLoader();
  const refuse = async (uri: unknown): Promise<never> => {
    // Vega logs a failed load and draws on; the caller fails the chart on any entry here.
    refused.push(String(uri));
    throw new Error(`a chart may not load "${String(uri)}"`);
  };
  loader.load = refuse;
  loader.sanitize = refuse;
  loader.http = refuse;
  loader.file = refuse;
  return loader;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    const bothObjects =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b);
    out[k] = bothObjects ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/**
 * The full Vega-Lite spec of one chart: the template's spec with the item's rows as its data, the
 * layer's titles, the theme's config under the spec's own, sized to fit the still in design px.
 */
export function fullSpec(r: Omit<ChartRequest, 'where'>): TopLevelSpec {
  const composite = COMPOSITE.some((k) => k in r.spec);
  const config = deepMerge(vegaConfig(r.style), (r.spec.config as Record<string, unknown>) ?? {});
  const spec: Record<string, unknown> = {
    ...r.spec,
    data: { values: r.values },
    config,
    autosize: { type: 'fit', contains: 'padding' },
  };
  if (!composite) {
    spec.width = Math.max(10, Math.round(r.width / r.unit));
    spec.height = Math.max(10, Math.round(r.height / r.unit));
  }
  if (r.title) spec.title = { text: r.title, ...(r.subtitle ? { subtitle: r.subtitle } : {}) };
  return spec as unknown as TopLevelSpec;
}

let measuring: SKRSContext2D | undefined;

/** Two runtime exports of vega's scenegraph that its type declarations leave out. */
const { textMetrics, font: vegaFont } = vega as unknown as {
  textMetrics: { width: unknown };
  font: (item: unknown) => string;
};

/**
 * Vega lays text out with widths it measures on a canvas, and without one (no node-canvas here)
 * guesses 0.8 em a character, which shrinks plots and truncates labels; Skia measures the same
 * installed faces resvg then draws with. Labels with a limit are cut to it with an ellipsis.
 */
function measureTextWithSkia(): void {
  if (measuring) return;
  registerFonts();
  const ctx = createCanvas(1, 1).getContext('2d');
  measuring = ctx;
  const width = (font: string, text: string): number => {
    ctx.font = font;
    return ctx.measureText(text).width;
  };
  textMetrics.width = (item: { limit?: number; fontSize?: number }, line: unknown): number => {
    let text = line == null ? '' : String(line).trim();
    if (!text || (item.fontSize ?? 11) <= 0) return 0;
    const font = vegaFont(item);
    const limit = item.limit ?? 0;
    if (limit > 0 && width(font, text) > limit) {
      while (text.length > 1 && width(font, `${text}…`) > limit) text = text.slice(0, -1);
      text = `${text}…`;
    }
    return width(font, text);
  };
}

/**
 * Draws one chart: Vega-Lite compiled to Vega, rendered headless to SVG (no browser, no canvas, a
 * loader that loads nothing), rasterised by resvg with the installed fonts at the still's pixel
 * width. Returns the PNG and its size. Throws TEMPLATE_INVALID naming the layer when Vega refuses
 * the spec with this data.
 */
export async function renderChart(r: ChartRequest): Promise<{ png: Buffer; width: number; height: number }> {
  let svg: string;
  const refused: string[] = [];
  measureTextWithSkia();
  try {
    const vg = compile(fullSpec(r), { logger: quietLogger() }).spec;
    const view = new View(parse(vg), { renderer: 'none', loader: refusingLoader(refused), logLevel: 0 });
    svg = await view.toSVG();
    view.finalize();
  } catch (e) {
    if (e instanceof ClipwrightError) throw e;
    throw new ClipwrightError(
      ErrorCode.TemplateInvalid,
      `${r.where}: the chart cannot be drawn: ${(e as Error).message}`,
      {
        path: r.where,
        cause: e,
      },
    );
  }
  if (refused.length > 0) {
    throw new ClipwrightError(ErrorCode.TemplateInvalid, `${r.where}: a chart may not load "${refused[0]}"`, {
      path: r.where,
    });
  }
  const raster = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.max(2, Math.round(r.width)) },
    font: { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: 'Noto Sans' },
    shapeRendering: 2,
    textRendering: 1,
  }).render();
  return { png: raster.asPng(), width: raster.width, height: raster.height };
}
