import { promises as fs } from 'node:fs';
import { ClipwrightError, ErrorCode } from '@app/core';
import type { ProvenanceRequest } from '@app/engine';
import { type ConsentRecord, parseNewConsent, parseRightsSettings } from '@app/provenance';

/** Environment variable naming the default consents file of `clipwright render`. */
export const CONSENTS_ENV = 'CLIPWRIGHT_CONSENTS';

/** The workspace of a render without a consents file (or with one that names none). */
export const LOCAL_WORKSPACE = 'local';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(path: string, message: string): ClipwrightError {
  return new ClipwrightError(ErrorCode.InvalidArgument, `${path} ${message}`, { path });
}

function optionalString(v: unknown, path: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !v.trim() || v.length > 200)
    throw invalid(path, 'must be 1 to 200 characters');
  return v;
}

function dateOrNull(v: unknown, path: string): Date | null {
  if (v === undefined || v === null) return null;
  const d = typeof v === 'string' ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw invalid(path, 'must be an RFC 3339 date-time or null');
  return d;
}

/**
 * The CLI's consents file (`--consents <file>` or $CLIPWRIGHT_CONSENTS), JSON:
 * `{ "workspace": { "id", "name", "commercial", "labelProfile", "providerCode" }, "consents": [...] }`.
 * Each consent is what `POST /v1/rights/consents` takes (subject, scope, grantedAt, expiresAt,
 * evidence) plus an optional `id` (default `consent-<n>`) and `revokedAt`. Every field is checked
 * as the API checks it; errors name the file and the JSON path.
 * @throws ClipwrightError DATA_UNREADABLE when the file cannot be read; INVALID_ARGUMENT otherwise.
 */
export async function readConsentsFile(file: string): Promise<ProvenanceRequest> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new ClipwrightError(ErrorCode.DataUnreadable, `${file} cannot be read: ${(e as Error).message}`, {
      path: file,
      cause: e,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw invalid(`${file}#$`, `is not JSON: ${(e as Error).message}`);
  }
  const base = `${file}#$`;
  if (!isObject(value)) throw invalid(base, 'must be an object with "workspace" and "consents"');
  const unknown = Object.keys(value).find((k) => k !== 'workspace' && k !== 'consents');
  if (unknown) throw invalid(`${base}.${unknown}`, 'is not a field (use "workspace" and "consents")');

  const ws = value.workspace ?? {};
  if (!isObject(ws)) throw invalid(`${base}.workspace`, 'must be an object');
  const { id: rawId, name: rawName, ...settingsBody } = ws;
  const id = optionalString(rawId, `${base}.workspace.id`) ?? LOCAL_WORKSPACE;
  const name = optionalString(rawName, `${base}.workspace.name`);
  const settings = parseRightsSettings(id, { commercial: false, ...settingsBody }, `${base}.workspace`);

  const list = value.consents ?? [];
  if (!Array.isArray(list)) throw invalid(`${base}.consents`, 'must be an array');
  const consents: ConsentRecord[] = list.map((entry: unknown, i) => {
    const at = `${base}.consents[${i}]`;
    if (!isObject(entry)) throw invalid(at, 'must be an object');
    const { id: recordId, revokedAt, ...body } = entry;
    const consent = parseNewConsent(body, at);
    return {
      ...consent,
      id: optionalString(recordId, `${at}.id`) ?? `consent-${i + 1}`,
      workspaceId: id,
      revokedAt: dateOrNull(revokedAt, `${at}.revokedAt`),
      createdAt: consent.grantedAt,
    };
  });
  return {
    workspace: {
      id,
      ...(name ? { name } : {}),
      commercial: settings.commercial,
      ...(settingsBody.labelProfile !== undefined ? { labelProfile: settings.labelProfile } : {}),
      ...(settings.providerCode ? { providerCode: settings.providerCode } : {}),
    },
    consents,
  };
}
