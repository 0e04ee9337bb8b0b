import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode, type ResultWarning, WarningCode } from '@app/core';
import type { PresenterLibrary } from '@app/presenter';
import {
  buildImplicitLabels,
  type C2paSigner,
  checkRights,
  type ConsentRecord,
  digitalSourceTypeFor,
  type ImplicitLabels,
  type LabelProfile,
  presenterRights,
  resolveLabelProfile,
  type RightsItem,
  type RightsReport,
  rightsRefusalError,
  SIGNING_ENV,
  voiceRights,
} from '@app/provenance';
import type { LoadedTemplate } from '@app/templates';
import { version } from './version';

/** How the deployment labels and signs (from `provenanceConfigFromEnv` at the edge). */
export interface EngineProvenance {
  /** Null: outputs are labelled but not signed, and result.json warns. */
  signer: C2paSigner | null;
  /** The label profile when neither the request, the template nor the workspace names one. */
  defaultLabels?: unknown;
}

/** Who a request renders for, and what it may use: from the CLI's flags and file, or the service's ledger. */
export interface ProvenanceRequest {
  /** The job's own label profile: `eu`, `cn`, `none` or a custom profile object. */
  labels?: unknown;
  workspace?: {
    id: string;
    /** Shown in the implicit labels (GB 45438 ContentProducer, the disclosure); default: the id. */
    name?: string;
    commercial: boolean;
    labelProfile?: unknown;
    providerCode?: string;
  };
  /** The workspace's consent records (revoked and expired ones included: the check tells them apart). */
  consents?: readonly ConsentRecord[];
  /** The content id (GB 45438 ProduceID, XMP DocumentID): the service's job id; default a fresh UUID. */
  contentId?: string;
}

/** The provenance of one job, fixed before the first stage: what compose draws and finish writes. */
export interface JobProvenanceContext {
  profile: LabelProfile;
  /** BCP 47 language of the job, for the label's wording (from the voice). */
  language: string;
  labels: ImplicitLabels;
  rights: RightsReport;
  signer: C2paSigner | null;
}

/** espeak-ng voice ids whose language tag differs from their prefix. */
const VOICE_LANGUAGE: Readonly<Record<string, string>> = { cmn: 'zh', yue: 'zh', 'zh-yue': 'zh' };

/** The job's language from its voice id (`en-us` -> `en-us`, `cmn` -> `zh`). */
export function languageOfVoice(voice: string): string {
  return VOICE_LANGUAGE[voice.toLowerCase()] ?? voice;
}

interface PresenterUse {
  id: string;
  /** `templates/<id>/template.json#$.scenes[i].layers[j].id`. */
  at: string;
}

function presentersOf(template: LoadedTemplate): PresenterUse[] {
  const uses: PresenterUse[] = [];
  template.manifest.scenes.forEach((scene, si) =>
    scene.layers.forEach((layer, li) => {
      const id = (layer as { id?: unknown }).id;
      if (layer.type === 'presenter' && typeof id === 'string' && !uses.some((u) => u.id === id)) {
        uses.push({
          id,
          at: `templates/${template.manifest.id}/template.json#$.scenes[${si}].layers[${li}].id`,
        });
      }
    }),
  );
  return uses;
}

async function presenterManifest(library: PresenterLibrary, use: PresenterUse) {
  const file = path.join(library.folder(use.id), 'presenter.json');
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Parameters<typeof presenterRights>[0];
  } catch (e) {
    throw new ClipwrightError(
      ErrorCode.PresenterNotFound,
      `presenter "${use.id}" has no readable presenter.json: ${(e as Error).message}`,
      { path: use.at, cause: e },
    );
  }
}

/**
 * Checks the template's presenters and voice against the workspace's flag and consent records
 * (@app/provenance `checkRights`). A refusal names the template path of the presenter layer (or the
 * template's voice) that needs the consent or the licence.
 * @throws ClipwrightError CONSENT_REQUIRED or LICENCE_FORBIDS_USE with `path` at the template field.
 */
