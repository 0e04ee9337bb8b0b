import Ajv from 'ajv';
import { createCanvas } from '@napi-rs/canvas';
import { ClipwrightError, ErrorCode } from '@app/core';
import { frameRate, layScenes } from '@app/timeline';
import templateSchema from '../../../templates/src/template.schema.json';
import { imageKind } from '../image/image.kind';
import type { LayerText } from '../kind-definition';
import type { GenerateContext, GeneratedImageRequest } from '../layer-kind';
import { generate } from './generate.draw';
import { BoundGenerate, generateKind } from './generate.kind';

const where = 'templates/t/template.json#$.scenes[0].layers[0]';
/** Liquid's `{{ data.x }}` filled from a map: enough for binding (the real Liquid is the binder's). */
const text = (data: Record<string, string>): LayerText => ({
  parseOnly: false,
  render: async (v) =>
    v === undefined
      ? undefined
      : v.replace(/\{\{\s*data\.(\w+)\s*\}\}/g, (_m, k: string) => data[k] ?? '').trim() || undefined,
});

function png(width: number, height: number): Buffer {
  const c = createCanvas(width, height);
  c.getContext('2d').fillRect(0, 0, width, height);
  return c.toBuffer('image/png');
}

function context(images?: GenerateContext['images']): GenerateContext & { fractions: number[] } {
  const fractions: number[] = [];
  return { ...(images ? { images } : {}), seed: 4242, where, progress: (f) => fractions.push(f), fractions };
}

describe('the generate kind', () => {
  // The kind's fragment with the definitions of the composed template schema it refers to.
  const { definitions } = templateSchema as { definitions: Record<string, unknown> };
  const validate = new Ajv({ strict: false }).compile({ ...generateKind.schema, definitions });

  it('takes a model, a Liquid prompt and the fields of POST /v1/images, and refuses what the model cannot do', () => {
    expect(validate({ type: 'generate', model: 'sd-turbo', prompt: 'a harbour at {{ data.time }}' })).toBe(
      true,
    );
    expect(
      validate({ type: 'generate', model: 'sd-turbo', prompt: 'x', width: 512, motion: 'kenBurns' }),
    ).toBe(true);
    for (const bad of [
      { type: 'generate', prompt: 'x' },
      { type: 'generate', model: 'sd-turbo' },
      { type: 'generate', model: '../etc', prompt: 'x' },
      { type: 'generate', model: 'sd-turbo', prompt: 'x', width: 100 },
      { type: 'generate', model: 'sd-turbo', prompt: 'x', steps: 0 },
      { type: 'generate', model: 'sd-turbo', prompt: 'x', seed: -1 },
      { type: 'generate', model: 'sd-turbo', prompt: 'x', src: 'a.png' },
    ])
      expect(validate(bad)).toBe(false);
  });

  it('binds the prompt with the data (any script) and shows the picture as an image layer does', async () => {
    const bound = (await generateKind.bind(
      {
        type: 'generate',
        model: 'sd-turbo',
        prompt: 'a rainy street in {{ data.place }}, photograph',
        negativePrompt: '{{ data.none }}',
        width: 512,
        height: 288,
        seed: 9,
        motion: 'kenBurns',
        box: { x: 0.5, y: 0, width: 0.8, height: 1 },
      },
      text({ place: '東京 / القاهرة 🌧' }),
    )) as BoundGenerate;
    expect(bound.request).toEqual({
      model: 'sd-turbo',
      prompt: 'a rainy street in 東京 / القاهرة 🌧, photograph',
      width: 512,
      height: 288,
      seed: 9,
    });
    expect(bound).toMatchObject({ fit: 'cover', motion: 'kenBurns', box: { x: 0.5, width: 0.5 } });
    expect(bound).not.toHaveProperty('src');
    const clock = layScenes([{ id: 'a', rule: 'fixed', seconds: 4 }], frameRate(25));
    const frame = { aspect: '16:9', width: 1920, height: 1080 };
    const drawn = {
      media: { type: 'still' as const, file: 'x.png', opaque: false },
      rect: { x: 0, y: 0, width: 960, height: 1080 },
    };
    expect(generateKind.place(bound, drawn, clock.scenes[0], { frame, rate: frameRate(25) })).toEqual(
      imageKind.place(bound, drawn, clock.scenes[0], { frame, rate: frameRate(25) }),
    );
  });

  it("asks the generator with the item's seed unless the template fixes one, and decodes the picture", async () => {
    const asked: GeneratedImageRequest[] = [];
    const images = {
      generate: async (r: GeneratedImageRequest, o: { onProgress?: (f: number) => void }) => {
        asked.push(r);
        o.onProgress?.(0.5);
        return { png: png(64, 40), cached: false };
      },
    };
    const ctx = context(images);
    const layer = { request: { model: 'm', prompt: 'p' } } as BoundGenerate;
    const picture = await generate(layer, undefined, ctx);
    expect([picture.width, picture.height]).toEqual([64, 40]);
    await generate({ request: { model: 'm', prompt: 'p', seed: 7 } } as BoundGenerate, undefined, ctx);
    expect(asked.map((r) => r.seed)).toEqual([4242, 7]);
    expect(ctx.fractions).toEqual([0.5, 0.5]);
  });

  it('names the layer field in errors, and refuses to run without a generator', async () => {
    const images = {
      generate: async () => {
        throw new ClipwrightError(ErrorCode.ImageRequestInvalid, '$.width must be a multiple of 8', {
          path: '$.width',
        });
      },
    };
    const layer = { request: { model: 'm', prompt: 'p' } } as BoundGenerate;
    await expect(generate(layer, undefined, context(images))).rejects.toMatchObject({
      code: 'IMAGE_REQUEST_INVALID',
      path: `${where}.width`,
      message: `${where}.width must be a multiple of 8`,
    });
    await expect(generate(layer, undefined, context())).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      path: `${where}.model`,
    });
  });
});
