import { createCanvas } from '@napi-rs/canvas';
import { FaceBox, RgbaFrame } from './face-window';

/** The box the fixture face is drawn in (forehead to chin, ear to ear). */
export const FIXTURE_BOX: FaceBox = { x: 100, y: 50, width: 120, height: 150 };

/**
 * A cartoon face on a graded backdrop, drawn with Skia: smooth shading (so resampling error is small
 * and measurable), eyes in the upper half and a mouth in the lower half of FIXTURE_BOX. Used by the
 * tests as the presenter's still; returns RGBA and the PNG bytes of the same picture.
 */
export function drawFixtureFace(width = 320, height = 240): { frame: RgbaFrame; png: Buffer } {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const bg = ctx.createLinearGradient(0, 0, width, height);
  bg.addColorStop(0, '#20344f');
  bg.addColorStop(1, '#5b7fa3');
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, width, height);
  const b = FIXTURE_BOX;
  const skin = ctx.createRadialGradient(
    b.x + b.width / 2,
    b.y + b.height * 0.45,
    10,
    b.x + b.width / 2,
    b.y + b.height / 2,
    b.width * 0.75,
  );
  skin.addColorStop(0, '#f2c9a0');
  skin.addColorStop(1, '#b9835a');
  ctx.fillStyle = skin;
  ctx.beginPath();
  ctx.ellipse(b.x + b.width / 2, b.y + b.height / 2, b.width * 0.47, b.height * 0.48, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#3a2a20';
  for (const ex of [0.33, 0.67]) {
    ctx.beginPath();
    ctx.ellipse(b.x + b.width * ex, b.y + b.height * 0.38, 9, 6, 0, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.fillStyle = '#a8474a';
  ctx.beginPath();
  ctx.ellipse(b.x + b.width / 2, b.y + b.height * 0.74, 22, 8, 0, 0, Math.PI * 2);
  ctx.fill();
  const data = Buffer.from(ctx.getImageData(0, 0, width, height).data.buffer);
  return { frame: { width, height, data }, png: canvas.toBuffer('image/png') };
}
