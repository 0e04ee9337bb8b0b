import { NEW_CONSENT_SCHEMA, RIGHTS_SETTINGS_SCHEMA } from '@app/provenance';

/** A validation schema as an OpenAPI 3.0 body schema: without the draft-07 `$schema` and `$id` keys. */
function body(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** The request bodies of the rights routes: the schemas @app/provenance validates them with. */
export const consentBodySchema = body(NEW_CONSENT_SCHEMA);
export const rightsSettingsBodySchema = body(RIGHTS_SETTINGS_SCHEMA);

const iso = { type: 'string', format: 'date-time' };
const nullableIso = { ...iso, nullable: true };
const ids = { type: 'array', items: { type: 'string' } };

/** JSON Schemas of the rights routes' answers, for the OpenAPI document (see api.schemas). */
export const rightsResponseSchemas = {
  RightsSettings: {
    type: 'object',
    required: ['workspaceId', 'commercial', 'labelProfile'],
    properties: {
      workspaceId: { type: 'string', format: 'uuid' },
      commercial: { type: 'boolean' },
      labelProfile: {
        description: 'eu, cn, none, or a custom label profile object',
        oneOf: [{ type: 'string' }, { type: 'object' }],
      },
      providerCode: { type: 'string' },
    },
  },
  Consent: {
    type: 'object',
    required: [
      'id',
      'workspaceId',
      'subject',
      'scope',
      'grantedAt',
      'expiresAt',
      'revokedAt',
      'evidence',
      'createdAt',
    ],
    properties: {
      id: { type: 'string', format: 'uuid' },
      workspaceId: { type: 'string', format: 'uuid' },
      subject: { type: 'string' },
      scope: {
        type: 'object',
        required: ['presenterIds', 'voiceIds', 'commercial'],
        properties: { presenterIds: ids, voiceIds: ids, commercial: { type: 'boolean' } },
      },
      grantedAt: iso,
      expiresAt: nullableIso,
      revokedAt: nullableIso,
      evidence: {
        type: 'object',
        required: ['ref'],
        properties: { ref: { type: 'string' }, sha256: { type: 'string' } },
      },
      createdAt: iso,
    },
  },
  ConsentList: {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Consent' } } },
  },
  VerifyReport: {
    type: 'object',
    required: ['file', 'format', 'credentials', 'labels'],
    properties: {
      file: { type: 'string' },
      format: { type: 'string', enum: ['video/mp4', 'image/png'] },
      credentials: {
        type: 'object',
        required: ['present', 'valid'],
        description: 'c2pa-rs validation: signature, hard binding, trust, the manifest summary, failures',
        properties: { present: { type: 'boolean' }, valid: { type: 'boolean' } },
      },
      labels: {
        type: 'object',
        required: ['xmp'],
        description: 'The implicit labels read back: AIGC (GB 45438-2025), IPTC DigitalSourceType, comment',
        properties: { xmp: { type: 'boolean' } },
      },
    },
  },
};
