import { promises as fs } from 'node:fs';
import { ClipwrightError, ErrorCode } from '@app/core';
import { C2paSigner, loadSigner, SIGNING_ENV, signingConfigFromEnv } from './c2pa/signing-credentials';
import { resolveLabelProfile } from './labels/label-profile';

/** Environment variables of the rendering side of provenance (CLI and worker alike). */
export const PROVENANCE_ENV = {
  /** Default label profile: `eu`, `cn`, `none`, or a path to a custom profile's JSON file. */
  labels: 'CLIPWRIGHT_LABELS',
  /** `1`/`true`: refuse to render without a signing key instead of warning. */
  requireSigning: 'CLIPWRIGHT_C2PA_REQUIRED',
} as const;

/** How a deployment labels and signs what it renders. */
export interface ProvenanceConfig {
  /** The deployment's signer, or null when no key is configured (outputs are labelled, not signed). */
  signer: C2paSigner | null;
  /** The label profile when neither the job, the template nor the workspace names one. */
  defaultLabels: unknown;
  /** Set when config requires signing: then `signer` is never null. */
  requireSigning: boolean;
  /** Trust anchors (PEM) for verify, when configured. */
  trustAnchorsPem?: string;
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

async function readText(file: string, variable: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `${variable}=${file} cannot be read: ${(e as Error).message}`,
      { path: variable, cause: e },
    );
  }
}

/**
 * A label profile named in config: a built-in id, or a path to a custom profile's JSON file
 * (validated as a job's would be).
 * @throws ClipwrightError INVALID_ARGUMENT naming the variable or the JSON path at fault.
 */
export async function labelsFromConfig(value: string, variable: string): Promise<unknown> {
  const trimmed = value.trim();
  if (/^[a-z]+$/.test(trimmed)) {
    resolveLabelProfile(trimmed, undefined, variable);
    return trimmed;
  }
  const text = await readText(trimmed, variable);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ClipwrightError(ErrorCode.InvalidArgument, `${trimmed} is not JSON: ${(e as Error).message}`, {
      path: variable,
      cause: e,
    });
  }
  resolveLabelProfile(parsed, undefined, `${trimmed}#$`);
  return parsed;
}

/**
 * The provenance config from the environment, checked at boot so a misconfigured deployment fails
 * before its first render: `CLIPWRIGHT_C2PA_KEY` + `CLIPWRIGHT_C2PA_CERTS` (both or neither),
 * `CLIPWRIGHT_C2PA_REQUIRED`, `CLIPWRIGHT_C2PA_TRUST_ANCHORS`, `CLIPWRIGHT_LABELS` (default `eu`).
 * @throws ClipwrightError SIGNING_FAILED for a bad key or chain, or when signing is required and no
 *   key is configured; INVALID_ARGUMENT for a bad label profile or half a key pair.
 */
export async function provenanceConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProvenanceConfig> {
  const signing = signingConfigFromEnv(env);
  const requireSigning = truthy(env[PROVENANCE_ENV.requireSigning]);
  if (!signing && requireSigning) {
    throw new ClipwrightError(
      ErrorCode.SigningFailed,
      `${PROVENANCE_ENV.requireSigning} is set but no signing key is configured: set ${SIGNING_ENV.key} and ${SIGNING_ENV.chain}`,
      { path: SIGNING_ENV.key },
    );
  }
  const signer = signing ? await loadSigner(signing) : null;
  const labels = env[PROVENANCE_ENV.labels];
  const defaultLabels = labels ? await labelsFromConfig(labels, PROVENANCE_ENV.labels) : 'eu';
  const anchors = env[SIGNING_ENV.trustAnchors];
  return {
    signer,
    defaultLabels,
    requireSigning,
    ...(anchors ? { trustAnchorsPem: await readText(anchors, SIGNING_ENV.trustAnchors) } : {}),
  };
}