export async function checkTemplateRights(
  template: LoadedTemplate,
  presenters: PresenterLibrary | undefined,
  request: ProvenanceRequest,
  now: Date,
): Promise<RightsReport> {
  const items: RightsItem[] = [];
  const where = new Map<string, string>();
  for (const use of presentersOf(template)) {
    if (!presenters) continue;
    const manifest = await presenterManifest(presenters, use);
    for (const item of presenterRights({ ...manifest, id: manifest.id ?? use.id })) {
      items.push(item);
      where.set(`${item.kind}:${item.id}`, use.at);
    }
  }
  const voice = voiceRights(template.manifest.voice);
  items.push(voice);
  where.set(`voice:${voice.id}`, `templates/${template.manifest.id}/template.json#$.voice`);
  const decision = checkRights(
    items,
    { commercial: request.workspace?.commercial ?? false },
    request.consents ?? [],
    now,
  );
  if (decision.ok) return decision.report;
  const err = rightsRefusalError(decision.refusal);
  throw new ClipwrightError(err.code, err.message, {
    path: where.get(`${decision.refusal.kind}:${decision.refusal.id}`) ?? err.path,
    detail: err.detail,
  });
}

/**
 * The label profile of a job: the request's, else the template's, else the workspace's, else the
 * deployment's default, else `eu`.
 * @throws ClipwrightError INVALID_ARGUMENT naming where the bad profile came from.
 */
export function jobLabelProfile(
  template: LoadedTemplate,
  request: ProvenanceRequest,
  deployment: EngineProvenance | undefined,
): LabelProfile {
  if (request.labels !== undefined) return resolveLabelProfile(request.labels, undefined, 'labels');
  if (template.manifest.labels !== undefined) {
    return resolveLabelProfile(
      template.manifest.labels,
      undefined,
      `templates/${template.manifest.id}/template.json#$.labels`,
    );
  }
  if (request.workspace?.labelProfile !== undefined) {
    return resolveLabelProfile(request.workspace.labelProfile, undefined, 'workspace.labelProfile');
  }
  return resolveLabelProfile(deployment?.defaultLabels ?? 'eu', undefined, 'CLIPWRIGHT_LABELS');
}

/** Layer kinds whose pictures are captured media (photos, footage), which makes the clip a composite. */
const CAPTURED_KINDS = new Set(['image', 'video']);

/**
 * Everything the job's outputs will say about themselves: the label profile, the implicit labels,
 * the rights report; and the warnings an unsigned or half-disclosed job carries.
 */
export function jobProvenance(
  template: LoadedTemplate,
  request: ProvenanceRequest,
  deployment: EngineProvenance | undefined,
  rights: RightsReport,
  warnings: ResultWarning[],
  now: Date,
): JobProvenanceContext {
  const profile = jobLabelProfile(template, request, deployment);
  const language = languageOfVoice(template.manifest.voice.voice);
  const captured = template.manifest.scenes.some((s) => s.layers.some((l) => CAPTURED_KINDS.has(l.type)));
  const workspace = request.workspace;
  const labels = buildImplicitLabels({
    contentId: request.contentId ?? randomUUID(),
    workspace: workspace?.name ?? workspace?.id ?? 'local',
    generator: { name: 'Clipwright', version },
    ...(workspace?.providerCode ? { providerCode: workspace.providerCode } : {}),
    digitalSourceType: digitalSourceTypeFor(captured),
    aigc: profile.implicit.aigc,
    createdAt: now,
  });
  const signer = deployment?.signer ?? null;
  if (!signer) {
    warnings.push({
      code: WarningCode.ContentCredentialsUnsigned,
      message:
        `No C2PA signing key is configured (${SIGNING_ENV.key}, ${SIGNING_ENV.chain}): the outputs carry ` +
        'their labels but no content credentials; `clipwright certs init` makes development keys',
      path: SIGNING_ENV.key,
    });
  }
  if (profile.spoken) {
    warnings.push({
      code: WarningCode.SpokenDisclosureNotRead,
      message: `Label profile "${profile.id}" has a spoken disclosure line; this engine does not read it yet`,
      path: 'labels.spoken',
    });
  }
  return { profile, language, labels, rights, signer };
}
