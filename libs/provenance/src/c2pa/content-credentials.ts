import { ClipwrightError, ErrorCode } from '@app/core';
import { asBlob, loadC2pa } from './c2pa.runtime';
import {
  AI_DISCLOSURE_ASSERTION,
  C2paFormat,
  IngredientRef,
  ingredientDefinition,
  JOB_PARAMETER,
  ManifestDefinition,
  MODELS_PARAMETER,
  RIGHTS_ASSERTION,
  TEMPLATE_PARAMETER,
} from './manifest.builder';
import { C2paSigner } from './signing-credentials';

/**
 * c2pa-rs settings for every read and sign: nothing is fetched over the network (remote manifests,
 * OCSP), so a file cannot make the verifier call out and results do not depend on connectivity.
 */
function settings(trustAnchorsPem?: string): string {
  return JSON.stringify({
    version: 1,
    verify: { remote_manifest_fetch: false, ocsp_fetch: false, verify_trust: Boolean(trustAnchorsPem) },
    ...(trustAnchorsPem ? { trust: { trust_anchors: trustAnchorsPem } } : {}),
  });
}

export interface SignAssetInput {
  bytes: Uint8Array;
  format: C2paFormat;
  manifest: ManifestDefinition;
  /** The ingredients' own bytes: a generated still's manifest is carried along as provenance. */
  ingredients: readonly { ref: IngredientRef; bytes: Uint8Array }[];
  signer: C2paSigner;
}

/**
 * The asset with a signed C2PA manifest embedded (for MP4 a `uuid` box after `ftyp`, offsets
 * rewritten by c2pa-rs; for PNG a `caBX` chunk). Returns the whole signed file.
 * @throws ClipwrightError SIGNING_FAILED with c2pa-rs's message.
 */
export async function signAsset(input: SignAssetInput): Promise<Buffer> {
  const c2pa = await loadC2pa();
  const builder = c2pa.WasmBuilder.fromJson(JSON.stringify(input.manifest), settings());
  try {
    for (const { ref, bytes } of input.ingredients) {
      await builder.addIngredientFromBlob(
        JSON.stringify(ingredientDefinition(ref)),
        ref.format,
        asBlob(bytes),
      );
    }
    const signed = await builder.sign(
      {
        alg: input.signer.alg,
        reserveSize: input.signer.reserveSize,
        sign: (claim) => input.signer.signClaim(claim) as Promise<Uint8Array<ArrayBuffer>>,
      },
      [],
      input.format,
      asBlob(input.bytes),
    );
    return Buffer.from(signed.buffer, signed.byteOffset, signed.byteLength);
  } catch (e) {
    throw new ClipwrightError(
      ErrorCode.SigningFailed,
      `C2PA signing of "${input.manifest.title}" failed: ${String(e)}`,
      {
        cause: e,
      },
    );
  } finally {
    builder.free();
  }
}

/** One validation status from c2pa-rs (C2PA 2.x, "Validation": standard status codes). */
export interface ValidationStatus {
  code: string;
  explanation?: string;
}

/** What the active manifest says, reduced to what people ask about a clip. */
export interface ManifestSummary {
  label: string;
  title?: string;
  claimGenerator: string;
  signer: { commonName?: string; issuer?: string; alg?: string; time?: string };
  digitalSourceType?: string;
  template?: { id: string; version: number };
  job?: string;
  models: {
    kind: string;
    id: string;
    name?: string;
    role?: string;
    licence?: string;
    commercialUse?: boolean | null;
  }[];
  ingredients: { title?: string; format?: string; relationship?: string; validationState?: string }[];
  aiDisclosure?: unknown;
  rights?: unknown;
  assertions: string[];
}

/** The outcome of validating a file's content credentials. */
export interface CredentialsReport {
  present: boolean;
  /** c2pa-rs's overall state: Invalid, Valid (signature and bindings) or Trusted (and a trusted signer). */
  state?: string;
  /** The claim signature: valid, invalid, or absent when there is no manifest. */
  signature: 'valid' | 'invalid' | 'absent';
  /** The hard binding (the hash of the asset's bytes): a changed byte makes it invalid. */
  hardBinding: 'valid' | 'invalid' | 'absent';
  /** Whether the signer chains to a given trust anchor; not checked when none was given. */
  trust: 'trusted' | 'untrusted' | 'not-checked';
  /** Signature and hard binding valid, and no other failure but trust. */
  valid: boolean;
  failures: ValidationStatus[];
  manifest?: ManifestSummary;
}

const HARD_BINDING = /^assertion\.(dataHash|bmffHash|boxesHash|collectionHash)\./;
const TRUST_ONLY = new Set(['signingCredential.untrusted', 'timeStamp.untrusted']);

type Json = Record<string, unknown>;

function statuses(list: unknown): ValidationStatus[] {
  return Array.isArray(list)
    ? list.map((s: Json) => ({
        code: String(s.code),
        ...(s.explanation ? { explanation: String(s.explanation) } : {}),
      }))
    : [];
}

