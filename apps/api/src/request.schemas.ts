import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { describeSchemaError } from '@app/core';
import { JOB_STATES } from '@app/persistence';
import { ApiError } from './api.error';

/** Request shapes, checked with ajv at the edge (docs/conventions.md §8); inside, values are typed. */
export interface CreateJobBody {
  template: string;
  /** The item (or feed); absent when `script` is given instead. */
  data?: unknown;
  /** A reporter's script instead of `data` (the story template): parsed into the item by parseStory. */
  script?: { format?: 'markdown' | 'text'; text: string };
  select?: string | number;
  aspects?: string[];
  callbackUrl?: string;
  /** A pronunciation lexicon (`{ "entries": [...] }`, checked by the speech lib's parser). */
  lexicon?: Record<string, unknown>;
  /** `asset:<id>` of an uploaded recording of the script (WAV, MP3, M4A): the job's voice. */
  voiceOver?: string;
  /** Editable timeline formats (`otio`, `fcpxml`, `xmeml`, `mlt`, `edl`), checked by checkTimelineFormats. */
  timeline?: string[];
}
export interface CreateBatchBody {
  template: string;
  data: unknown;
  aspects?: string[];
  callbackUrl?: string;
  lexicon?: Record<string, unknown>;
  /** As in a job: the editable timeline formats of every job of the batch. */
  timeline?: string[];
}
export interface RotateSecretBody {
  graceHours?: number;
}
export interface PreviewBody {
  /** The item (or feed); absent when `script` is given instead. */
  data?: unknown;
  /** A reporter's script instead of `data` (the story template). */
  script?: { format?: 'markdown' | 'text'; text: string };
  select?: string | number;
}

const aspects = {
  type: 'array',
  items: { type: 'string', pattern: '^\\d{1,2}:\\d{1,2}$' },
  minItems: 1,
  maxItems: 8,
  uniqueItems: true,
};
const callbackUrl = { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000 };
const template = { type: 'string', minLength: 1, maxLength: 64 };
const lexicon = {
  type: 'object',
  description: 'pronunciation lexicon: { "entries": [{ "grapheme", "alias", "phoneme"?, "alphabet"? }] }',
};
const voiceOver = {
  type: 'string',
  pattern: '^asset:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  description: 'asset:<id> of an uploaded recording of the script (WAV, MP3, M4A), read instead of a voice',
};
/** The names are checked by @app/interchange's checkTimelineFormats, the CLI's check (errors name `$.timeline[i]`). */
const timeline = {
  type: 'array',
  items: { type: 'string', maxLength: 16 },
  maxItems: 8,
  description:
    'editable timelines to export with each output, as a zip per output (GET /v1/jobs/{id}/timeline/{format}): otio, fcpxml, xmeml, mlt, edl',
};
const select = {
  anyOf: [
    { type: 'string', minLength: 1, maxLength: 200 },
    { type: 'integer', minimum: 0 },
  ],
};

const script = {
  type: 'object',
  description:
    'Instead of data: a reporter\'s script (the story template), Markdown or plain text: a headline line, paragraphs, ![caption](asset:<id>) lines, "> lower third: Name — Title" lines',
  required: ['text'],
  additionalProperties: false,
  properties: {
    format: { enum: ['markdown', 'text'], description: 'default markdown' },
    text: { type: 'string', minLength: 1, maxLength: 20000 },
  },
};
export const createJobSchema = {
  type: 'object',
  required: ['template'],
  additionalProperties: false,
  properties: { template, data: {}, script, select, aspects, callbackUrl, lexicon, voiceOver, timeline },
};
export const createBatchSchema = {
  type: 'object',
  required: ['template', 'data'],
  additionalProperties: false,
  properties: { template, data: {}, aspects, callbackUrl, lexicon, timeline },
};
export const previewSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { data: {}, script, select },
};
export const listJobsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    state: { type: 'string', enum: [...JOB_STATES] },
    template,
    batch: { type: 'string', format: 'uuid' },
    cursor: { type: 'string', format: 'uuid' },
    limit: { type: 'integer', minimum: 1, maximum: 100 },
  },
};

/** A week at most: long enough for a weekend deploy freeze, short enough that a leaked secret dies. */
export const MAX_GRACE_HOURS = 168;
export const DEFAULT_GRACE_HOURS = 24;
export const rotateSecretSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { graceHours: { type: 'number', minimum: 0, maximum: MAX_GRACE_HOURS } },
};

const ajv = new Ajv({ allErrors: false, strict: true, coerceTypes: false });
addFormats(ajv);
const queryAjv = new Ajv({ allErrors: false, strict: true, coerceTypes: true });
addFormats(queryAjv);

function checker<T>(schema: object, base: string, a: Ajv = ajv): (value: unknown) => T {
  const validate: ValidateFunction = a.compile(schema);
  return (value: unknown): T => {
    if (value === undefined || value === null) throw ApiError.invalid(base, 'is required');
    if (validate(value)) return value as T;
    const first = validate.errors?.[0] as ErrorObject;
    const { path, message } = describeSchemaError(first, base);
    throw ApiError.invalid(path, message);
  };
}

export const checkCreateJob = checker<CreateJobBody>(createJobSchema, '$');
export const checkCreateBatch = checker<CreateBatchBody>(createBatchSchema, '$');
export const checkPreview = checker<PreviewBody>(previewSchema, '$');
export const checkRotateSecret = checker<RotateSecretBody>(rotateSecretSchema, '$');
/** Query strings arrive as strings: ajv coerces `limit=5` to a number (on a copy). */
export const checkListQuery = (q: Record<string, unknown>) =>
  checker<{ state?: string; template?: string; batch?: string; cursor?: string; limit?: number }>(
    listJobsQuerySchema,
    'query',
    queryAjv,
  )({ ...q });

/** Printable ASCII, 1..200: what Stripe and the IETF draft allow, and safe to store and log. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
