import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { ClipwrightError, ErrorCode, resolveInside } from '@app/core';
import { decodeImage, encodeImagePng, RgbaImage } from '../image/rgba-image';
import {
  DiffusionLogger,
  ExecutionPreference,
  ExecutionProvider,
  OnnxSessionFactory,
} from '../runtime/onnx-runtime';
import { EsrganUpscaler } from '../upscale/esrgan.upscaler';
import { checkRequest } from './image-request';

/** An upscale request as JSON carries it (POST /v1/images/upscale); `image` is a reference the caller resolves. */
export interface UpscaleParameters {
  /** A file name (without .onnx) under models/upscale. */
  model: string;
  image?: string;
  /** Upscale until the picture is at least this big (at most MAX_UPSCALE_PASSES passes); one pass when absent. */
  minWidth?: number;
  minHeight?: number;
}

export const MAX_UPSCALE_PASSES = 2;

export const UPSCALE_PARAMETERS_SCHEMA = {
  type: 'object',
  required: ['model'],
  additionalProperties: false,
  properties: {
    model: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$' },
    image: { type: 'string', minLength: 1, maxLength: 500 },
    minWidth: { type: 'integer', minimum: 1, maximum: 16384 },
    minHeight: { type: 'integer', minimum: 1, maximum: 16384 },
  },
} as const;

const validateSchema = new Ajv({ allErrors: false, strict: true }).compile<UpscaleParameters>(
  UPSCALE_PARAMETERS_SCHEMA,
);

/** @throws ClipwrightError IMAGE_REQUEST_INVALID with the JSON path. */
export function validateUpscaleParameters(raw: unknown, base = '$'): UpscaleParameters {
  return checkRequest(validateSchema, raw, base);
}

/**
 * How many passes of an x`scale` model bring a width x height picture to at least minWidth x
 * minHeight (0 when it already is); capped at MAX_UPSCALE_PASSES. Image layers ask this when a
 * picture is smaller than its place on screen.
 */
export function upscalePasses(
  width: number,
  height: number,
  scale: number,
  minWidth = 0,
  minHeight = 0,
): number {
  let passes = 0;
  while (passes < MAX_UPSCALE_PASSES && (width < minWidth || height < minHeight)) {
    width *= scale;
    height *= scale;
    passes++;
  }
  return passes;
}

export interface UpscaleResult {
  png: Buffer;
  width: number;
  height: number;
  /** Total factor (scale ^ passes). */
  factor: number;
  executionProvider: ExecutionProvider;
  fallbackReason?: string;
}

/** The ids of the super-resolution models in `dir`: its `<id>.onnx` files, sorted. */
export async function listUpscalers(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith('.onnx'))
    .map((n) => n.slice(0, -5))
    .sort();
}

/** Super-resolution models in `dir` (<id>.onnx), opened once each and kept. */
export class UpscaleService {
  private readonly open = new Map<string, Promise<EsrganUpscaler>>();

  constructor(
    readonly dir: string,
    private readonly factory: OnnxSessionFactory,
    private readonly preference: ExecutionPreference,
    private readonly logger: DiffusionLogger,
  ) {}

  ids(): Promise<string[]> {
    return listUpscalers(this.dir);
  }

  private async upscaler(id: string): Promise<EsrganUpscaler> {
    const found = this.open.get(id);
    if (found) return found;
    const file = resolveInside(this.dir, `${id}.onnx`, 'model');
    if (!(await fs.stat(file).catch(() => undefined))?.isFile()) {
      const known = await this.ids();
      throw new ClipwrightError(
        ErrorCode.ModelNotFound,
        `$.model names no installed upscaler ${JSON.stringify(id)} (installed: ${known.length ? known.join(', ') : 'none'})`,
        { path: '$.model' },
      );
    }
    const opening = EsrganUpscaler.open(file, {
      factory: this.factory,
      preference: this.preference,
      logger: this.logger,
    });
    this.open.set(id, opening);
    opening.catch(() => this.open.delete(id));
    return opening;
  }

  /**
   * Upscales a PNG/JPEG/WebP by the model's factor, once or until it reaches minWidth x minHeight.
   * @throws ClipwrightError IMAGE_REQUEST_INVALID / MODEL_NOT_FOUND / MODEL_INVALID / CANCELLED.
   */
  async upscale(
    params: UpscaleParameters,
    image: Uint8Array,
    options: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
  ): Promise<UpscaleResult> {
    const p = validateUpscaleParameters({ ...params, image: 'bytes' });
    const up = await this.upscaler(p.model);
    let picture: RgbaImage = await decodeImage(image, '$.image');
    const wanted = p.minWidth || p.minHeight;
    const passes = wanted
      ? upscalePasses(picture.width, picture.height, up.scale, p.minWidth, p.minHeight)
      : 1;
    for (let i = 0; i < passes; i++) {
      picture = await up.upscale(picture, {
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (f) => options.onProgress?.((i + f) / passes),
      });
    }
    return {
      png: encodeImagePng(picture),
      width: picture.width,
      height: picture.height,
      factor: up.scale ** passes,
      executionProvider: up.provider,
      ...(up.fallbackReason ? { fallbackReason: up.fallbackReason } : {}),
    };
  }

  async close(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    for (const p of all) await (await p.catch(() => undefined))?.release();
  }
}

/** The conventional sibling of models/diffusion. */
export function defaultUpscaleDir(modelsDir: string): string {
  return path.join(path.dirname(path.resolve(modelsDir)), 'upscale');
}
