import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { geoGraticule10, geoPath } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { FeatureCollection, MultiLineString } from 'geojson';
import { encodePng, fontStack, layoutUnit, mix, registerFonts, withoutUndrawable } from '@app/graphics';
import { boxRect } from '../chart/chart.draw';
import { graphicStyle } from '../chart/chart.theme';
import type { DrawContext, Drawn } from '../layer-kind';
import type { BoundMap } from './map.kind';
import { locatorProjection, scaleBar } from './map.projection';

interface Outlines {
  land: FeatureCollection;
  borders: MultiLineString;
}

let outlines: Outlines | undefined;

/**
 * Natural Earth 1:50m countries (world-atlas, public domain) as GeoJSON, read once per process from
 * the installed package: land to fill, and the borders between countries (each drawn once).
 */
function worldOutlines(): Outlines {
  if (!outlines) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const topology = require('world-atlas/countries-50m.json') as Topology<{ countries: GeometryCollection }>;
    const countries = topology.objects.countries;
    outlines = {
      land: feature(topology, countries) as unknown as FeatureCollection,
      borders: mesh(topology, countries, (a, b) => a !== b),
    };
  }
  return outlines;
}

/** The marker: a halo, a ring and a dot in the accent colour, sized by the layout unit. */
function drawMarker(c: SKRSContext2D, x: number, y: number, u: number, accent: string): void {
  const rings: [number, string, number][] = [
    [34 * u, mix(accent, '#FFFFFF', 0), 0.22],
    [16 * u, '#FFFFFF', 1],
    [11 * u, accent, 1],
  ];
  for (const [r, color, alpha] of rings) {
    c.globalAlpha = alpha;
    c.fillStyle = color;
    c.beginPath();
    c.arc(x, y, r, 0, Math.PI * 2);
    c.fill();
  }
  c.globalAlpha = 1;
}

/** A label on a pill beside the marker, on whichever side has room. */
function drawLabel(
  c: SKRSContext2D,
  text: string,
  x: number,
  y: number,
  u: number,
  w: number,
  family: string,
  style: ReturnType<typeof graphicStyle>,
): void {
  const size = Math.round(30 * u);
  c.font = `700 ${size}px ${family}`;
  let label = text;
  const room = w / 2 - 60 * u;
  while (label.length > 1 && c.measureText(label).width > room) label = `${label.slice(0, -2)}…`;
  const tw = c.measureText(label).width;
  const pad = 14 * u;
  const right = x + 30 * u + tw + 2 * pad < w;
  const bx = right ? x + 30 * u : x - 30 * u - tw - 2 * pad;
  c.fillStyle = style.text;
  c.globalAlpha = 0.9;
  c.beginPath();
  c.roundRect(bx, y - size * 0.85, tw + 2 * pad, size * 1.7, 8 * u);
  c.fill();
  c.globalAlpha = 1;
  c.fillStyle = style.panel;
  c.textBaseline = 'middle';
  c.fillText(label, bx + pad, y + size * 0.04);
}

/**
 * The map drawn once for this output at its box's size: ocean, graticule, land, borders, the marked
 * point with its label, a scale bar in km and the data's credit.
 */
export async function draw(
  layer: BoundMap,
  _r: unknown,
  _p: unknown,
  ctx: DrawContext,
): Promise<Drawn | null> {
  if (!layer.center) return null;
  registerFonts();
  const rect = boxRect(layer.box, ctx);
  const { width: w, height: h } = rect;
  const u = layoutUnit(ctx.layout);
  const style = graphicStyle(ctx.theme);
  const family = fontStack(ctx.theme.fontFamily);
  const canvas = createCanvas(w, h);
  const c = canvas.getContext('2d');
  const projection = locatorProjection(layer.projection, layer.center, w, h, layer.span);
  const path = geoPath(projection, c as unknown as Parameters<typeof geoPath>[1]);
  const { land, borders } = worldOutlines();

  c.save();
  c.beginPath();
  c.roundRect(0, 0, w, h, 8 * u);
  c.clip();
  c.fillStyle = mix(style.panel, style.muted, 0.55);
  c.fillRect(0, 0, w, h);
  c.beginPath();
  path({ type: 'Sphere' });
  c.fillStyle = mix(style.panel, '#4A7FA8', 0.35);
  c.fill();
  c.beginPath();
  path(geoGraticule10());
  c.strokeStyle = mix(style.panel, '#4A7FA8', 0.5);
  c.lineWidth = Math.max(1, u);
  c.stroke();
  c.beginPath();
  path(land);
  c.fillStyle = style.panel;
  c.fill();
  c.strokeStyle = style.muted;
  c.lineWidth = Math.max(1, 1.5 * u);
  c.stroke();
  c.beginPath();
  path(borders);
  c.strokeStyle = mix(style.muted, style.panel, 0.3);
  c.lineWidth = Math.max(1, 1.2 * u);
  c.stroke();

  const [mx, my] = projection([layer.center.longitude, layer.center.latitude]) ?? [w / 2, h / 2];
  drawMarker(c, mx, my, u, style.accent);
  const label = layer.label ? withoutUndrawable(layer.label) : '';
  if (label) drawLabel(c, label, mx, my, u, w, family, style);

  // Scale bar, bottom left, on a strip of the panel so it reads over sea or land.
  const bar = scaleBar(projection, layer.center, w * 0.22);
  const m = 24 * u;
  const text = `${new Intl.NumberFormat('en-US').format(bar.km)} km`;
  c.font = `600 ${Math.round(22 * u)}px ${family}`;
  const tw = c.measureText(text).width;
  c.fillStyle = style.panel;
  c.globalAlpha = 0.85;
  c.beginPath();
  c.roundRect(m - 12 * u, h - m - 56 * u, Math.max(bar.px, tw) + 24 * u, 56 * u + 10 * u, 6 * u);
  c.fill();
  c.globalAlpha = 1;
  c.fillStyle = style.text;
  c.textBaseline = 'alphabetic';
  c.fillText(text, m, h - m - 22 * u);
  c.fillRect(m, h - m - 12 * u, bar.px, 6 * u);
  c.fillRect(m, h - m - 18 * u, 2 * u, 12 * u);
  c.fillRect(m + bar.px - 2 * u, h - m - 18 * u, 2 * u, 12 * u);

  c.font = `400 ${Math.round(18 * u)}px ${family}`;
  c.fillStyle = style.muted;
  c.textAlign = 'right';
  c.fillText('Natural Earth', w - m, h - m);
  c.restore();

  const file = `${ctx.name}.png`;
  await ctx.write(file, encodePng(w, h, c.getImageData(0, 0, w, h).data));
  return { media: { type: 'still', file, opaque: false }, rect };
}
