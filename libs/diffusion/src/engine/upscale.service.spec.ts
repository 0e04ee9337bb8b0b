/** @jest-environment ./libs/presenter/src/lipsync/onnxruntime.jest-environment.js */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import { encodePng } from '@app/graphics';
import { buildTinyUpscaler } from '../fixtures/tiny-upscaler.fixture';
import { DiffusionEngine } from './diffusion.engine';
import { upscalePasses } from './upscale.service';

const collect = () => ({ info: () => undefined, warn: () => undefined });

async function failure(p: Promise<unknown>): Promise<ClipwrightError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ClipwrightError);
  return e as ClipwrightError;
}

let root: string;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'upscale-service-'));
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

describe('DiffusionEngine.upscale', () => {
  it('upscales by passes until the picture fills its place, with the model from models/upscale', async () => {
    const upscaleDir = path.join(root, 'upscale');
    await fs.mkdir(upscaleDir, { recursive: true });
    await fs.writeFile(path.join(upscaleDir, 'tiny-x2.onnx'), buildTinyUpscaler({ scale: 2 }));
    const engine = new DiffusionEngine({
      modelsDir: root,
      upscaleDir,
      executionProvider: 'cpu',
      logger: collect(),
    });
    const png = encodePng(20, 10, new Uint8Array(20 * 10 * 4).fill(200));
    const r = await engine.upscale({ model: 'tiny-x2', minWidth: 64 }, png);
    expect(r).toMatchObject({ width: 80, height: 40, factor: 4, executionProvider: 'cpu' });
    const once = await engine.upscale({ model: 'tiny-x2' }, png);
    expect([once.width, once.height]).toEqual([40, 20]);
    const e = await failure(engine.upscale({ model: 'realesrgan-x4' }, png));
    expect([e.code, e.path]).toEqual([ErrorCode.ModelNotFound, '$.model']);
    expect(e.message).toContain('(installed: tiny-x2)');
    const bad = await failure(engine.upscale({ model: 'tiny-x2', minWidth: 0 }, png));
    expect([bad.code, bad.path]).toEqual([ErrorCode.ImageRequestInvalid, '$.minWidth']);
    await engine.close();
  });

  it('counts passes: none when big enough, at most two', () => {
    expect(upscalePasses(640, 360, 4, 1920, 1080)).toBe(1);
    expect(upscalePasses(1920, 1080, 4, 1920, 1080)).toBe(0);
    expect(upscalePasses(100, 100, 2, 1920, 1080)).toBe(2);
  });
});
