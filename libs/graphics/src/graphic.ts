import type { Canvas } from '@napi-rs/canvas';
import { encodePng } from './png';

/** A still to overlay at (x, y); `png` is exactly width x height, RGBA. */
export interface Graphic {
  png: Buffer;
  x: number;
  y: number;
  width: number;
  height: number;
}

export function toGraphic(canvas: Canvas, x: number, y: number): Graphic {
  const { width, height } = canvas;
  const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
  return { png: encodePng(width, height, pixels), x, y, width, height };
}
