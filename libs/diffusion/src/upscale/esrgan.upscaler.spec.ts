/** @jest-environment ./libs/presenter/src/lipsync/onnxruntime.jest-environment.js */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import { buildTinyUpscaler, TinyUpscalerOptions } from '../fixtures/tiny-upscaler.fixture';
import type { RgbaImage } from '../image/rgba-image';
import { EsrganUpscaler } from './esrgan.upscaler';
import { planSpans, spanWeight } from './tile-plan';

const quiet = { info: () => undefined, warn: () => undefined };
let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upscaler-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function open(name: string, options: TinyUpscalerOptions): Promise<EsrganUpscaler> {
  const file = path.join(dir, `${name}.onnx`);
  await fs.writeFile(file, buildTinyUpscaler(options));
  return EsrganUpscaler.open(file, { preference: 'cpu', logger: quiet });
}

/** A busy test card: every pixel different from its neighbours, so a wrong seam shows. */
function card(width: number, height: number, alpha = false): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      data.set(
        [(x * 53 + y * 17) % 256, (x * x + 3 * y) % 256, (x * y) % 256, alpha ? (x * 9 + y) % 256 : 255],
        p,
      );
    }
  }
  return { width, height, data };
}

/** Nearest-neighbour x s of the 3x3 box blur with zero padding: what the tiny model computes untiled. */
function byHand(img: RgbaImage, s: number): Uint8Array {
  const out = new Uint8Array(img.width * s * img.height * s * 4);
  for (let y = 0; y < img.height * s; y++) {
    for (let x = 0; x < img.width * s; x++) {
      const [sx, sy] = [Math.floor(x / s), Math.floor(y / s)];
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const [u, v] = [sx + dx, sy + dy];
            if (u >= 0 && v >= 0 && u < img.width && v < img.height)
              sum += img.data[(v * img.width + u) * 4 + c] / 255;
          }
        }
        out[(y * img.width * s + x) * 4 + c] = Math.round(Math.min(1, sum / 9) * 255);
      }
      out[(y * img.width * s + x) * 4 + 3] = 255;
    }
  }
  return out;
}

function diffCount(a: Uint8Array, b: Uint8Array, tolerance = 1): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > tolerance) n++;
  return n;
}

describe('tile plan', () => {
  it('cores partition the axis; inputs add the overlap inside the picture; fade weights sum to 1', () => {
    const spans = planSpans(100, 30, 6);
    expect(spans.map((s) => s.core)).toEqual([
      [0, 25],
      [25, 50],
      [50, 75],
      [75, 100],
    ]);
    expect(spans.map((s) => s.input)).toEqual([
      [0, 31],
      [19, 56],
      [44, 81],
      [69, 100],
    ]);
    for (let x = 0; x < 200; x++) {
      const sum = spans.reduce((acc, _, k) => acc + spanWeight(spans, k, x, 2, 6), 0);
      expect(sum).toBeCloseTo(1, 12);
    }
    // zero within overlap - feather/2 = 3 px of a tile's cut edge: span 1 starts at 19, fades in from 22
    expect(spanWeight(spans, 1, 21, 1, 6)).toBe(0);
    expect(spanWeight(spans, 1, 22, 1, 6)).toBeGreaterThan(0);
  });

  it('fixed windows are exactly the export size, reaching past small pictures', () => {
    // cores of at most 32 - 2 x 4 = 24 px: three of them; windows start 4 px before a core, inside the picture
    expect(planSpans(50, 0, 4, 32).map((s) => s.input)).toEqual([
      [0, 32],
      [13, 45],
      [18, 50],
    ]);
    expect(planSpans(20, 0, 4, 32)).toEqual([{ core: [0, 20], input: [0, 32] }]);
  });
});

describe('EsrganUpscaler', () => {
  it('finds the scale by a probe run and upscales untiled exactly as the model computes', async () => {
    const up = await open('x4', { scale: 4, blur: true });
    expect(up.scale).toBe(4);
    const img = card(20, 15);
    const out = await up.upscale(img, { tile: 64 });
    expect([out.width, out.height]).toEqual([80, 60]);
    expect(diffCount(out.data, byHand(img, 4))).toBe(0);
    await up.release();
  });

  it('tiled with overlap equals untiled: no seams', async () => {
    const up = await open('x2', { scale: 2, blur: true });
    const img = card(70, 45);
    const whole = await up.upscale(img, { tile: 512 });
    const progress: number[] = [];
    const tiled = await up.upscale(img, { tile: 16, overlap: 4, onProgress: (f) => progress.push(f) });
    expect(progress).toHaveLength(15); // 5 columns x 3 rows
    expect(diffCount(tiled.data, whole.data)).toBe(0);
    // Without overlap each tile sees zero padding at its cut edges: seams appear. (The test can fail.)
    const seams = await up.upscale(img, { tile: 16, overlap: 0 });
    expect(diffCount(seams.data, whole.data)).toBeGreaterThan(100);
    await up.release();
  });

  it('upscales alpha through the model as grey', async () => {
    const up = await open('x2a', { scale: 2, blur: false });
    const img = card(12, 10, true);
    const out = await up.upscale(img, { tile: 5, overlap: 2 });
    for (let y = 0; y < 20; y++) {
      for (let x = 0; x < 24; x++) {
        expect(out.data[(y * 24 + x) * 4 + 3]).toBe(
          img.data[(Math.floor(y / 2) * 12 + Math.floor(x / 2)) * 4 + 3],
        );
      }
    }
    await up.release();
  });

  it('runs a fixed-size fp16 export on any picture size', async () => {
    const up = await open('fixed16', { scale: 2, dtype: 'float16', window: { height: 32, width: 32 } });
    expect(up.scale).toBe(2);
    const img = card(50, 20);
    const out = await up.upscale(img, { overlap: 4 });
    expect([out.width, out.height]).toEqual([100, 40]);
    // No blur: the result is nearest-neighbour of the picture, to fp16 precision.
    let worst = 0;
    for (let y = 0; y < 40; y++) {
      for (let x = 0; x < 100; x++) {
        for (let c = 0; c < 3; c++) {
          const want = img.data[(Math.floor(y / 2) * 50 + Math.floor(x / 2)) * 4 + c];
          worst = Math.max(worst, Math.abs(out.data[(y * 100 + x) * 4 + c] - want));
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
    await up.release();
  });

  it('refuses a model without the signature, saying what it has', async () => {
    const e = await open('bad', { scale: 2, outputChannels: 4 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ClipwrightError);
    expect((e as ClipwrightError).code).toBe(ErrorCode.ModelInvalid);
    expect((e as ClipwrightError).message).toContain('output is not [1,3,H,W]');
    expect((e as ClipwrightError).message).toContain('outputs output float32 [1,4,');
  });

  it('refuses an output past the size limit before running anything', async () => {
    const up = await open('x4big', { scale: 4 });
    const e = await up
      .upscale({ width: 4000, height: 4001, data: new Uint8Array(0) })
      .catch((x: unknown) => x);
    expect((e as ClipwrightError).path).toBe('$.image');
    await up.release();
  });
});
