import { ClipwrightError, ErrorCode } from '@app/core';
import { Licence, parseLicence, WAV2LIP_OFFICIAL_WEIGHTS } from './licence';
import {
  ConsentRecord,
  Likeness,
  RightsDecision,
  RightsItem,
  RightsRefusal,
  RightsReport,
} from './rights.types';

const ORDER: Record<RightsItem['kind'], number> = {
  presenter: 0,
  voice: 1,
  model: 2,
  image: 3,
  footage: 4,
  music: 5,
  template: 6,
};

function label(item: RightsItem): string {
  return `${item.kind} "${item.name ?? item.id}"${item.name && item.name !== item.id ? ` (${item.id})` : ''}`;
}

type ConsentResult = { record: ConsentRecord } | { reason: RightsRefusal['reason'] };

/** The record that lets this presenter or voice be used now, or why none does. */
function findConsent(
  item: RightsItem,
  records: readonly ConsentRecord[],
  commercial: boolean,
  now: Date,
): ConsentResult {
  const covering = records.filter((r) =>
    (item.kind === 'presenter' ? r.scope.presenterIds : r.scope.voiceIds).includes(item.id),
  );
  const usable = covering.filter(
    (r) =>
      r.revokedAt === null &&
      r.grantedAt <= now &&
      (r.expiresAt === null || r.expiresAt > now) &&
      (!commercial || r.scope.commercial),
  );
  // The longest-lived record, so result.json names the consent that lasts.
  usable.sort((a, b) => (b.expiresAt?.getTime() ?? Infinity) - (a.expiresAt?.getTime() ?? Infinity));
  if (usable[0]) return { record: usable[0] };
  if (covering.length === 0) return { reason: 'no-consent' };
  const live = covering.filter((r) => r.revokedAt === null);
  if (live.length === 0) return { reason: 'consent-revoked' };
  const current = live.filter((r) => r.expiresAt === null || r.expiresAt > now);
  if (current.length === 0) return { reason: 'consent-expired' };
  if (current.every((r) => r.grantedAt > now)) return { reason: 'consent-not-yet-valid' };
  return { reason: 'consent-not-commercial' };
}

const CONSENT_WHY: Record<string, string> = {
  'no-consent': 'has no consent record in this workspace',
  'consent-revoked': 'had its consent revoked',
  'consent-expired': 'has a consent record that has expired',
  'consent-not-yet-valid': 'has a consent record that does not apply yet',
  'consent-not-commercial': 'has consent for non-commercial use only, and this workspace is commercial',
};

/**
 * Checks what a job will use against the workspace's flag and consent records, at `now`:
 * 1. a voice or presenter with a real person's likeness needs a consent record covering its id,
 *    not revoked, granted and not expired, allowing commercial use if the workspace is commercial;
 * 2. in a commercial workspace every licence must allow commercial use (unknown terms are refused).
 * Items are checked presenter first, then voice, models, assets, template; the first problem is
 * the refusal. Pure.
 */
export function checkRights(
  usage: readonly RightsItem[],
  workspace: { commercial: boolean },
  records: readonly ConsentRecord[],
  now: Date,
): RightsDecision {
  const items = [...usage].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  const used: RightsReport['used'] = [];
  for (const item of items) {
    let consent: RightsReport['used'][number]['consent'];
    if (item.likeness === 'real-person' && (item.kind === 'presenter' || item.kind === 'voice')) {
      const found = findConsent(item, records, workspace.commercial, now);
      if ('reason' in found) {
        return {
          ok: false,
          refusal: {
            code: 'CONSENT_REQUIRED',
            kind: item.kind,
            id: item.id,
            ...(item.name ? { name: item.name } : {}),
            reason: found.reason,
            message: `The ${label(item)} shows a real person and ${CONSENT_WHY[found.reason]}`,
          },
        };
      }
      consent = {
        recordId: found.record.id,
        subject: found.record.subject,
        expiresAt: found.record.expiresAt?.toISOString() ?? null,
        commercial: found.record.scope.commercial,
      };
    }
    if (workspace.commercial && item.licence.commercial !== true) {
      const unknown = item.licence.commercial === null;
      return {
        ok: false,
        refusal: {
          code: 'LICENCE_FORBIDS_USE',
          kind: item.kind,
          id: item.id,
          ...(item.name ? { name: item.name } : {}),
          reason: unknown ? 'licence-unknown' : 'licence-non-commercial',
          message: unknown
            ? `The ${label(item)} comes under ${item.licence.id}, whose commercial terms are not declared; this workspace is commercial`
            : `The ${label(item)} is licensed for non-commercial use only (${item.licence.name ?? item.licence.id}); this workspace is commercial`,
        },
      };
    }
    used.push({ ...item, ...(consent ? { consent } : {}) });
  }
  return {
    ok: true,
    report: { workspaceCommercial: workspace.commercial, checkedAt: now.toISOString(), used },
  };
}

