import { createPrivateKey, KeyObject, sign, X509Certificate } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { ClipwrightError, ErrorCode } from '@app/core';
import { buildCoseSign1, C2paAlg } from './cose-sign1';

/**
 * Extended key usages c2pa-rs accepts on a signing certificate (C2PA Technical Specification 2.x,
 * "Certificate Profile"): email protection, document signing, time stamping, OCSP signing, and the
 * C2PA claim-signing purpose.
 */
export const C2PA_SIGNING_EKUS: Readonly<Record<string, string>> = {
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.36': 'documentSigning',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '1.3.6.1.4.1.62558.2.1': 'c2paClaimSigning',
};

/** Paths of a deployment's signing key and certificate chain (PEM files). */
export interface SigningConfig {
  /** PKCS#8 (or SEC1/PKCS#1) PEM private key: EC P-256, EC P-384 or Ed25519. */
  keyFile: string;
  /** PEM certificates: the signing certificate first, then its intermediates (the root may follow). */
  certificateChainFile: string;
}

/** Signs C2PA claims for one deployment; made by {@link loadSigner}. */
export interface C2paSigner {
  alg: C2paAlg;
  /** DER certificates, signer first. */
  chain: readonly Buffer[];
  /** The signer's subject common name and its issuer's, for logs and the verify report. */
  subject: string;
  issuer: string;
  /** Bytes reserved for the signature box: the chain, the signature and the COSE framing, with room. */
  reserveSize: number;
  /** The finished, padded COSE_Sign1 over a claim, as c2pa-wasm's signer callback returns it. */
  signClaim(claim: Uint8Array): Promise<Uint8Array>;
}

function config(message: string, path: string, cause?: unknown): ClipwrightError {
  return new ClipwrightError(ErrorCode.SigningFailed, message, { path, ...(cause ? { cause } : {}) });
}

/** Splits PEM text into its CERTIFICATE blocks, parsed. */
export function parseCertificateChain(pem: string, source = 'certificate chain'): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw config(`${source} holds no PEM certificate`, source);
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch (e) {
      throw config(`${source}: certificate ${i + 1} cannot be parsed: ${(e as Error).message}`, source, e);
    }
  });
}

function algOf(key: KeyObject, source: string): C2paAlg {
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (type === 'ed25519') return 'ed25519';
  if (type === 'ec' && curve === 'prime256v1') return 'es256';
  if (type === 'ec' && curve === 'secp384r1') return 'es384';
  throw config(
    `${source}: a ${type}${curve ? ` ${curve}` : ''} key; use EC P-256, EC P-384 or Ed25519`,
    source,
  );
}

function commonName(dn: string): string {
  return /(?:^|\n)CN=([^\n]+)/.exec(dn)?.[1] ?? dn.replace(/\n/g, ', ');
}

/**
 * Checks a signing certificate as c2pa-rs will when the file is validated, so a misconfigured
 * deployment fails at boot rather than shipping files whose credentials do not validate.
 */
function checkLeaf(leaf: X509Certificate, key: KeyObject, source: string, now: Date): void {
  if (!leaf.checkPrivateKey(key)) throw config(`${source}: the first certificate is not the key's`, source);
  if (leaf.ca) throw config(`${source}: the signing certificate is a CA certificate`, source);
  if (new Date(leaf.validTo) < now || new Date(leaf.validFrom) > now) {
    throw config(
      `${source}: the signing certificate is valid only from ${leaf.validFrom} to ${leaf.validTo}`,
      source,
    );
  }
  const ekus = leaf.keyUsage ?? [];
  if (!ekus.some((oid) => oid in C2PA_SIGNING_EKUS)) {
    throw config(
      `${source}: the signing certificate needs an extended key usage C2PA accepts (${Object.values(C2PA_SIGNING_EKUS).join(', ')})`,
      source,
    );
  }
  if (leaf.issuer === leaf.subject) throw config(`${source}: the signing certificate is self-signed`, source);
}

/**
 * A signer from PEM strings. The algorithm follows the key (ES256, ES384 or Ed25519).
 * @throws ClipwrightError SIGNING_FAILED naming what is wrong with the key or the chain.
 */
export function createSigner(keyPem: string, chainPem: string, now = new Date()): C2paSigner {
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (e) {
    throw config(`signing key cannot be read: ${(e as Error).message}`, 'key', e);
  }
  const alg = algOf(key, 'key');
  const certs = parseCertificateChain(chainPem);
  checkLeaf(certs[0], key, 'certificate chain', now);
  const chain = certs.map((c) => c.raw);
  const chainBytes = chain.reduce((n, c) => n + c.length, 0);
  // Framing and signature take under 200 bytes; the rest keeps the pad's length prefix at 2 bytes.
  const reserveSize = Math.ceil((chainBytes + 1024) / 1024) * 1024;
  const rawSign = (data: Buffer): Buffer =>
    alg === 'ed25519'
      ? sign(null, data, key)
      : sign(alg === 'es256' ? 'sha256' : 'sha384', data, { key, dsaEncoding: 'ieee-p1363' });
  return {
    alg,
    chain,
    subject: commonName(certs[0].subject),
    issuer: commonName(certs[0].issuer),
    reserveSize,
    signClaim: async (claim) =>
      new Uint8Array(await buildCoseSign1({ alg, chain, payload: claim, sign: rawSign, size: reserveSize })),
  };
}

/**
 * Reads a deployment's key and chain from files.
 * @throws ClipwrightError SIGNING_FAILED naming the file that is missing or wrong.
 */
export async function loadSigner(cfg: SigningConfig): Promise<C2paSigner> {
  const read = async (file: string) => {
    try {
      return await fs.readFile(file, 'utf8');
    } catch (e) {
      throw config(`${file} cannot be read: ${(e as Error).message}`, file, e);
    }
  };
  const [keyPem, chainPem] = await Promise.all([read(cfg.keyFile), read(cfg.certificateChainFile)]);
  try {
    return createSigner(keyPem, chainPem);
  } catch (e) {
    if (e instanceof ClipwrightError && e.path === 'key') {
      throw config(e.message.replace(/^key/, cfg.keyFile), cfg.keyFile, e);
    }
    if (e instanceof ClipwrightError) {
      throw config(
        e.message.replace(/^certificate chain/, cfg.certificateChainFile),
        cfg.certificateChainFile,
        e,
      );
    }
    throw e;
  }
}

/** Environment variables of the signing configuration (service and embedded mode alike). */
export const SIGNING_ENV = {
  key: 'CLIPWRIGHT_C2PA_KEY',
  chain: 'CLIPWRIGHT_C2PA_CERTS',
  trustAnchors: 'CLIPWRIGHT_C2PA_TRUST_ANCHORS',
} as const;

/**
 * The signing configuration from the environment: both paths, or neither (undefined).
 * @throws ClipwrightError INVALID_ARGUMENT when only one of the two is set.
 */
export function signingConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SigningConfig | undefined {
  const keyFile = env[SIGNING_ENV.key];
  const certificateChainFile = env[SIGNING_ENV.chain];
  if (!keyFile && !certificateChainFile) return undefined;
  if (!keyFile || !certificateChainFile) {
    const missing = keyFile ? SIGNING_ENV.chain : SIGNING_ENV.key;
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `${missing} is not set: C2PA signing needs both ${SIGNING_ENV.key} and ${SIGNING_ENV.chain}`,
      { path: missing },
    );
  }
  return { keyFile, certificateChainFile };
}
