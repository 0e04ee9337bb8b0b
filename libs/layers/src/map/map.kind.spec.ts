import { writeFileSync } from 'node:fs';
import { geoPath } from 'd3-geo';
import type { Point } from 'geojson';
import * as path from 'node:path';
import { pointerToPath, readPointer } from '@app/core';
import { defaultTheme, layoutFor } from '@app/graphics';
import { frameRate, layScenes } from '@app/timeline';
import type { LayerText } from '../kind-definition';
import type { DrawContext } from '../layer-kind';
import { type BoundMap, mapKind } from './map.kind';
import { draw } from './map.draw';
import { EARTH_RADIUS_KM, locatorProjection, pxPerKm, scaleBar } from './map.projection';

const point = (lon: number, lat: number): Point => ({ type: 'Point', coordinates: [lon, lat] });

const text = (data: unknown): LayerText => ({
  parseOnly: false,
  render: async (v) => v,
  read: (pointer) => ({ value: readPointer(data, pointer), path: pointerToPath(pointer, '$.features[0]') }),
});

describe('locator projection: the point lands at the centre of the map', () => {
  const points: [string, number, number][] = [
    ['(0, 0)', 0, 0],
    ['the antimeridian', 180, -16.5],
    ['the antimeridian from the west', -180, 51.2],
    ['the north pole', 0, 90],
    ['the south pole', 135, -90],
    ['Hualien', 121.6, 23.98],
  ];
  it.each(points)('%s, orthographic and Equal Earth', (_name, longitude, latitude) => {
    for (const kind of ['orthographic', 'equalEarth'] as const) {
      const p = locatorProjection(kind, { longitude, latitude }, 1000, 600, 2500);
      const [x, y] = p([longitude, latitude]) ?? [NaN, NaN];
      expect(x).toBeCloseTo(500, 6);
      expect(y).toBeCloseTo(300, 6);
    }
  });

  it('fits the span across the shorter side and keeps east to the right across the antimeridian', () => {
    const center = { longitude: 179.9, latitude: -16 };
    const p = locatorProjection('orthographic', center, 1000, 600, 3000);
    expect(pxPerKm(p, center) * 3000).toBeCloseTo(600, 0);
    // 1° east of 179.9°E is -179.1°: ~107 km east, so ~21 px right of the centre, not across the map.
    const [x, y] = p([-179.1, -16]) ?? [NaN, NaN];
    expect(x - 500).toBeCloseTo((107 * 600) / 3000, -0.5);
    expect(Math.abs(y - 300)).toBeLessThan(2);
    // The far side of the globe is clipped, not drawn through the near side.
    expect(geoPath(p)(point(0, 16))).toBeNull();
    expect(geoPath(p)(point(-179.1, -16))).not.toBeNull();
  });

  it('never draws a globe smaller than 90% of the shorter side', () => {
    const p = locatorProjection('orthographic', { longitude: 0, latitude: 0 }, 1000, 600, 40000);
    expect(p.scale()).toBeCloseTo(270, 6);
    expect(EARTH_RADIUS_KM).toBeCloseTo(6371, 0);
  });

  it('gives a round scale bar no longer than asked', () => {
    const center = { longitude: 10, latitude: 45 };
    const p = locatorProjection('equalEarth', center, 1600, 900, 2000);
    const bar = scaleBar(p, center, 300);
    expect(bar.km).toBe(500);
    expect(bar.px).toBeLessThanOrEqual(300);
    expect(bar.px).toBeCloseTo(500 * pxPerKm(p, center), 6);
    expect(scaleBar(p, center, 10).km).toBe(20);
  });
});

describe('map layer', () => {
  const layer = {
    type: 'map' as const,
    center: { longitude: '/geometry/coordinates/0', latitude: '/geometry/coordinates/1' },
    label: 'Hualien',
  };

  it('reads the point from the item and names the data path of a bad coordinate', async () => {
    const bound = await mapKind.bind(layer, text({ geometry: { coordinates: [121.6, '23.98', 10] } }));
    expect(bound).toMatchObject({
      center: { longitude: 121.6, latitude: 23.98 },
      projection: 'orthographic',
      span: 2500,
    });
    await expect(mapKind.bind(layer, text({ geometry: { coordinates: [121.6, 95] } }))).rejects.toMatchObject(
      {
        code: 'DATA_SCHEMA_MISMATCH',
        path: '$.features[0].geometry.coordinates[1]',
      },
    );
    await expect(mapKind.bind(layer, text({ geometry: { coordinates: [null, 1] } }))).rejects.toMatchObject({
      code: 'DATA_SCHEMA_MISMATCH',
      path: '$.features[0].geometry.coordinates[0]',
    });
    const atLoad = (await mapKind.bind(layer, { parseOnly: true, render: async (v) => v })) as BoundMap;
    expect(atLoad.center).toBeUndefined();
  });

  it('wipes on over its scene', () => {
    const rate = frameRate(30);
    const [scene] = layScenes([{ id: 'map', rule: 'fixed', seconds: 4 }], rate).scenes;
    const bound: BoundMap = {
      projection: 'orthographic',
      span: 2500,
      reveal: { type: 'wipe', direction: 'right', duration: 0.8 },
    };
    const drawn = {
      media: { type: 'still' as const, file: 'm.png', opaque: false },
      rect: { x: 0, y: 0, width: 9, height: 9 },
    };
    expect(
      mapKind.place(bound, drawn, scene, { frame: { aspect: '16:9', width: 1920, height: 1080 }, rate }),
    ).toMatchObject({
      window: { start: 0, end: 120 },
      motion: { type: 'wipe', direction: 'right', duration: 24 },
    });
  });

  it('draws outlines, the marker at the point and a scale bar into the layout area', async () => {
    const files: Record<string, Buffer> = {};
    const frame = { aspect: '9:16', width: 540, height: 960 };
    const ctx = {
      frame,
      layout: layoutFor(frame.width, frame.height),
      theme: defaultTheme,
      name: 'map-s0-l0-9x16',
      write: async (file: string, data: Buffer | string) => {
        files[file] = Buffer.from(data);
      },
    } as unknown as DrawContext;
    const bound: BoundMap = {
      center: { longitude: 121.6, latitude: 23.98 },
      label: 'Hualien, Taiwan 花蓮',
      projection: 'orthographic',
      span: 2500,
      reveal: { type: 'wipe', direction: 'right', duration: 1 },
    };
    const out = await draw(bound, undefined, undefined, ctx);
    const png = files['map-s0-l0-9x16.png'];
    expect(out?.media).toEqual({ type: 'still', file: 'map-s0-l0-9x16.png', opaque: false });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const safe = ctx.layout.safe;
    expect(out?.rect.x).toBe(safe.x);
    expect(out!.rect.x + out!.rect.width).toBeLessThanOrEqual(safe.x + safe.width);
    if (process.env.CLIPWRIGHT_SAVE_FRAMES)
      writeFileSync(path.join(process.env.CLIPWRIGHT_SAVE_FRAMES, 'map-9x16.png'), png);
  });
});