/**
 * The refusal as the error every door reports: CLI exit 2, HTTP 4xx. `path` names the job field
 * (`$.presenter`, `$.voice`, ...); `detail` carries kind, id and reason for clients.
 */
export function rightsRefusalError(refusal: RightsRefusal): ClipwrightError {
  const code = refusal.code === 'CONSENT_REQUIRED' ? ErrorCode.ConsentRequired : ErrorCode.LicenceForbidsUse;
  return new ClipwrightError(code, refusal.message, {
    path: `$.${refusal.kind}`,
    detail: { kind: refusal.kind, id: refusal.id, reason: refusal.reason },
  });
}

/** Voice providers whose output we know may be used commercially, and why. */
const ESPEAK_NG: Licence = {
  id: 'GPL-3.0-or-later',
  name: 'espeak-ng (run as a separate program; its speech output is unrestricted)',
  commercial: true,
};
const VOICE_PROVIDER_LICENCES: Readonly<Record<string, Licence>> = {
  // The program and its voice data are GPL; speech it produces is output, not a derivative work.
  'espeak-ng': ESPEAK_NG,
  // The provider id templates use for espeak-ng (template.json `voice.provider`).
  espeak: ESPEAK_NG,
};

/**
 * A voice as a rights item. Built-in providers carry their licence; others (a Piper model, a
 * cloned voice) must declare one, else their terms are unknown.
 */
export function voiceRights(voice: {
  provider: string;
  voice: string;
  name?: string;
  licence?: unknown;
  likeness?: Likeness;
}): RightsItem {
  const licence =
    voice.licence !== undefined
      ? parseLicence(voice.licence, '$.voice.licence')
      : (VOICE_PROVIDER_LICENCES[voice.provider] ?? { id: 'NOASSERTION', commercial: null });
  return {
    kind: 'voice',
    id: `${voice.provider}:${voice.voice}`,
    ...(voice.name ? { name: voice.name } : {}),
    licence,
    likeness: voice.likeness ?? 'synthetic',
  };
}

/**
 * The rights items of a presenter, from its presenter.json (parsed): the presenter itself (its
 * `licence`; `likeness` as declared, else "synthetic" for a drawn rig and "real-person" for a
 * photo/video presenter) and, for a Wav2Lip-kind presenter, its lip-sync weights: `modelLicence`
 * as declared, else the official Wav2Lip weights' non-commercial terms, the only published weights
 * with that signature.
 * @throws ClipwrightError INVALID_ARGUMENT for a licence field that cannot be read.
 */
export function presenterRights(manifest: {
  id: string;
  name?: string;
  kind: string;
  licence?: unknown;
  likeness?: Likeness;
  model?: string;
  modelLicence?: unknown;
}): RightsItem[] {
  const path = `presenters/${manifest.id}/presenter.json#$`;
  const presenter: RightsItem = {
    kind: 'presenter',
    id: manifest.id,
    ...(manifest.name ? { name: manifest.name } : {}),
    licence:
      manifest.licence !== undefined
        ? parseLicence(manifest.licence, `${path}.licence`)
        : { id: 'NOASSERTION', commercial: null },
    likeness: manifest.likeness ?? (manifest.kind === 'rig' ? 'synthetic' : 'real-person'),
  };
  if (manifest.kind !== 'wav2lip') return [presenter];
  const model: RightsItem = {
    kind: 'model',
    id: manifest.model ?? 'wav2lip',
    role: 'lip-sync',
    licence:
      manifest.modelLicence !== undefined
        ? parseLicence(manifest.modelLicence, `${path}.modelLicence`)
        : WAV2LIP_OFFICIAL_WEIGHTS,
  };
  return [presenter, model];
}
