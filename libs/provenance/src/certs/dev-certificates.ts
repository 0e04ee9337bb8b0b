// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect
// metadata polyfill loaded first.
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

export type DevKeyAlg = 'es256' | 'ed25519';

/** A development CA and a signing certificate it issued, as PEM text. For tests and demos only. */
export interface DevCertificates {
  alg: DevKeyAlg;
  /** The CA certificate: give it to `verify --trust` (a trust anchor). */
  caPem: string;
  /** The signing certificate, then the CA's: `CLIPWRIGHT_C2PA_CERTS`. */
  chainPem: string;
  /** The signing key, PKCS#8: `CLIPWRIGHT_C2PA_KEY`. */
  keyPem: string;
}

/** Key generation and signature algorithms (WebCrypto names): ECDSA P-256 with SHA-256, or Ed25519. */
const ALGORITHMS: Record<DevKeyAlg, webcrypto.Algorithm> = {
  es256: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as webcrypto.EcKeyGenParams &
    webcrypto.EcdsaParams,
  ed25519: { name: 'Ed25519' },
};

/** An X.509 serial number: 16 random bytes, top bit clear so it reads as positive (RFC 5280, 4.1.2.2). */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}

const DAY_MS = 86_400_000;

/**
 * Makes a development CA and a C2PA signing certificate (RFC 5280 profile as C2PA 2.x's
 * "Certificate Profile" asks): the signer is not a CA, has the digitalSignature key usage (critical),
 * the emailProtection extended key usage, subject and authority key identifiers; the CA may sign
 * certificates only. Both names say TESTING ONLY: no C2PA trust list holds this CA, and files
 * signed with it validate only for whoever passes its certificate as a trust anchor.
 */
export async function createDevCertificates(
  options: { alg?: DevKeyAlg; organisation?: string; now?: Date; validDays?: number } = {},
): Promise<DevCertificates> {
  const alg = options.alg ?? 'es256';
  const algorithm = ALGORITHMS[alg];
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - 5 * 60_000);
  const days = options.validDays ?? 365;
  const org = (options.organisation ?? 'Clipwright development').replace(/[,=+<>#;"\\]/g, ' ');
  const subtle = webcrypto.subtle;

  const caKeys = (await subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=Clipwright Development CA - TESTING ONLY, O=${org}`,
    notBefore,
    notAfter: new Date(now.getTime() + 2 * days * DAY_MS),
    keys: caKeys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const signerKeys = (await subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const signer = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=Clipwright Development Signer - TESTING ONLY, O=${org}`,
    issuer: ca.subject,
    notBefore,
    notAfter: new Date(now.getTime() + days * DAY_MS),
    signingKey: caKeys.privateKey,
    publicKey: signerKeys.publicKey,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.emailProtection], false),
      await x509.SubjectKeyIdentifierExtension.create(signerKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  const pkcs8 = Buffer.from(await subtle.exportKey('pkcs8', signerKeys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trim()}\n-----END PRIVATE KEY-----\n`;
  const caPem = `${ca.toString('pem')}\n`;
  return { alg, caPem, chainPem: `${signer.toString('pem')}\n${caPem}`, keyPem };
}
