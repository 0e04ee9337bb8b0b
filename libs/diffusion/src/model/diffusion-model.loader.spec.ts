/** @jest-environment ./libs/presenter/src/lipsync/onnxruntime.jest-environment.js */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClipwrightError } from '@app/core';
import { encodeOnnxModel } from '@app/onnx';
import { unetGraph } from '../fixtures/tiny-graphs.fixture';
import { TinyModelOptions, writeTinyDiffusionModel } from '../fixtures/tiny-model-folder.fixture';
import { ortSessionFactory } from '../runtime/onnx-runtime';
import { loadDiffusionModel } from './diffusion-model.loader';
import { ModelProblem, readModelFolder } from './model-folder';

const quiet = { info: () => undefined, warn: () => undefined };
let root: string;
let n = 0;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'model-loader-'));
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

async function load(options: TinyModelOptions, edit?: (dir: string) => Promise<void>) {
  const dir = await writeTinyDiffusionModel(path.join(root, `m${n++}`), options);
  await edit?.(dir);
  return loadDiffusionModel(await readModelFolder(dir), {
    factory: ortSessionFactory,
    preference: 'cpu',
    logger: quiet,
  });
}

async function problems(options: TinyModelOptions, edit: (dir: string) => Promise<void>): Promise<string[]> {
  const e = await load(options, edit).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(ClipwrightError);
  return ((e as ClipwrightError).detail?.problems as ModelProblem[]).map((p) => `${p.file}: ${p.message}`);
}

const writeUnet = (dir: string, spec: Parameters<typeof unetGraph>[0]) =>
  fs.writeFile(path.join(dir, 'unet/model.onnx'), encodeOnnxModel(unetGraph(spec)));
const UNET = {
  channels: 4,
  dtype: 'float32',
  timestepType: 'int64',
  scalarTimestep: false,
  batch: 'B',
} as const;

describe('loadDiffusionModel', () => {
  it('reads signatures from the graphs: dtypes, fixed sizes, the penultimate layer, pooled outputs', async () => {
    const m = await load({
      family: 'sdxl',
      dtype: 'float16',
      inputIdsType: 'int64',
      fixedBatch: 1,
      fixedLatent: { height: 8, width: 8 },
    });
    expect(
      m.textEncoders.map((t) => [
        t.signature.input.type,
        t.signature.penultimate,
        t.signature.pooled,
        t.signature.hiddenSize,
      ]),
    ).toEqual([
      ['int64', 'hidden_states.2', 'pooler_output', 768],
      ['int64', 'hidden_states.2', 'text_embeds', 1280],
    ]);
    expect(m.unet.signature).toMatchObject({
      channels: 4,
      fixedBatch: 1,
      fixedLatent: { height: 8, width: 8 },
      contextSize: 2048,
    });
    expect(m.unet.signature.sample.type).toBe('float16');
    await m.release();
  });

  it('names a UNet whose context width does not match the text encoder', async () => {
    const found = await problems({ family: 'sd2' }, (dir) => writeUnet(dir, { ...UNET, context: 768 }));
    expect(found).toEqual([
      'unet/model.onnx: encoder_hidden_states is [B,77,768] but the text encoder gives 1024 values per token',
    ]);
  });

  it('names an SDXL UNet in a one-encoder folder, and an SDXL folder whose UNet lacks text_embeds/time_ids', async () => {
    expect(
      await problems({ family: 'sd1' }, (dir) =>
        writeUnet(dir, { ...UNET, context: 768, xl: { pooled: 1280 } }),
      ),
    ).toEqual([
      'unet/model.onnx: takes text_embeds/time_ids (an SDXL UNet) but the folder is sd1 (one text encoder)',
    ]);
    expect(await problems({ family: 'sdxl' }, (dir) => writeUnet(dir, { ...UNET, context: 2048 }))).toEqual([
      'unet/model.onnx: has no text_embeds/time_ids inputs, but sdxl UNets take them',
    ]);
  });

  it('takes a UNet with timestep_cond as LCM whatever the scheduler says', async () => {
    const m = await load({ family: 'sd1' }, (dir) =>
      writeUnet(dir, { ...UNET, context: 768, timestepCond: 256 }),
    );
    expect(m.family).toBe('lcm');
    expect(m.traits.scheduler).toBe('lcm');
    await m.release();
  });

  it('falls back to the family padding token when the tokenizer has no config', async () => {
    const turbo = await load({ family: 'sd-turbo' }, (dir) =>
      fs.rm(path.join(dir, 'tokenizer/special_tokens_map.json')),
    );
    expect(turbo.tokenizers[0].padId).toBe(0);
    await turbo.release();
    const sd1 = await load({ family: 'sd1' }, (dir) =>
      fs.rm(path.join(dir, 'tokenizer/special_tokens_map.json')),
    );
    expect(sd1.tokenizers[0].padId).toBe(sd1.tokenizers[0].endId);
    await sd1.release();
  });

  it('releases what it opened when a later graph fails', async () => {
    const released: string[] = [];
    const factory = {
      cudaInstalled: () => false,
      async create(file: string, provider: 'cuda' | 'cpu') {
        if (file.includes('vae_decoder')) throw new Error('Protobuf parsing failed.');
        const s = await ortSessionFactory.create(file, provider, {});
        return {
          ...s,
          inputs: s.inputs,
          outputs: s.outputs,
          run: s.run.bind(s),
          release: async () => void released.push(path.basename(path.dirname(file))),
        };
      },
    };
    const dir = await writeTinyDiffusionModel(path.join(root, `m${n++}`), { family: 'sd-turbo' });
    const e = await loadDiffusionModel(await readModelFolder(dir), {
      factory,
      preference: 'cpu',
      logger: quiet,
    }).catch((x: unknown) => x);
    expect((e as ClipwrightError).message).toContain(
      'vae_decoder/model.onnx could not be loaded by ONNX Runtime on CPU: Protobuf parsing failed.',
    );
    expect(released.sort()).toEqual(['text_encoder', 'unet', 'vae_encoder']);
  });
});
