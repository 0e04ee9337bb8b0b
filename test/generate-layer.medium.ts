/** @jest-environment ./libs/presenter/src/lipsync/onnxruntime.jest-environment.js */
/**
 * A template with a `generate` layer through the real engine (issue 12): the diffusion engine on a
 * tiny generated model folder with the diffusers ONNX signatures, real ffmpeg, the fixture template
 * test/fixtures/templates/generated-backdrop. The picture the layer asks for fills the frame; a
 * re-render of the same data reads it from the engine's cache instead of running the model again;
 * other data makes another picture.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { DiffusionEngine } from '@app/diffusion';
import { createRenderEngine, engineSpeech } from '@app/engine';
import { speechConfigFromEnv } from '@app/speech';
import { writeTinyDiffusionModel } from '../libs/diffusion/src/fixtures/tiny-model-folder.fixture';

jest.setTimeout(300_000);

const root = path.resolve(__dirname, '..');
let work: string;
let diffusion: DiffusionEngine;
let made: jest.SpyInstance;

/** Mean RGB of raw rgb24 pixels. */
function mean(rgb: Uint8Array | Uint8ClampedArray, stride = 3): number[] {
  const sum = [0, 0, 0];
  for (let i = 0; i < rgb.length; i += stride) for (let c = 0; c < 3; c++) sum[c] += rgb[i + c];
  const n = rgb.length / stride;
  return sum.map((s) => s / n);
}

/** The middle frame of a clip as rgb24. */
function middleFrame(file: string): Buffer {
  return execFileSync(
    'ffmpeg',
    ['-v', 'error', '-ss', '0.6', '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    {
      maxBuffer: 1 << 24,
    },
  );
}

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-generate-layer-'));
  await writeTinyDiffusionModel(path.join(work, 'models', 'tiny-turbo'), { family: 'sd-turbo' });
  diffusion = new DiffusionEngine({
    modelsDir: path.join(work, 'models'),
    executionProvider: 'cpu',
    logger: { info: () => undefined, warn: () => undefined },
  });
  made = jest.spyOn(diffusion, 'generate');
});

afterAll(async () => {
  await diffusion?.close();
  await fs.rm(work, { recursive: true, force: true });
});

describe('a template with a generated backdrop', () => {
  const engine = () =>
    createRenderEngine(
      {
        templatesDir: path.join(root, 'test/fixtures/templates'),
        presentersDir: path.join(root, 'models/presenters'),
        diffusion,
        cacheDir: path.join(work, 'cache'),
      },
      engineSpeech(speechConfigFromEnv(process.env)),
    );
  const render = (place: string, name: string) =>
    engine().render({
      templateId: 'generated-backdrop',
      data: { place },
      dataSource: 'data',
      outDir: path.join(work, name),
    });

  it('renders the generated picture as its backdrop, and a re-render reads it from the cache', async () => {
    const [first] = await render('Reykjavík', 'out-1');
    expect(made).toHaveBeenCalledTimes(1);
    expect(made.mock.calls[0][0]).toMatchObject({
      model: 'tiny-turbo',
      prompt: 'the harbour of Reykjavík at dawn, photograph',
      width: 128,
      height: 72,
      count: 1,
    });
    const cached = await fs.readdir(path.join(work, 'cache', 'images'));
    expect(cached).toHaveLength(1);
    expect(cached[0]).toMatch(/^[0-9a-f]{64}\.png$/);

    // The frame shows the picture the engine made (scaled to cover 320x180), not the black ground.
    const picture = await loadImage(await fs.readFile(path.join(work, 'cache', 'images', cached[0])));
    const c = createCanvas(picture.width, picture.height);
    c.getContext('2d').drawImage(picture, 0, 0);
    const expected = mean(c.getContext('2d').getImageData(0, 0, picture.width, picture.height).data, 4);
    const frame = mean(middleFrame(path.join(first.outDir, 'clip-16x9.mp4')));
    expect(Math.max(...expected)).toBeGreaterThan(30);
    for (let ch = 0; ch < 3; ch++) expect(Math.abs(frame[ch] - expected[ch])).toBeLessThan(10);

    const [again] = await render('Reykjavík', 'out-2');
    expect(made).toHaveBeenCalledTimes(1);
    expect(await fs.readdir(path.join(work, 'cache', 'images'))).toHaveLength(1);
    const before = middleFrame(path.join(first.outDir, 'clip-16x9.mp4'));
    expect(middleFrame(path.join(again.outDir, 'clip-16x9.mp4')).equals(before)).toBe(true);

    await render('القاهرة', 'out-3');
    expect(made).toHaveBeenCalledTimes(2);
    expect(made.mock.calls[1][0]).toMatchObject({ prompt: 'the harbour of القاهرة at dawn, photograph' });
    expect(made.mock.calls[1][0].seed).not.toBe(made.mock.calls[0][0].seed);
    expect(await fs.readdir(path.join(work, 'cache', 'images'))).toHaveLength(2);
  });

  it('fails on a model that is not installed, naming the layer field', async () => {
    const dir = path.join(work, 'templates');
    await fs.cp(
      path.join(root, 'test/fixtures/templates/generated-backdrop'),
      path.join(dir, 'generated-backdrop'),
      { recursive: true },
    );
    const file = path.join(dir, 'generated-backdrop', 'template.json');
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace('"tiny-turbo"', '"not-installed"'));
    const other = createRenderEngine(
      {
        templatesDir: dir,
        presentersDir: path.join(root, 'models/presenters'),
        diffusion,
        cacheDir: path.join(work, 'cache'),
      },
      engineSpeech(speechConfigFromEnv(process.env)),
    );
    await expect(
      other.render({
        templateId: 'generated-backdrop',
        data: { place: 'Oslo' },
        dataSource: 'data',
        outDir: path.join(work, 'out-4'),
      }),
    ).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      path: 'templates/generated-backdrop/template.json#$.scenes[0].layers[0].model',
    });
  });
});
