import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { describeSchemaError } from '@app/core';
import { SCHEDULER_NAMES, SchedulerName } from '../scheduler/scheduler.types';
import { IMAGE_LIMITS, MODEL_FAMILIES, ModelFamily } from './model-family';

/** The optional `clipwright.json` beside model_index.json: what the diffusers files cannot say. */
export interface ModelManifest {
  /** Shown in `clipwright models list` and the API's model list. */
  name?: string;
  /** Overrides family detection (for a pipeline class we do not recognise, or to say "turbo"). */
  family?: ModelFamily;
  /** The licence the user accepted for these weights, shown in listings (e.g. "CreativeML Open RAIL++-M"). */
  licence?: string;
  /** Defaults for requests that leave these out. */
  defaults?: {
    steps?: number;
    guidance?: number;
    width?: number;
    height?: number;
    scheduler?: SchedulerName;
  };
}

const side = { type: 'integer', minimum: IMAGE_LIMITS.minSide, maximum: IMAGE_LIMITS.maxSide, multipleOf: 8 };
export const MODEL_MANIFEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    family: { type: 'string', enum: [...MODEL_FAMILIES] },
    licence: { type: 'string', maxLength: 200 },
    defaults: {
      type: 'object',
      additionalProperties: false,
      properties: {
        steps: { type: 'integer', minimum: 1, maximum: 150 },
        guidance: { type: 'number', minimum: 0, maximum: IMAGE_LIMITS.maxGuidance },
        width: side,
        height: side,
        scheduler: { type: 'string', enum: [...SCHEDULER_NAMES] },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: false, strict: true }).compile<ModelManifest>(MODEL_MANIFEST_SCHEMA);

/** Reads `<dir>/clipwright.json`; undefined when there is none. @throws Error naming the JSON path at fault. */
export async function readManifest(dir: string): Promise<ModelManifest | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, 'clipwright.json'), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot be read: ${(e as Error).message}`, { cause: e });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (!validate(value)) {
    const { path: at, message } = describeSchemaError(validate.errors![0]);
    throw new Error(`${at} ${message}`);
  }
  return value;
}
