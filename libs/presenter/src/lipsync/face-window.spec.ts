import {
  blendMask,
  boxFits,
  FACE_ITEM,
  FACE_PLANE,
  FACE_SIZE,
  OUTPUT_ITEM,
  pasteFaceWindow,
  RgbaFrame,
  writeFaceWindow,
} from './face-window';

function solid(width: number, height: number, rgba: [number, number, number, number]): RgbaFrame {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { width, height, data };
}

describe('writeFaceWindow', () => {
  it('writes BGR/255 with the lower half of the target masked and the reference whole', () => {
    const frame = solid(200, 100, [255, 128, 0, 255]);
    const out = new Float32Array(2 * FACE_ITEM).fill(-1);
    writeFaceWindow(frame, { x: 10, y: 5, width: 150, height: 90 }, out, 1);
    expect(out[0]).toBe(-1); // item 0 untouched
    const at = (channel: number, y: number, x: number): number =>
      out[FACE_ITEM + channel * FACE_PLANE + y * FACE_SIZE + x];
    // channel 0 = blue, 1 = green, 2 = red
    expect([at(0, 0, 0), at(1, 0, 0), at(2, 0, 0)]).toEqual([0, Math.fround(128 / 255), 1]);
    expect([at(0, 47, 95), at(1, 47, 95), at(2, 47, 95)]).toEqual([0, Math.fround(128 / 255), 1]);
    expect([at(0, 48, 0), at(1, 48, 0), at(2, 48, 50), at(2, 95, 95)]).toEqual([0, 0, 0, 0]);
    expect([at(3, 95, 95), at(4, 95, 95), at(5, 95, 95)]).toEqual([0, Math.fround(128 / 255), 1]);
  });

  it('resamples the box only, with half-pixel centres (a 2x box averages pixel pairs)', () => {
    // Columns alternate 0 / 200 in red: a 192-wide box shrunk to 96 reads between each pair.
    const frame = solid(400, 200, [0, 0, 0, 255]);
    for (let y = 0; y < 200; y++)
      for (let x = 0; x < 400; x++) frame.data[(y * 400 + x) * 4] = x % 2 ? 200 : 0;
    const out = new Float32Array(FACE_ITEM);
    writeFaceWindow(frame, { x: 100, y: 4, width: 192, height: 192 }, out, 0);
    const red = out.subarray(5 * FACE_PLANE, 6 * FACE_PLANE);
    for (const v of [red[0], red[10], red[FACE_PLANE - 1]]) expect(v * 255).toBeCloseTo(100, 3);
  });
});

describe('blendMask', () => {
  const w = 100;
  const h = 200;
  const m = blendMask(w, h, { top: 0.45, feather: 0.1 });

  it('is 0 above the top line and along the edges, 1 over the mouth, with smooth ramps', () => {
    const at = (x: number, y: number): number => m[y * w + x];
    for (let y = 0; y < 90; y++) expect(at(50, y)).toBe(0); // rows centred above 0.45 * 200
    expect(at(50, 150)).toBe(1);
    expect(at(50, 115)).toBe(1);
    expect(at(0, 150)).toBeLessThan(0.01);
    expect(at(99, 150)).toBeLessThan(0.01);
    expect(at(50, 199)).toBeLessThan(0.01);
    let previous = 0;
    for (let y = 88; y <= 112; y++) {
      expect(at(50, y)).toBeGreaterThanOrEqual(previous);
      previous = at(50, y);
    }
    expect(at(50, 100)).toBeGreaterThan(0.1);
    expect(at(50, 100)).toBeLessThan(0.9);
  });
});

describe('pasteFaceWindow', () => {
  it('blends the BGR output into the box by the mask and leaves everything else alone', () => {
    const frame = solid(60, 60, [10, 20, 30, 77]);
    const box = { x: 20, y: 10, width: 30, height: 40 };
    // Output: blue 1.0, green 0.5, red 0 -> RGB (0, 128, 255) where the mask is 1.
    const output = new Float32Array(OUTPUT_ITEM);
    output.fill(1, 0, FACE_PLANE);
    output.fill(0.5, FACE_PLANE, 2 * FACE_PLANE);
    const mask = new Float32Array(box.width * box.height);
    mask[30 * box.width + 15] = 1;
    mask[30 * box.width + 16] = 0.25;
    pasteFaceWindow(frame, box, output, 0, mask);
    const px = (x: number, y: number): number[] =>
      Array.from(frame.data.subarray((y * 60 + x) * 4, (y * 60 + x) * 4 + 4));
    expect(px(35, 40)).toEqual([0, 128, 255, 77]);
    expect(px(36, 40)).toEqual([
      Math.round(0.75 * 10),
      Math.round(0.25 * 127.5 + 0.75 * 20),
      Math.round(0.25 * 255 + 0.75 * 30),
      77,
    ]);
    let changed = 0;
    for (let i = 0; i < frame.data.length; i += 4) if (frame.data[i] !== 10) changed++;
    expect(changed).toBe(2);
  });
});

describe('boxFits', () => {
  it('wants whole pixels inside the picture', () => {
    expect(boxFits({ x: 0, y: 0, width: 320, height: 240 }, 320, 240)).toBe(true);
    expect(boxFits({ x: 1, y: 0, width: 320, height: 240 }, 320, 240)).toBe(false);
    expect(boxFits({ x: 0.5, y: 0, width: 100, height: 100 }, 320, 240)).toBe(false);
    expect(boxFits({ x: 0, y: -1, width: 100, height: 100 }, 320, 240)).toBe(false);
  });
});
