import { ClipwrightError, ErrorCode } from '@app/core';
import type { ProvenanceRequest } from '@app/engine';
import { type ConsentRecord, parseNewConsent, parseRightsSettings } from '@app/provenance';
import { readDataFile } from '@app/templates';

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

/** Runs a check whose deeper errors name `$.field` (checkNewConsent), re-rooted at `base`. */
function underPath<T>(base: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (!(e instanceof ClipwrightError) || !e.path?.startsWith('$.')) throw e;
    const path = `${base}${e.path.slice(1)}`;
    throw new ClipwrightError(e.code, e.message.replace(e.path, path), { path, cause: e });
  }
}

/**
 * The CLI's consents file (`--consents <file>` or $CLIPWRIGHT_CONSENTS), JSON:
 * `{ "workspace": { "id", "name", "commercial", "labelProfile", "providerCode" }, "consents": [...] }`.
 * Each consent is what `POST /v1/rights/consents` takes (subject, scope, grantedAt, expiresAt,
 * evidence) plus an optional `id` (default `consent-<n>`) and `revokedAt`. Every field is checked
 * as the API checks it; errors name the file and the JSON path.
 * @throws ClipwrightError DATA_UNREADABLE / DATA_INVALID_JSON for the file itself; INVALID_ARGUMENT naming the JSON path.
 */
export async function readConsentsFile(file: string): Promise<ProvenanceRequest> {
  // The data reader's errors: DATA_UNREADABLE, DATA_INVALID_JSON with the line and column.
  const value = await readDataFile(file);
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
    const consent = underPath(at, () => parseNewConsent(body, at));
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
