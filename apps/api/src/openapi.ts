import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ClipwrightError, clipwrightPackage, ErrorCode } from '@app/core';
import { responseSchemas } from './api.schemas';
import { toOas30 } from './openapi.schema';
import { CREATE_IMAGE_SCHEMA, CREATE_UPSCALE_SCHEMA } from './images.service';
import {
  createBatchSchema,
  createJobSchema,
  listJobsQuerySchema,
  previewSchema,
  rotateSecretSchema,
} from './request.schemas';
import { consentBodySchema, rightsResponseSchemas, rightsSettingsBodySchema } from './rights.schemas';
import { brandKitSchema } from './brand.service';

type Op = {
  body?: { schema: object; example?: unknown; multipart?: boolean };
  ok: Record<string, { description: string; schema?: string; content?: Record<string, object> }>;
  errors: number[];
};

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad input: the code and the JSON path at fault',
  401: 'No key, or an unknown or revoked one',
  404: 'No such job, template, output or asset in this workspace',
  409: 'Conflict: idempotency key reused with another body, job not cancellable, output not ready',
  413: 'Body or upload too large',
  415: 'Not application/json in UTF-8 (or, for uploads, not a supported media file)',
  500: 'Internal error; nothing internal is in the message',
  503: 'A dependency is down; retry after the Retry-After header',
};

function sample(): unknown {
  try {
    const root = clipwrightPackage().root;
    const feed = JSON.parse(readFileSync(path.join(root, 'templates/news-brief/sample.geojson'), 'utf8')) as {
      features: unknown[];
    };
    return feed.features[0];
  } catch {
    return { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 0, 10] } };
  }
}

const job = (d: string) => ({ description: d, schema: 'Job' });

/**
 * What each operation takes and answers, from the schemas the API validates with (request.schemas)
 * and the answer schemas the service specs check real answers against (api.schemas). Nest's
 * scanner supplies the paths, path parameters and tags; this fills in bodies and responses.
 */
