import type { LayerSpec } from '../kind-definition';
import { defineKind } from '../layer-kind';
import type { GeneratedImageRequest } from '../layer-kind';
import { TEXT } from '../common/schema';
import { BoundImage, ImageLayer, imageKind } from '../image/image.kind';

/** The fields of a picture request a template may fix (POST /v1/images' names and limits). */
const REQUEST_PROPERTIES = {
  model: {
    type: 'string',
    pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$',
    description: 'a model folder under models/diffusion',
  },
  prompt: { ...TEXT, description: 'what to draw; Liquid, rendered with the data' },
  negativePrompt: { ...TEXT, description: 'what to keep out; Liquid' },
  width: { type: 'integer', minimum: 64, maximum: 2048, multipleOf: 8, description: 'pixels' },
  height: { type: 'integer', minimum: 64, maximum: 2048, multipleOf: 8, description: 'pixels' },
  steps: { type: 'integer', minimum: 1, maximum: 150 },
  guidance: { type: 'number', minimum: 0, maximum: 30 },
  scheduler: { enum: ['euler', 'euler-ancestral', 'ddim', 'lcm'] },
  seed: {
    type: 'integer',
    minimum: 0,
    maximum: 4294967295,
    description: "default: from the item's digest, so the same data makes the same picture",
  },
} as const;

export type GenerateLayer = LayerSpec &
  Omit<ImageLayer, 'type' | 'src' | 'sources' | 'arrange'> & {
    type: 'generate';
    model: string;
    prompt: string;
    negativePrompt?: string;
    width?: number;
    height?: number;
    steps?: number;
    guidance?: number;
    scheduler?: string;
    seed?: number;
  };

/** Bound: the picture's request with its texts rendered (seed filled in the generate stage), and how it shows. */
export type BoundGenerate = BoundImage & { request: Omit<GeneratedImageRequest, 'seed'> & { seed?: number } };

const imageProperties = (imageKind.schema as { properties: Record<string, unknown> }).properties;
const { type: _type, src: _src, sources: _sources, arrange: _arrange, ...showProperties } = imageProperties;

/**
 * A picture the diffusion engine makes for the template (a backdrop when the data has no photo):
 * the request's texts are Liquid, bound with the data; the generate stage makes it once per job
 * (or reads it from the engine's cache: same model and parameters, same PNG) before compose, and it
 * is then drawn exactly as an image layer is (fit, focus, box, Ken Burns, window).
 */
export const generateKind = defineKind<GenerateLayer, BoundGenerate, unknown, undefined>({
  type: 'generate',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'model', 'prompt'],
    properties: { type: { const: 'generate' }, ...REQUEST_PROPERTIES, ...showProperties },
  },
  bind: async (layer, text) => {
    const {
      type: _t,
      model,
      prompt,
      negativePrompt,
      width,
      height,
      steps,
      guidance,
      scheduler,
      seed,
      ...show
    } = layer;
    const shown = await imageKind.bind({ ...show, type: 'image', src: '' } as never, text);
    const rendered = (await text.render(prompt, 'prompt')) ?? '';
    const negative = await text.render(negativePrompt, 'negativePrompt');
    return {
      ...(shown as BoundImage),
      request: {
        model,
        prompt: rendered,
        ...(negative ? { negativePrompt: negative } : {}),
        ...(width !== undefined ? { width } : {}),
        ...(height !== undefined ? { height } : {}),
        ...(steps !== undefined ? { steps } : {}),
        ...(guidance !== undefined ? { guidance } : {}),
        ...(scheduler !== undefined ? { scheduler } : {}),
        ...(seed !== undefined ? { seed } : {}),
      },
    };
  },
  endsAt: (layer) => imageKind.endsAt?.(layer as never),
  place: (layer, drawn, scene, ctx) => imageKind.place(layer, drawn, scene, ctx),
  painter: () => import('./generate.draw'),
});
