import { ALL_ERROR_CODES } from '@app/core';
import { TIMELINE_FORMATS } from '@app/interchange';
import { JOB_STATES } from '@app/persistence';

/**
 * JSON Schemas of what the API answers, for the OpenAPI document. The service specs validate real
 * answers against them (test/service), so they cannot drift from what the code sends.
 */
const error = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', enum: [...ALL_ERROR_CODES], description: 'Stable: never changes once published' },
    message: { type: 'string', description: 'For people; names the field at fault' },
    path: {
      type: 'string',
      description: 'JSON path ($.data.properties.mag), header:<name>, query.<name> or a URL part',
    },
  },
};

const iso = { type: 'string', format: 'date-time' };
const nullableIso = { type: 'string', format: 'date-time', nullable: true };

export const responseSchemas = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error,
      items: {
        type: 'array',
        items: { $ref: '#/components/schemas/BatchItem' },
        description: 'BATCH_REJECTED only',
      },
    },
  },
  Output: {
    type: 'object',
    required: ['name', 'aspect', 'size', 'contentType', 'href'],
    properties: {
      name: { type: 'string', example: 'clip-16x9.mp4' },
      aspect: { type: 'string', nullable: true, example: '16:9' },
      size: { type: 'integer', description: 'bytes' },
      contentType: { type: 'string' },
      href: {
        type: 'string',
        description: 'GET it with the same key; absolute under PUBLIC_BASE_URL when set',
      },
    },
  },
  Job: {
    type: 'object',
    required: [
      'id',
      'kind',
      'state',
      'template',
      'batchId',
      'aspects',
      'progress',
      'stage',
      'error',
      'attempts',
      'callbackUrl',
      'createdAt',
      'updatedAt',
      'startedAt',
      'finishedAt',
    ],
    properties: {
      id: { type: 'string', format: 'uuid' },
      kind: { type: 'string', enum: ['render', 'image', 'upscale'] },
      state: { type: 'string', enum: [...JOB_STATES] },
      template: { type: 'string', description: 'The template id; for image and upscale jobs, the model id' },
      batchId: { type: 'string', format: 'uuid', nullable: true },
      aspects: { type: 'array', items: { type: 'string' } },
      progress: { type: 'number', minimum: 0, maximum: 1 },
      stage: { type: 'string', nullable: true },
      error: { ...error, nullable: true },
      attempts: { type: 'integer', description: 'Runs started so far, crash re-runs included' },
      callbackUrl: { type: 'string', nullable: true },
      createdAt: iso,
      updatedAt: iso,
      startedAt: nullableIso,
      finishedAt: nullableIso,
      timeline: {
        type: 'array',
        items: { type: 'string', enum: [...TIMELINE_FORMATS] },
        description: 'The editable timelines asked for, each a zip from GET /v1/jobs/{id}/timeline/{format}',
      },
      result: {
        type: 'object',
        nullable: true,
        description: 'result.json, once completed (GET /v1/jobs/{id} only)',
      },
      outputs: {
        type: 'array',
        items: { $ref: '#/components/schemas/Output' },
        description: 'GET /v1/jobs/{id} only',
      },
    },
  },
  Models: {
    type: 'object',
    required: ['workers', 'models', 'upscalers'],
    properties: {
      workers: {
        type: 'array',
        items: {
          type: 'object',
          required: ['worker', 'provider', 'cudaInstalled', 'at'],
          properties: {
            worker: { type: 'string' },
            provider: { type: 'string', enum: ['cuda', 'cpu'] },
            cudaInstalled: { type: 'boolean', nullable: true },
            at: { type: 'integer', description: 'when it last advertised (ms since the epoch)' },
          },
        },
      },
      models: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'modes', 'providers'],
          properties: {
            id: { type: 'string', example: 'sd-turbo' },
            family: { type: 'string' },
            modes: { type: 'array', items: { type: 'string' } },
            providers: { type: 'array', items: { type: 'string' } },
          },
        },
      },
      upscalers: { type: 'array', items: { type: 'string' } },
    },
  },
  JobList: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: { $ref: '#/components/schemas/Job' } },
      nextCursor: {
        type: 'string',
        format: 'uuid',
        nullable: true,
        description: 'Pass as cursor for the next page',
      },
    },
  },
  BatchItem: {
    type: 'object',
    required: ['index', 'id', 'path', 'status'],
    properties: {
      index: { type: 'integer' },
      id: { type: 'string', nullable: true },
      path: { type: 'string', example: '$.data.features[1]' },
      status: { type: 'string', enum: ['queued', 'rejected'] },
      jobId: { type: 'string', format: 'uuid', description: 'queued items' },
      error: { ...error, description: 'rejected items: the code and JSON path at fault' },
    },
  },
  Batch: {
    type: 'object',
    required: ['batchId', 'jobs', 'items'],
    properties: {
      batchId: { type: 'string', format: 'uuid' },
      jobs: { type: 'array', items: { $ref: '#/components/schemas/Job' } },
      items: { type: 'array', items: { $ref: '#/components/schemas/BatchItem' } },
    },
  },
  Asset: {
    type: 'object',
    required: ['id', 'name', 'contentType', 'size', 'sha256', 'createdAt'],
    properties: {
      id: { type: 'string', format: 'uuid', description: 'Name it in job data as "asset:<id>"' },
      name: { type: 'string' },
      contentType: { type: 'string' },
      size: { type: 'integer' },
      sha256: { type: 'string' },
      createdAt: iso,
    },
  },
  TemplateList: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'title', 'description', 'version', 'outputs'],
          properties: {
            id: { type: 'string' },
            title: { type: 'string' },
            description: { type: 'string', nullable: true },
            version: { type: 'integer' },
            outputs: { type: 'array', items: { type: 'object' } },
          },
        },
      },
    },
  },
  Preview: {
    type: 'object',
    required: ['script'],
    properties: { script: { type: 'string' }, scenes: { description: 'The bound texts of each scene' } },
  },
  WebhookSecret: {
    type: 'object',
    required: ['secret', 'scheme', 'previousValidUntil'],
    properties: {
      secret: { type: 'string', example: 'whsec_...' },
      scheme: { type: 'string', enum: ['standard-webhooks-v1'] },
      previousValidUntil: nullableIso,
    },
  },
  Deliveries: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['messageId', 'event', 'url', 'attempt', 'status', 'error', 'durationMs', 'at'],
          properties: {
            messageId: { type: 'string' },
            event: { type: 'string' },
            url: { type: 'string' },
            attempt: { type: 'integer' },
            status: { type: 'integer', nullable: true },
            error: { type: 'string', nullable: true },
            durationMs: { type: 'integer' },
            at: iso,
          },
        },
      },
    },
  },
} as const;
