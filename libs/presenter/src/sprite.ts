import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';

/**
 * A pre-rendered piece of the figure: straight-alpha RGBA pixels and where they sit (px, relative
 * to the figure's origin). Reading pixels back from Skia costs about 3 ns a byte, far too much to do
 * every frame, so each piece is read once and frames are assembled from these in plain memory.
 */
export interface Sprite {
  x: number;
  y: number;
  width: number;
  height: number;
  data: Uint8Array;
  /** Per row, the first and one-past-last column with any alpha (rows without any: 0, 0). */
  spans: Int32Array;
}

/**
 * Draw into a canvas covering the px box [x, x+width) x [y, y+height) of the figure, with `scale`
 * px per art unit, and read it back trimmed to what was drawn.
 */
export function renderSprite(
  x: number,
  y: number,
  width: number,
  height: number,
  scale: number,
  draw: (ctx: SKRSContext2D) => void,
): Sprite {
  const w = Math.max(1, Math.ceil(width));
  const h = Math.max(1, Math.ceil(height));
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(scale, 0, 0, scale, -x, -y);
  draw(ctx);
  const image = ctx.getImageData(0, 0, w, h);
  return trim(x, y, w, h, new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength));
}

function trim(x: number, y: number, w: number, h: number, data: Uint8Array): Sprite {
  let top = h;
  let bottom = -1;
  let left = w;
  let right = -1;
  for (let r = 0; r < h; r++) {
    const row = r * w * 4;
    for (let c = 0; c < w; c++) {
      if (data[row + c * 4 + 3] !== 0) {
        if (r < top) top = r;
        bottom = r;
        if (c < left) left = c;
        if (c > right) right = c;
      }
    }
  }
  if (bottom < 0) return { x, y, width: 0, height: 0, data: new Uint8Array(0), spans: new Int32Array(0) };
  const tw = right - left + 1;
  const th = bottom - top + 1;
  const out = new Uint8Array(tw * th * 4);
  const spans = new Int32Array(th * 2);
  for (let r = 0; r < th; r++) {
    const from = ((r + top) * w + left) * 4;
    out.set(data.subarray(from, from + tw * 4), r * tw * 4);
    let first = -1;
    let last = -1;
    for (let c = 0; c < tw; c++) {
      if (out[(r * tw + c) * 4 + 3] !== 0) {
        if (first < 0) first = c;
        last = c;
      }
    }
    spans[r * 2] = first < 0 ? 0 : first;
    spans[r * 2 + 1] = first < 0 ? 0 : last + 1;
  }
  return { x: x + left, y: y + top, width: tw, height: th, data: out, spans };
}

/**
 * Copy a sprite into an empty part of the frame at (ox, oy) + its own offset: the first layer, so a
 * plain copy of each row's drawn span is exact.
 */
export function blit(frame: Uint8Array, fw: number, fh: number, s: Sprite, ox: number, oy: number): void {
  const x0 = ox + s.x;
  const y0 = oy + s.y;
  for (let r = 0; r < s.height; r++) {
    const y = y0 + r;
    if (y < 0 || y >= fh) continue;
    let c0 = s.spans[r * 2];
    let c1 = s.spans[r * 2 + 1];
    if (x0 + c0 < 0) c0 = -x0;
    if (x0 + c1 > fw) c1 = fw - x0;
    if (c1 <= c0) continue;
    const src = (r * s.width + c0) * 4;
    frame.set(s.data.subarray(src, src + (c1 - c0) * 4), (y * fw + x0 + c0) * 4);
  }
}

/** Source-over a sprite onto the frame, both straight (not premultiplied) alpha. */
export function blend(frame: Uint8Array, fw: number, fh: number, s: Sprite, ox: number, oy: number): void {
  const x0 = ox + s.x;
  const y0 = oy + s.y;
  const src = s.data;
  for (let r = 0; r < s.height; r++) {
    const y = y0 + r;
    if (y < 0 || y >= fh) continue;
    let c0 = s.spans[r * 2];
    let c1 = s.spans[r * 2 + 1];
    if (x0 + c0 < 0) c0 = -x0;
    if (x0 + c1 > fw) c1 = fw - x0;
    let si = (r * s.width + c0) * 4;
    let di = (y * fw + x0 + c0) * 4;
    for (let c = c0; c < c1; c++, si += 4, di += 4) {
      const sa = src[si + 3];
      if (sa === 0) continue;
      const da = frame[di + 3];
      if (sa === 255 || da === 0) {
        frame[di] = src[si];
        frame[di + 1] = src[si + 1];
        frame[di + 2] = src[si + 2];
        frame[di + 3] = sa;
        continue;
      }
      // out = src + dst * (1 - src alpha), in straight alpha: divide back by the resulting alpha.
      const keep = (da * (255 - sa)) / 255;
      const oa = sa + keep;
      frame[di] = (src[si] * sa + frame[di] * keep) / oa + 0.5;
      frame[di + 1] = (src[si + 1] * sa + frame[di + 1] * keep) / oa + 0.5;
      frame[di + 2] = (src[si + 2] * sa + frame[di + 2] * keep) / oa + 0.5;
      frame[di + 3] = oa + 0.5;
    }
  }
}