function operations(): Record<string, Op> {
  const item = sample();
  const feedItem = (id: string) => ({ ...(item as object), id });
  return {
    'post /v1/jobs': {
      body: { schema: createJobSchema, example: { template: 'news-brief', data: item, aspects: ['16:9'] } },
      ok: { 201: job('Queued'), 200: job('The job this Idempotency-Key made before') },
      errors: [400, 401, 409, 413, 415, 503],
    },
    'post /v1/batches': {
      body: {
        schema: createBatchSchema,
        example: {
          template: 'news-brief',
          data: { type: 'FeatureCollection', features: [feedItem('a'), feedItem('b')] },
          aspects: ['16:9'],
        },
      },
      ok: {
        201: { description: 'Every item queued', schema: 'Batch' },
        207: {
          description: 'Some items queued, some rejected: see items[].status and items[].error',
          schema: 'Batch',
        },
      },
      errors: [400, 401, 413, 415, 503],
    },
    'get /v1/jobs': {
      ok: { 200: { description: 'Newest first', schema: 'JobList' } },
      errors: [400, 401, 503],
    },
    'get /v1/jobs/{id}': {
      ok: { 200: job('The job, with result and outputs once completed') },
      errors: [401, 404, 503],
    },
    'post /v1/jobs/{id}/cancel': { ok: { 200: job('Cancelled') }, errors: [401, 404, 409, 503] },
    'get /v1/jobs/{id}/events': {
      ok: {
        200: {
          description: 'text/event-stream: `progress` events, then one `end` with the job',
          content: { 'text/event-stream': { schema: { type: 'string' } } },
        },
      },
      errors: [401, 404, 503],
    },
    'get /v1/jobs/{id}/outputs/{name}': {
      ok: {
        200: {
          description: 'The file',
          content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
        },
        302: { description: 'Redirect to a presigned storage URL (DOWNLOADS=redirect or ?redirect=true)' },
      },
      errors: [401, 404, 409, 503],
    },
    'get /v1/jobs/{id}/timeline/{format}': {
      ok: {
        200: {
          description:
            "A zip of one output's timeline folder: every timeline file the job asked for and media/ (docs/timelines.md)",
          content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
        },
        302: { description: 'Redirect to a presigned storage URL (DOWNLOADS=redirect or ?redirect=true)' },
      },
      errors: [401, 404, 409, 503],
    },
    'get /v1/jobs/{id}/webhooks': {
      ok: { 200: { description: 'Delivery attempts, oldest first', schema: 'Deliveries' } },
      errors: [401, 404, 503],
    },
    'get /v1/templates': {
      ok: { 200: { description: 'Templates', schema: 'TemplateList' } },
      errors: [401, 503],
    },
    'get /v1/templates/{id}': {
      ok: {
        200: { description: 'The manifest', content: { 'application/json': { schema: { type: 'object' } } } },
      },
      errors: [401, 404],
    },
    'get /v1/templates/{id}/schema': {
      ok: {
        200: {
          description: 'JSON Schema of `data`',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
      },
      errors: [401, 404],
    },
    'get /v1/templates/{id}/sample': {
      ok: {
        200: {
          description: 'The shipped sample: `{ file, data }` or `{ file, script: { format, text } }`',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
      },
      errors: [401, 404],
    },
    'get /v1/templates/{id}/thumbnail': {
      ok: {
        200: {
          description: 'The thumbnail',
          content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
        },
      },
      errors: [401, 404],
    },
    'post /v1/jobs/{id}/rerun': {
      ok: { 201: { description: 'The new job', schema: 'Job' } },
      errors: [400, 401, 404, 409, 503],
    },
    'get /v1/brand': {
      ok: {
        200: {
          description: 'The brand kit ({} when none was saved)',
          content: { 'application/json': { schema: toOas30(brandKitSchema) as object } },
        },
      },
      errors: [401, 503],
    },
    'put /v1/brand': {
      body: {
        schema: brandKitSchema,
        example: {
          channelName: 'KQED NEWS',
          colors: { accent: '#e4002b', background: '#101820', text: '#ffffff' },
          font: 'DejaVu Sans',
          aiLabel: 'Made with AI',
        },
      },
      ok: {
        200: {
          description: 'The kit as stored',
          content: { 'application/json': { schema: toOas30(brandKitSchema) as object } },
        },
      },
      errors: [400, 401, 413, 415, 503],
    },
    'get /v1/fonts': {
      ok: {
        200: {
          description: 'Installed font families, sorted',
          content: {
            'application/json': {
              schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'string' } } } },
            },
          },
        },
      },
      errors: [401],
    },
    'post /v1/templates/{id}/preview': {
      body: { schema: previewSchema, example: { data: item } },
      ok: { 200: { description: 'Bound script and texts; nothing rendered', schema: 'Preview' } },
      errors: [400, 401, 404, 413, 415, 503],
    },
    'post /v1/assets': {
      body: {
        schema: {
          type: 'object',
          required: ['file'],
          properties: { file: { type: 'string', format: 'binary' } },
        },
        multipart: true,
      },
      ok: { 201: { description: 'Stored; name it in job data as "asset:<id>"', schema: 'Asset' } },
      errors: [400, 401, 413, 415, 503],
    },
    'get /v1/assets/{id}': {
      ok: { 200: { description: 'The asset', schema: 'Asset' } },
      errors: [401, 404, 503],
    },
    'post /v1/images': {
      body: {
        schema: CREATE_IMAGE_SCHEMA,
        example: {
          model: 'sd-turbo',
          prompt: 'a harbour at dawn, photograph',
          width: 512,
          height: 512,
          seed: 7,
        },
      },
      ok: { 201: job('Queued on the generate queue'), 200: job('The job this Idempotency-Key made before') },
      errors: [400, 401, 409, 413, 415, 503],
    },
    'post /v1/images/upscale': {
      body: {
        schema: CREATE_UPSCALE_SCHEMA,
        example: {
          model: 'realesrgan-x4',
          image: 'asset:0190c0de-0000-7000-8000-000000000000',
          minWidth: 1920,
        },
      },
      ok: { 201: job('Queued on the generate queue'), 200: job('The job this Idempotency-Key made before') },
      errors: [400, 401, 409, 413, 415, 503],
    },
    'get /v1/voices': {
      ok: {
        200: {
          description: "Each voice provider's voices here, and for one that cannot run, the code and why",
          content: { 'application/json': { schema: { type: 'object' } } },
        },
      },
      errors: [401, 503],
    },
    'get /v1/models': {
      ok: { 200: { description: 'What the running generate workers offer', schema: 'Models' } },
      errors: [401, 503],
    },
    'get /v1/webhooks/secret': {
      ok: { 200: { description: 'The signing secret', schema: 'WebhookSecret' } },
      errors: [401, 503],
    },
    'post /v1/webhooks/secret/rotate': {
      body: { schema: rotateSecretSchema, example: { graceHours: 24 } },
      ok: { 200: { description: 'The new secret', schema: 'WebhookSecret' } },
      errors: [400, 401, 415, 503],
    },
    'get /v1/rights/settings': {
      ok: {
        200: { description: 'The settings (never configured: eu, non-commercial)', schema: 'RightsSettings' },
      },
      errors: [401, 503],
    },
    'put /v1/rights/settings': {
      body: { schema: rightsSettingsBodySchema, example: { commercial: true, labelProfile: 'cn' } },
      ok: { 200: { description: 'The settings as stored', schema: 'RightsSettings' } },
      errors: [400, 401, 413, 415, 503],
    },
    'get /v1/rights/consents': {
      ok: { 200: { description: 'Oldest first, revoked and expired ones included', schema: 'ConsentList' } },
      errors: [401, 503],
    },
    'post /v1/rights/consents': {
      body: {
        schema: consentBodySchema,
        example: {
          subject: 'Jane Anchor',
          scope: { presenterIds: ['jane'], commercial: true },
          grantedAt: '2026-01-01T00:00:00Z',
          expiresAt: '2027-01-01T00:00:00Z',
          evidence: { ref: 'asset:0190f3a2-7c4e-7b1a-9d2e-3f4a5b6c7d8e' },
        },
      },
      ok: { 201: { description: 'Recorded', schema: 'Consent' } },
      errors: [400, 401, 413, 415, 503],
    },
    'post /v1/rights/consents/{id}/revoke': {
      ok: { 200: { description: 'The record, revoked (now or earlier)', schema: 'Consent' } },
      errors: [401, 404, 503],
    },
    'get /v1/jobs/{id}/outputs/{name}/verify': {
      ok: { 200: { description: 'Content credentials and labels of the output', schema: 'VerifyReport' } },
      errors: [400, 401, 404, 409, 413, 503],
    },
  };
}

