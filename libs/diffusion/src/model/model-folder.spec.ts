import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import { TinyModelOptions, writeTinyDiffusionModel } from '../fixtures/tiny-model-folder.fixture';
import { inspectModelFolder, readModelFolder } from './model-folder';

let root: string;
let n = 0;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'model-folder-'));
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

async function inspect(options: TinyModelOptions, edit?: (dir: string) => Promise<void>) {
  const dir = await writeTinyDiffusionModel(path.join(root, `m${n++}`), options);
  await edit?.(dir);
  return inspectModelFolder(dir);
}

const json = (dir: string, rel: string, value: unknown) =>
  fs.writeFile(path.join(dir, rel), JSON.stringify(value));

describe('inspectModelFolder: the family from the JSON files alone', () => {
  it.each([
    ['sd1', { family: 'sd1' }, 'sd1', 'euler', false],
    ['sd2', { family: 'sd2' }, 'sd2', 'euler', false],
    ['sd-turbo', { family: 'sd-turbo' }, 'sd-turbo', 'euler', false],
    ['sdxl', { family: 'sdxl' }, 'sdxl', 'euler', false],
    ['sdxl-turbo', { family: 'sdxl-turbo' }, 'sdxl-turbo', 'euler-ancestral', false],
    ['lcm', { family: 'lcm' }, 'lcm', 'lcm', false],
    ['lcm-sdxl', { family: 'lcm-sdxl' }, 'lcm-sdxl', 'lcm', false],
    ['sd2 inpainting', { family: 'sd2', inpainting: true }, 'sd2', 'euler', true],
  ] as [string, TinyModelOptions, string, string, boolean][])(
    '%s',
    async (_name, options, family, scheduler, inpainting) => {
      const { folder, problems } = await inspect(options);
      expect(problems).toEqual([]);
      expect(folder).toMatchObject({ family, schedulerName: scheduler, inpainting });
    },
  );

  it('takes SD 1.5 PNDM as Euler on its schedule and says so; the VAE scale from vae_decoder/config.json', async () => {
    const r = await inspect({ family: 'sd1' }, (dir) =>
      json(dir, 'vae_decoder/config.json', { scaling_factor: 0.2 }),
    );
    expect(r.folder?.schedulerExact).toBe(false);
    expect(r.notes).toContain('scheduler PNDMScheduler is not implemented; euler runs on its noise schedule');
    expect(r.folder?.vaeScale).toBe(0.2);
    expect(r.folder?.forceZerosForEmptyPrompt).toBe(false);
  });

  it('tells SD 2.x from the text encoder width or v-prediction when the class cannot', async () => {
    const v = await inspect({ family: 'sd1' }, async (dir) => {
      await fs.rm(path.join(dir, 'text_encoder/config.json'));
      await json(dir, 'scheduler/scheduler_config.json', {
        _class_name: 'DDIMScheduler',
        prediction_type: 'v_prediction',
      });
    });
    expect(v.folder?.family).toBe('sd2');
  });

  it('lets clipwright.json name the family and defaults, and refuses a bad one by its JSON path', async () => {
    const ok = await inspect({ family: 'sd1', pipelineClass: 'MyFineTunePipeline' }, (dir) =>
      json(dir, 'clipwright.json', {
        family: 'sd-turbo',
        licence: 'CreativeML Open RAIL-M',
        defaults: { steps: 2 },
      }),
    );
    expect(ok.problems).toEqual([]);
    expect(ok.folder).toMatchObject({
      family: 'sd-turbo',
      manifest: { licence: 'CreativeML Open RAIL-M', defaults: { steps: 2 } },
    });
    const bad = await inspect({ family: 'sd1' }, (dir) =>
      json(dir, 'clipwright.json', { family: 'sd3', defaults: { width: 500 } }),
    );
    expect(bad.problems).toEqual([
      {
        file: 'clipwright.json',
        message: '$.family must be one of: "sd1", "sd2", "sd-turbo", "sdxl", "sdxl-turbo", "lcm", "lcm-sdxl"',
      },
    ]);
  });

  it('lists every missing file, and a bad scheduler field by name', async () => {
    const r = await inspect(
      { family: 'sdxl', omit: ['tokenizer_2/vocab.json', 'text_encoder_2', 'vae_encoder'] },
      (dir) =>
        json(dir, 'scheduler/scheduler_config.json', {
          _class_name: 'EulerDiscreteScheduler',
          beta_schedule: 'sigmoid',
        }),
    );
    expect(r.problems).toEqual([
      {
        file: 'scheduler/scheduler_config.json#beta_schedule',
        message:
          'beta_schedule "sigmoid" is not supported (supported: linear, scaled_linear, squaredcos_cap_v2)',
      },
      { file: 'text_encoder_2/model.onnx', message: 'is missing' },
      { file: 'tokenizer_2/vocab.json', message: 'is missing' },
    ]);
    expect(r.notes).toContain(
      'vae_encoder/model.onnx is absent: text-to-image only (no image-to-image or inpainting)',
    );
  });

  it('refuses a folder that is not a diffusers model', async () => {
    const dir = path.join(root, 'empty');
    await fs.mkdir(dir);
    const e = await readModelFolder(dir).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ClipwrightError);
    expect((e as ClipwrightError).code).toBe(ErrorCode.ModelInvalid);
    expect((e as ClipwrightError).message).toContain(
      'model_index.json is missing (not a diffusers model folder?)',
    );
    expect((e as ClipwrightError).message).toContain('scheduler/scheduler_config.json is missing');
  });
});
