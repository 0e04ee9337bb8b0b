/** @jest-environment ./libs/presenter/src/lipsync/onnxruntime.jest-environment.js */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import { encodePng } from '@app/graphics';
import { writeTinyDiffusionModel } from '../fixtures/tiny-model-folder.fixture';
import { decodeImage } from '../image/rgba-image';
import { ExecutionProvider, OnnxSessionFactory, ortSessionFactory } from '../runtime/onnx-runtime';
import { DiffusionEngine } from './diffusion.engine';

let root: string;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'diffusion-engine-'));
  await writeTinyDiffusionModel(path.join(root, 'turbo'), { family: 'sd-turbo' });
  await writeTinyDiffusionModel(path.join(root, 'inpaint'), { family: 'sd-turbo', inpainting: true });
  await writeTinyDiffusionModel(path.join(root, 'lcm'), { family: 'lcm' });
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

function collect() {
  const lines: string[] = [];
  return {
    lines,
    info: (m: string) => lines.push(`info ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
  };
}

/** ONNX Runtime on the CPU behind a factory that plays a CUDA machine as told, and counts sessions. */
function fakeFactory(cuda: 'works' | 'fails' | 'absent') {
  const created: ExecutionProvider[] = [];
  const factory: OnnxSessionFactory = {
    cudaInstalled: () => cuda !== 'absent',
    async create(file, provider, tuning) {
      if (provider === 'cuda' && cuda === 'fails')
        throw new Error('CUDA failure 100: no CUDA-capable device is detected\n at ...');
      created.push(provider);
      return ortSessionFactory.create(file, 'cpu', tuning);
    },
  };
  return { factory, created };
}

async function failure(p: Promise<unknown>): Promise<ClipwrightError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ClipwrightError);
  return e as ClipwrightError;
}

describe('DiffusionEngine.validate', () => {
  const engine = () => new DiffusionEngine({ modelsDir: root, executionProvider: 'cpu', logger: collect() });

  it('fills the family defaults and a seed', async () => {
    const r = await engine().validate({ model: 'turbo', prompt: '一只猫 🐈 قطة' });
    expect(r).toMatchObject({
      width: 512,
      height: 512,
      steps: 1,
      guidance: 0,
      count: 1,
      scheduler: 'euler',
      strength: 1,
      mode: 'text-to-image',
    });
    expect(Number.isInteger(r.seed)).toBe(true);
  });

  it.each([
    [
      { model: 'turbo', prompt: 'x', width: 100 },
      ErrorCode.ImageRequestInvalid,
      '$.width',
      'must be a multiple of 8 (got 100; try 104)',
    ],
    [
      { model: 'turbo', prompt: 'x', height: 4096 },
      ErrorCode.ImageRequestInvalid,
      '$.height',
      'must be <= 2048',
    ],
    [
      { model: 'turbo', prompt: 'x', steps: 10 },
      ErrorCode.ImageRequestInvalid,
      '$.steps',
      'must be from 1 to 4 for sd-turbo model turbo',
    ],
    [{ model: 'turbo', prompt: 'x', steps: 0 }, ErrorCode.ImageRequestInvalid, '$.steps', 'must be >= 1'],
    [
      { model: 'lcm', prompt: 'x', steps: 12 },
      ErrorCode.ImageRequestInvalid,
      '$.steps',
      'must be from 1 to 8',
    ],
    [{ model: 'turbo', prompt: 'x', seed: -1 }, ErrorCode.ImageRequestInvalid, '$.seed', 'must be >= 0'],
    [
      { model: 'turbo', prompt: 'x', strength: 0.5 },
      ErrorCode.ImageRequestInvalid,
      '$.strength',
      'needs an image',
    ],
    [
      { model: 'turbo', prompt: 'x', colour: 'red' },
      ErrorCode.ImageRequestInvalid,
      '$.colour',
      'is not allowed here',
    ],
    [{ model: 'turbo' }, ErrorCode.ImageRequestInvalid, '$.prompt', 'is required but missing'],
    [
      { model: 'turbo', prompt: 'x'.repeat(2001) },
      ErrorCode.ImageRequestInvalid,
      '$.prompt',
      'must NOT have more than 2000 characters',
    ],
    [{ model: 'turbo', prompt: null }, ErrorCode.ImageRequestInvalid, '$.prompt', 'must be string'],
    [{ model: '../turbo', prompt: 'x' }, ErrorCode.ImageRequestInvalid, '$.model', 'must match pattern'],
    [
      { model: 'sd-9', prompt: 'x' },
      ErrorCode.ModelNotFound,
      '$.model',
      'names no installed model "sd-9" (installed: inpaint, lcm, turbo)',
    ],
    [
      { model: 'inpaint', prompt: 'x' },
      ErrorCode.ImageRequestInvalid,
      '$.image',
      'is required: inpaint is an inpainting model',
    ],
    [{ model: 'turbo', prompt: 'x', count: 9 }, ErrorCode.ImageRequestInvalid, '$.count', 'must be <= 8'],
  ])('case %#', async (raw, code, at, message) => {
    const e = await failure(engine().validate(raw));
    expect(e.code).toBe(code);
    expect(e.path).toBe(at);
    expect(e.message).toContain(message);
    expect(e.isInputError).toBe(true);
  });
});

describe('DiffusionEngine.generate', () => {
  it('answers PNGs with what ran, and per-image cache keys equal to one-image requests', async () => {
    const engine = new DiffusionEngine({ modelsDir: root, executionProvider: 'cpu', logger: collect() });
    const progress: number[] = [];
    const r = await engine.generate(
      { model: 'turbo', prompt: 'a photo of a cat', width: 64, height: 72, seed: 7, count: 2, steps: 2 },
      { onProgress: (f) => progress.push(f) },
    );
    expect(progress).toEqual([0.5, 1]);
    expect(r.images).toHaveLength(2);
    const first = await decodeImage(r.images[0].png, 'out');
    expect([first.width, first.height]).toEqual([64, 72]);
    expect(r.images.map((i) => i.seed)).toEqual([7, 8]);
    expect(r).toMatchObject({
      executionProvider: 'cpu',
      fallbacks: [],
      model: { id: 'turbo', family: 'sd-turbo', inpainting: false },
    });
    expect(r.parameters).toMatchObject({ width: 64, height: 72, steps: 2, seed: 7, count: 2 });
    expect(r.prompt).toEqual({ tokens: 5, truncated: false });
    const single = await engine.generate({
      model: 'turbo',
      prompt: 'a photo of a cat',
      width: 64,
      height: 72,
      seed: 8,
      steps: 2,
    });
    expect(single.images[0].cacheKey).toBe(r.images[1].cacheKey);
    expect(single.images[0].png.equals(r.images[1].png)).toBe(true);
    expect(r.images[0].cacheKey).not.toBe(r.images[1].cacheKey);
    await engine.close();
  });

  it('opens sessions once per model and reuses them', async () => {
    const { factory, created } = fakeFactory('absent');
    const engine = new DiffusionEngine({
      modelsDir: root,
      executionProvider: 'auto',
      logger: collect(),
      sessionFactory: factory,
    });
    await engine.generate({ model: 'turbo', prompt: 'a', width: 64, height: 64, seed: 1 });
    const opened = created.length;
    expect(opened).toBe(4); // text encoder, UNet, VAE decoder, VAE encoder
    const again = await engine.generate({ model: 'turbo', prompt: 'b', width: 64, height: 64, seed: 2 });
    expect(created).toHaveLength(opened);
    expect(again.timings.loadMs).toBe(0);
    await engine.close();
  });

  it('falls back to the CPU when CUDA fails, says so in the log and the result', async () => {
    const { factory, created } = fakeFactory('fails');
    const logger = collect();
    const engine = new DiffusionEngine({ modelsDir: root, logger, sessionFactory: factory });
    const r = await engine.generate({ model: 'turbo', prompt: 'a', width: 64, height: 64, seed: 1 });
    expect(r.executionProvider).toBe('cpu');
    expect(r.fallbacks.map((f) => f.component)).toEqual([
      'text_encoder',
      'unet',
      'vae_decoder',
      'vae_encoder',
    ]);
    expect(r.fallbacks[0].reason).toBe(
      'CUDA could not load it (CUDA failure 100: no CUDA-capable device is detected)',
    );
    expect(logger.lines).toContain(
      'warn turbo/unet/model.onnx: CUDA could not load it (CUDA failure 100: no CUDA-capable device is detected); running on CPU',
    );
    expect(created.every((p) => p === 'cpu')).toBe(true);
    expect(engine.advertise()).toMatchObject({
      preference: 'auto',
      cudaInstalled: true,
      loaded: [{ model: 'turbo', provider: 'cpu' }],
    });
    await engine.close();
  });

  it('uses CUDA when it loads, and never tries it when the provider is not installed', async () => {
    const works = fakeFactory('works');
    const engine = new DiffusionEngine({ modelsDir: root, logger: collect(), sessionFactory: works.factory });
    const r = await engine.generate({ model: 'turbo', prompt: 'a', width: 64, height: 64, seed: 1 });
    expect([r.executionProvider, r.fallbacks]).toEqual(['cuda', []]);
    expect(engine.advertise()).toMatchObject({
      provider: 'cuda',
      loaded: [{ model: 'turbo', provider: 'cuda', fallbacks: [] }],
    });
    await engine.close();

    const absent = fakeFactory('absent');
    const logger = collect();
    const cpu = new DiffusionEngine({ modelsDir: root, logger, sessionFactory: absent.factory });
    const r2 = await cpu.generate({ model: 'turbo', prompt: 'a', width: 64, height: 64, seed: 1 });
    expect(r2.fallbacks[1]).toEqual({
      component: 'unet',
      reason: 'the CUDA execution provider is not installed with onnxruntime-node',
    });
    expect(cpu.advertise().provider).toBe('cpu');
    expect(
      logger.lines.some((l) =>
        l.startsWith('warn turbo/unet/model.onnx: the CUDA execution provider is not installed'),
      ),
    ).toBe(true);
    await cpu.close();
  });

  it('fails with the reason when CUDA is required and cannot load', async () => {
    const { factory } = fakeFactory('fails');
    const engine = new DiffusionEngine({
      modelsDir: root,
      executionProvider: 'cuda',
      logger: collect(),
      sessionFactory: factory,
    });
    const e = await failure(engine.generate({ model: 'turbo', prompt: 'a', width: 64, height: 64 }));
    expect(e.code).toBe(ErrorCode.ModelInvalid);
    expect(e.message).toContain(
      'text_encoder/model.onnx could not be loaded by ONNX Runtime on CUDA: CUDA failure 100',
    );
  });

  it('a model that cannot load fails with its reasons and the engine goes on serving others', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'diffusion-broken-'));
    await writeTinyDiffusionModel(path.join(dir, 'ok'), { family: 'sd-turbo' });
    await writeTinyDiffusionModel(path.join(dir, 'broken'), {
      family: 'sd-turbo',
      externalData: 'weights.pb',
    });
    await fs.rm(path.join(dir, 'broken/unet/weights.pb'));
    await fs.writeFile(path.join(dir, 'broken/vae_decoder/model.onnx'), 'not a protobuf at all');
    const engine = new DiffusionEngine({ modelsDir: dir, executionProvider: 'cpu', logger: collect() });
    const e = await failure(engine.generate({ model: 'broken', prompt: 'a', width: 64, height: 64 }));
    expect(e.code).toBe(ErrorCode.ModelInvalid);
    expect(e.message).toContain('unet/weights.pb is missing (unet/model.onnx keeps its weights there)');
    expect(e.message).toMatch(
      /vae_decoder\/model.onnx (is not an ONNX model|could not be loaded by ONNX Runtime on CPU)/,
    );
    const ok = await engine.generate({ model: 'ok', prompt: 'a', width: 64, height: 64 });
    expect(ok.images).toHaveLength(1);
    await engine.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('inpaints a cut-out product PNG: every opaque pixel comes back exactly', async () => {
    const w = 90;
    const h = 70; // not multiples of 8: padded for the VAE, cropped back
    const rgba = new Uint8Array(w * h * 4);
    for (let p = 0; p < w * h; p++) {
      const [x, y] = [p % w, Math.floor(p / w)];
      const inside = (x - 45) ** 2 / 900 + (y - 35) ** 2 / 625 <= 1;
      rgba.set(inside ? [(x * 37) % 256, (y * 91) % 256, (x + y) % 256, 255] : [0, 0, 0, 0], p * 4);
    }
    const engine = new DiffusionEngine({ modelsDir: root, executionProvider: 'cpu', logger: collect() });
    const r = await engine.generate({
      model: 'inpaint',
      prompt: 'a marble table',
      image: encodePng(w, h, rgba),
      mask: 'alpha',
      seed: 3,
    });
    expect(r.parameters).toMatchObject({ width: 90, height: 70, mode: 'inpainting' });
    const out = await decodeImage(r.images[0].png, 'out');
    expect([out.width, out.height]).toEqual([90, 70]);
    let kept = 0;
    const wrong: number[] = [];
    for (let p = 0; p < w * h; p++) {
      if (rgba[p * 4 + 3] !== 255) continue;
      kept++;
      for (let c = 0; c < 4; c++) if (out.data[p * 4 + c] !== rgba[p * 4 + c]) wrong.push(p);
    }
    expect(kept).toBeGreaterThan(500);
    expect(wrong).toEqual([]);
    const e = await failure(
      engine.generate({
        model: 'turbo',
        prompt: 'x',
        image: encodePng(2, 2, new Uint8Array(16).fill(255)),
        mask: 'alpha',
      }),
    );
    expect(e.path).toBe('$.image');
    await engine.close();
  });

  it('refuses pictures that are not images, on their field', async () => {
    const engine = new DiffusionEngine({ modelsDir: root, executionProvider: 'cpu', logger: collect() });
    const e = await failure(
      engine.generate({ model: 'turbo', prompt: 'x', image: Buffer.from('%PDF-1.7 ...') }),
    );
    expect(e.path).toBe('$.image');
    expect(e.message).toContain('is not a PNG, JPEG or WebP image');
    const opaque = encodePng(64, 64, new Uint8Array(64 * 64 * 4).fill(255));
    const m = await failure(engine.generate({ model: 'turbo', prompt: 'x', image: opaque, mask: 'alpha' }));
    expect([m.path, m.message]).toEqual([
      '$.mask',
      '$.mask is "alpha" but the image has no transparent pixels',
    ]);
  });

  it('stops between steps when the job is cancelled', async () => {
    const engine = new DiffusionEngine({ modelsDir: root, executionProvider: 'cpu', logger: collect() });
    const controller = new AbortController();
    const e = await failure(
      engine.generate(
        { model: 'turbo', prompt: 'x', width: 64, height: 64, steps: 4 },
        { signal: controller.signal, onProgress: (f) => f >= 0.5 && controller.abort() },
      ),
    );
    expect(e.code).toBe(ErrorCode.Cancelled);
    await engine.close();
  });

  it('samples a UNet with timestep_cond as LCM even when its scheduler config says otherwise', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'diffusion-lcm-'));
    await writeTinyDiffusionModel(path.join(dir, 'lcm-lora-fused'), { family: 'lcm' });
    const config = path.join(dir, 'lcm-lora-fused/scheduler/scheduler_config.json');
    const raw = JSON.parse(await fs.readFile(config, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(config, JSON.stringify({ ...raw, _class_name: 'PNDMScheduler' }));
    await fs.writeFile(
      path.join(dir, 'lcm-lora-fused/model_index.json'),
      JSON.stringify({ _class_name: 'StableDiffusionPipeline' }),
    );
    const engine = new DiffusionEngine({ modelsDir: dir, executionProvider: 'cpu', logger: collect() });
    expect((await engine.validate({ model: 'lcm-lora-fused', prompt: 'x' })).scheduler).toBe('euler');
    const r = await engine.generate({ model: 'lcm-lora-fused', prompt: 'x', width: 64, height: 64, seed: 5 });
    expect(r.model.family).toBe('lcm');
    expect(r.parameters).toMatchObject({ scheduler: 'lcm', steps: 4, guidance: 8.5, seed: 5 });
    expect(r.timesteps).toEqual([999, 759, 499, 259]);
    await engine.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('keeps at most maxLoadedModels open, releasing the least recently used', async () => {
    const logger = collect();
    const engine = new DiffusionEngine({
      modelsDir: root,
      executionProvider: 'cpu',
      logger,
      maxLoadedModels: 1,
    });
    await engine.preload('turbo');
    await engine.generate({ model: 'lcm', prompt: 'x', width: 64, height: 64, steps: 2 });
    expect(engine.advertise().loaded.map((l) => l.model)).toEqual(['lcm']);
    expect(logger.lines).toContain('info model turbo: sessions released');
    await engine.close();
  });
});
