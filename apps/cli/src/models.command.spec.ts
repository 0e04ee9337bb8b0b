/** @jest-environment ./libs/presenter/src/lipsync/onnxruntime.jest-environment.js */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeOnnxModel } from '@app/onnx';
import { writeTinyDiffusionModel } from '../../../libs/diffusion/src/fixtures/tiny-model-folder.fixture';
import { buildTinyUpscaler } from '../../../libs/diffusion/src/fixtures/tiny-upscaler.fixture';
import { EXIT_BAD_INPUT, EXIT_OK } from './cli';
import { runCliCaptured } from './cli.testing';

const cli = runCliCaptured;

let root: string;
let models: string;
let upscale: string;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-models-'));
  models = path.join(root, 'diffusion');
  upscale = path.join(root, 'upscale');
  await writeTinyDiffusionModel(path.join(models, 'sd-turbo'), {
    family: 'sd-turbo',
    dtype: 'float16',
    externalData: 'model.onnx_data',
  });
  await writeTinyDiffusionModel(path.join(models, 'sdxl'), { family: 'sdxl' });
  await writeTinyDiffusionModel(path.join(models, 'no-merges'), {
    family: 'sd-turbo',
    omit: ['tokenizer/merges.txt'],
  });
  await fs.mkdir(upscale, { recursive: true });
  await fs.writeFile(path.join(upscale, 'tiny-x4.onnx'), buildTinyUpscaler({ scale: 4 }));
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

describe('clipwright models verify', () => {
  it('accepts a generated SD-Turbo-shaped folder (fp16, external weights) and shows each graph', async () => {
    const r = await cli(['models', 'verify', path.join(models, 'sd-turbo')]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain('sd-turbo: OK: sd-turbo model (text-to-image, image-to-image, inpainting)');
    expect(r.out).toMatch(
      /unet\s+sample float16 \[batch,4,h,w\], timestep int64 \[batch\], encoder_hidden_states float16 \[batch,77,1024\] -> out_sample float16/,
    );
  });

  it('rejects a folder with a missing tokenizer file, naming it', async () => {
    const r = await cli(['models', 'verify', path.join(models, 'no-merges')]);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.out).toContain('no-merges: 1 problem (as sd-turbo)\n  tokenizer/merges.txt: is missing\n');
    expect(r.err).toContain('error MODEL_INVALID:');
  });

  it('names wrong input names and dtypes, a missing weights file and an unknown family', async () => {
    const dir = path.join(root, 'wrong');
    await writeTinyDiffusionModel(dir, { family: 'sd1', externalData: 'weights.pb' });
    await fs.rm(path.join(dir, 'vae_decoder/weights.pb'));
    // A UNet whose timestep is called "t", and a text encoder that takes float ids.
    await fs.writeFile(
      path.join(dir, 'unet/model.onnx'),
      encodeOnnxModel({
        name: 'wrong_unet',
        inputs: [
          { name: 'sample', shape: ['B', 4, 'h', 'w'] },
          { name: 't', shape: ['B'], type: 'int64' },
          { name: 'encoder_hidden_states', shape: ['B', 77, 768] },
        ],
        outputs: [{ name: 'out_sample', shape: ['B', 4, 'h', 'w'] }],
        nodes: [{ op: 'Identity', inputs: ['sample'], outputs: ['out_sample'] }],
      }),
    );
    await fs.writeFile(
      path.join(dir, 'text_encoder/model.onnx'),
      encodeOnnxModel({
        name: 'wrong_te',
        inputs: [{ name: 'input_ids', shape: ['B', 77] }],
        outputs: [{ name: 'last_hidden_state', shape: ['B', 77] }],
        nodes: [{ op: 'Identity', inputs: ['input_ids'], outputs: ['last_hidden_state'] }],
      }),
    );
    const r = await cli(['models', 'verify', dir, '--json']);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    const v = JSON.parse(r.out) as { ok: boolean; problems: { file: string; message: string }[] };
    expect(v.ok).toBe(false);
    const lines = v.problems.map((p) => `${p.file}: ${p.message}`);
    expect(lines).toContain(
      'vae_decoder/weights.pb: is missing (vae_decoder/model.onnx keeps its weights there)',
    );
    expect(
      lines.some((l) =>
        l.startsWith(
          'unet/model.onnx: has no input timestep; the graph has inputs sample float32 [B,4,h,w], t int64 [B]',
        ),
      ),
    ).toBe(true);
    expect(lines).toContain('unet/model.onnx: has an unexpected input t (t int64 [B])');
    expect(
      lines.some((l) =>
        l.startsWith('text_encoder/model.onnx: expected exactly one int32 or int64 input (input_ids)'),
      ),
    ).toBe(true);

    await fs.writeFile(
      path.join(dir, 'model_index.json'),
      JSON.stringify({ _class_name: 'KandinskyV22Pipeline' }),
    );
    const unknown = await cli(['models', 'verify', dir]);
    expect(unknown.code).toBe(EXIT_BAD_INPUT);
    expect(unknown.out).toContain(
      'model_index.json: _class_name "KandinskyV22Pipeline" is not a known family',
    );
  });

  it('verifies an upscaler file and says its scale', async () => {
    const r = await cli(['models', 'verify', path.join(upscale, 'tiny-x4.onnx')]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain('tiny-x4.onnx: OK: x4 super-resolution model');
    const missing = await cli(['models', 'verify', path.join(root, 'nothing-here')]);
    expect(missing.code).toBe(EXIT_BAD_INPUT);
  });
});

describe('clipwright models list', () => {
  it('lists models with family and modes, broken ones with their problem count, and upscalers', async () => {
    const r = await cli(['models', 'list', '--models-dir', models, '--upscale-dir', upscale]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out.split('\n')).toEqual([
      'no-merges\tsd-turbo\t1 problem(s): run clipwright models verify',
      'sd-turbo\tsd-turbo\ttext-to-image,image-to-image,inpainting',
      'sdxl\tsdxl\ttext-to-image,image-to-image,inpainting',
      'tiny-x4\tupscaler',
      '',
    ]);
    const json = JSON.parse(
      (await cli(['models', 'list', '--models-dir', models, '--upscale-dir', upscale, '--json'])).out,
    ) as {
      diffusion: { id: string }[];
      upscale: string[];
    };
    expect(json.diffusion.map((m) => m.id)).toEqual(['no-merges', 'sd-turbo', 'sdxl']);
    expect(json.upscale).toEqual(['tiny-x4']);
  });
});
