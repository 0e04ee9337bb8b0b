import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ClipwrightError, describeSchemaError, ErrorCode } from '@app/core';
import { resolveLabelProfile } from '../labels/label-profile';
import { checkNewConsent, NewConsent } from './rights.store';
import { WorkspaceRightsSettings } from './rights.types';

const ids = {
  type: 'array',
  maxItems: 100,
  items: { type: 'string', minLength: 1, maxLength: 128 },
} as const;

/** JSON Schema (draft-07) of a consent as the API receives it (dates as RFC 3339 strings). */
export const NEW_CONSENT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://clipwright.dev/schemas/consent.json',
  type: 'object',
  additionalProperties: false,
  required: ['subject', 'scope', 'grantedAt', 'evidence'],
  properties: {
    subject: { type: 'string', minLength: 1, maxLength: 200 },
    scope: {
      type: 'object',
      additionalProperties: false,
      required: ['commercial'],
      properties: { presenterIds: ids, voiceIds: ids, commercial: { type: 'boolean' } },
    },
    grantedAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
    evidence: {
      type: 'object',
      additionalProperties: false,
      required: ['ref'],
      properties: {
        ref: { type: 'string', minLength: 1, maxLength: 500 },
        sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      },
    },
  },
} as const;

/** JSON Schema of a workspace's rights settings as the API receives them. */
export const RIGHTS_SETTINGS_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://clipwright.dev/schemas/workspace-rights.json',
  type: 'object',
  additionalProperties: false,
  required: ['commercial'],
  properties: {
    commercial: { type: 'boolean' },
    labelProfile: { type: ['string', 'object'] },
    providerCode: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[\\x21-\\x7e]+$' },
  },
} as const;

const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
addFormats(ajv, ['date-time']);
const validateConsent = ajv.compile(NEW_CONSENT_SCHEMA);
const validateSettings = ajv.compile(RIGHTS_SETTINGS_SCHEMA);

function schemaError(errors: Parameters<typeof describeSchemaError>[0][], base: string): ClipwrightError {
  const { path, message } = describeSchemaError(errors[0], base);
  return new ClipwrightError(ErrorCode.InvalidArgument, `${path} ${message}`, { path });
}

/**
 * A consent from an API request body, checked and typed.
 * @throws ClipwrightError INVALID_ARGUMENT naming the JSON path at fault.
 */
export function parseNewConsent(body: unknown, base = '$'): NewConsent {
  if (!validateConsent(body)) throw schemaError(validateConsent.errors!, base);
  const b = body as {
    subject: string;
    scope: { presenterIds?: string[]; voiceIds?: string[]; commercial: boolean };
    grantedAt: string;
    expiresAt?: string | null;
    evidence: { ref: string; sha256?: string };
  };
  const consent: NewConsent = {
    subject: b.subject,
    scope: {
      presenterIds: b.scope.presenterIds ?? [],
      voiceIds: b.scope.voiceIds ?? [],
      commercial: b.scope.commercial,
    },
    grantedAt: new Date(b.grantedAt),
    expiresAt: b.expiresAt ? new Date(b.expiresAt) : null,
    evidence: { ref: b.evidence.ref, ...(b.evidence.sha256 ? { sha256: b.evidence.sha256 } : {}) },
  };
  checkNewConsent(consent);
  return consent;
}

/**
 * A workspace's rights settings from an API request body; a custom label
 * profile is validated as a job's would be.
 * @throws ClipwrightError INVALID_ARGUMENT naming the JSON path at fault.
 */
export function parseRightsSettings(workspaceId: string, body: unknown, base = '$'): WorkspaceRightsSettings {
  if (!validateSettings(body)) throw schemaError(validateSettings.errors!, base);
  const b = body as { commercial: boolean; labelProfile?: unknown; providerCode?: string };
  const labelProfile = b.labelProfile ?? 'eu';
  resolveLabelProfile(labelProfile, undefined, `${base}.labelProfile`);
  return {
    workspaceId,
    commercial: b.commercial,
    labelProfile,
    ...(b.providerCode ? { providerCode: b.providerCode } : {}),
  };
}
