import { geoDistance, geoEqualEarth, geoOrthographic, type GeoProjection } from 'd3-geo';

/** Mean Earth radius, km (IUGG). */
export const EARTH_RADIUS_KM = 6371.0088;

export type MapProjectionKind = 'orthographic' | 'equalEarth';

export interface LonLat {
  longitude: number;
  latitude: number;
}

/**
 * px per km at `at` on a projection: measured between `at` and a point 0.1° of latitude away
 * (towards the equator, so it exists at a pole), the great-circle distance over the projected one.
 */
export function pxPerKm(projection: GeoProjection, at: LonLat): number {
  const a: [number, number] = [at.longitude, at.latitude];
  const b: [number, number] = [at.longitude, at.latitude > 0 ? at.latitude - 0.1 : at.latitude + 0.1];
  const pa = projection(a);
  const pb = projection(b);
  if (!pa || !pb) return 0;
  const km = geoDistance(a, b) * EARTH_RADIUS_KM;
  return Math.hypot(pb[0] - pa[0], pb[1] - pa[1]) / km;
}

/**
 * A locator projection centred on `center` in a `width` x `height` px box: the point lands on the
 * box's centre and about `spanKm` km of the Earth's surface fit across the box's shorter side.
 * Orthographic is a globe seen from above the point (the far side clipped at 90°); Equal Earth
 * (Šavrič, Patterson & Jenny 2018) keeps areas true and is turned so the point's meridian is central.
 * A globe is never drawn smaller than 90% of the shorter side.
 */
export function locatorProjection(
  kind: MapProjectionKind,
  center: LonLat,
  width: number,
  height: number,
  spanKm: number,
): GeoProjection {
  const p =
    kind === 'orthographic'
      ? geoOrthographic().rotate([-center.longitude, -center.latitude]).clipAngle(90)
      : geoEqualEarth().rotate([-center.longitude, 0]);
  p.scale(1).translate([0, 0]);
  const side = Math.min(width, height);
  let scale = side / spanKm / pxPerKm(p, center);
  if (kind === 'orthographic') scale = Math.max(scale, 0.45 * side);
  p.scale(scale);
  const at = p([center.longitude, center.latitude]) ?? [0, 0];
  return p.translate([width / 2 - at[0], height / 2 - at[1]]);
}

/**
 * A scale bar for a map: the longest round length (1, 2 or 5 x 10^n km) whose bar is at most
 * `maxPx` long at the map's centre, and that bar's length in px.
 */
export function scaleBar(
  projection: GeoProjection,
  center: LonLat,
  maxPx: number,
): { km: number; px: number } {
  const perKm = pxPerKm(projection, center);
  const most = maxPx / perKm;
  const decade = 10 ** Math.floor(Math.log10(most));
  const km = [5, 2, 1].map((m) => m * decade).find((k) => k <= most) ?? decade;
  return { km, px: km * perKm };
}