/** Query parameters of GET /v1/jobs, from the schema the API checks them with. */
function listParameters(): object[] {
  return Object.entries(listJobsQuerySchema.properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    schema,
  }));
}

/** The OpenAPI 3.0 document: Nest's scan, completed from the validation and answer schemas. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Clipwright')
      .setDescription(
        'Data + template -> finished video clips. Every call needs `Authorization: Bearer <key>`; errors are ' +
          '`{ "error": { "code", "message", "path" } }` with a stable code.',
      )
      .setVersion(clipwrightPackage().version)
      .addBearerAuth()
      .build(),
  );
  doc.components = {
    ...doc.components,
    schemas: {
      ...doc.components?.schemas,
      ...(toOas30(responseSchemas) as Record<string, never>),
      ...(toOas30(rightsResponseSchemas) as Record<string, never>),
    },
  };
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  for (const [key, op] of Object.entries(operations())) {
    const [method, route] = key.split(' ');
    const target = (doc.paths[route] as Record<string, Record<string, unknown>> | undefined)?.[method];
    if (!target)
      throw new ClipwrightError(ErrorCode.Internal, `OpenAPI: no operation ${key} (a route was renamed?)`);
    if (op.body) {
      const type = op.body.multipart ? 'multipart/form-data' : 'application/json';
      target.requestBody = {
        required: true,
        content: {
          [type]: {
            schema: toOas30(op.body.schema),
            ...(op.body.example ? { example: op.body.example } : {}),
          },
        },
      };
    }
    const responses: Record<string, object> = {};
    for (const [status, r] of Object.entries(op.ok)) {
      responses[status] = {
        description: r.description,
        ...(r.content
          ? { content: r.content }
          : r.schema
            ? { content: { 'application/json': { schema: ref(r.schema) } } }
            : {}),
      };
    }
    for (const status of [...op.errors, 500]) {
      responses[status] = {
        description: ERROR_TEXT[status],
        content: { 'application/json': { schema: ref('Error') } },
      };
    }
    target.responses = responses;
    target.security = [{ bearer: [] }];
    if (key === 'get /v1/jobs') target.parameters = listParameters();
  }
  return doc;
}

/** Serves the document at /docs-json and Swagger UI at /docs (persisting the key between calls). */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const doc = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, doc, { swaggerOptions: { persistAuthorization: true } });
  return doc;
}
