/** A rectangle in pixels: top-left corner and size. The one Rect every lib uses. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** At or above this width/height ratio a frame is landscape (regions side by side); squarer frames stack like portrait. */
export const LANDSCAPE_MIN_RATIO = 1.2;

export function isLandscape(width: number, height: number): boolean {
  return width >= height * LANDSCAPE_MIN_RATIO;
}

export function rectRight(r: Rect): number {
  return r.x + r.width;
}

export function rectBottom(r: Rect): number {
  return r.y + r.height;
}

/** True when the rectangles share area; touching edges do not count. */
export function rectsIntersect(a: Rect, b: Rect): boolean {
  return a.x < rectRight(b) && b.x < rectRight(a) && a.y < rectBottom(b) && b.y < rectBottom(a);
}

export function rectContains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    rectRight(inner) <= rectRight(outer) &&
    rectBottom(inner) <= rectBottom(outer)
  );
}