function summarise(label: string, m: Json): ManifestSummary {
  const assertions = (m.assertions as { label: string; data: Json }[] | undefined) ?? [];
  const find = (l: string) => assertions.find((a) => a.label === l)?.data;
  const actions =
    (assertions.find((a) => a.label.startsWith('c2pa.actions'))?.data?.actions as Json[] | undefined) ?? [];
  const created = actions.find((a) => a.action === 'c2pa.created');
  const params = (created?.parameters as Json | undefined) ?? {};
  const generator = ((m.claim_generator_info as Json[] | undefined) ?? [])[0] ?? {};
  const sig = (m.signature_info as Json | undefined) ?? {};
  return {
    label,
    ...(typeof m.title === 'string' ? { title: m.title } : {}),
    claimGenerator: [generator.name, generator.version].filter(Boolean).join(' '),
    signer: {
      ...(sig.common_name ? { commonName: String(sig.common_name) } : {}),
      ...(sig.issuer ? { issuer: String(sig.issuer) } : {}),
      ...(sig.alg ? { alg: String(sig.alg) } : {}),
      ...(sig.time ? { time: String(sig.time) } : {}),
    },
    ...(created?.digitalSourceType ? { digitalSourceType: String(created.digitalSourceType) } : {}),
    ...(params[TEMPLATE_PARAMETER]
      ? { template: params[TEMPLATE_PARAMETER] as { id: string; version: number } }
      : {}),
    ...(params[JOB_PARAMETER] ? { job: String(params[JOB_PARAMETER]) } : {}),
    models: (params[MODELS_PARAMETER] as ManifestSummary['models'] | undefined) ?? [],
    ingredients: ((m.ingredients as Json[] | undefined) ?? []).map((i) => ({
      ...(i.title ? { title: String(i.title) } : {}),
      ...(i.format ? { format: String(i.format) } : {}),
      ...(i.relationship ? { relationship: String(i.relationship) } : {}),
      ...(i.validation_results || i.active_manifest
        ? { validationState: i.validation_results ? 'has manifest' : 'no manifest' }
        : {}),
    })),
    ...(find(AI_DISCLOSURE_ASSERTION) ? { aiDisclosure: find(AI_DISCLOSURE_ASSERTION) } : {}),
    ...(find(RIGHTS_ASSERTION) ? { rights: find(RIGHTS_ASSERTION) } : {}),
    assertions: assertions.map((a) => a.label),
  };
}

/**
 * Reads and validates a file's C2PA manifest store with c2pa-rs: the claim signature, the hard
 * binding, and trust in the signer when `trustAnchorsPem` (PEM CA certificates) is given.
 */
export async function readCredentials(
  bytes: Uint8Array,
  format: string,
  options: { trustAnchorsPem?: string } = {},
): Promise<CredentialsReport> {
  const c2pa = await loadC2pa();
  const absent: CredentialsReport = {
    present: false,
    signature: 'absent',
    hardBinding: 'absent',
    trust: 'not-checked',
    valid: false,
    failures: [],
  };
  let store: Json;
  try {
    const reader = await c2pa.WasmReader.fromBytes(format, bytes, settings(options.trustAnchorsPem));
    try {
      store = JSON.parse(reader.json()) as Json;
    } finally {
      reader.free();
    }
  } catch (e) {
    const message = String(e);
    if (/JumbfNotFound|ProvenanceMissing/.test(message)) return absent;
    return {
      ...absent,
      present: true,
      signature: 'invalid',
      failures: [{ code: 'general.error', explanation: message }],
    };
  }
  const results = ((store.validation_results as Json | undefined)?.activeManifest as Json | undefined) ?? {};
  const failures = statuses(results.failure);
  const success = statuses(results.success).map((s) => s.code);
  const failed = (test: (code: string) => boolean) => failures.some((f) => test(f.code));
  const signatureFailed = failed((c) =>
    /^(claimSignature\.|signingCredential\.(invalid|revoked|expired))/.test(c),
  );
  const bindingFailed = failed((c) => HARD_BINDING.test(c) || c === 'claim.hardBindings.missing');
  const signature = !signatureFailed && success.includes('claimSignature.validated') ? 'valid' : 'invalid';
  const hardBinding =
    !bindingFailed && success.some((c) => HARD_BINDING.test(c) && c.endsWith('.match')) ? 'valid' : 'invalid';
  const trust = !options.trustAnchorsPem
    ? 'not-checked'
    : success.includes('signingCredential.trusted') && !failed((c) => TRUST_ONLY.has(c))
      ? 'trusted'
      : 'untrusted';
  const label = String(store.active_manifest ?? '');
  const manifest = (store.manifests as Record<string, Json> | undefined)?.[label];
  return {
    present: true,
    ...(store.validation_state ? { state: String(store.validation_state) } : {}),
    signature,
    hardBinding,
    trust,
    valid: signature === 'valid' && hardBinding === 'valid' && failures.every((f) => TRUST_ONLY.has(f.code)),
    failures,
    ...(manifest ? { manifest: summarise(label, manifest) } : {}),
  };
}
