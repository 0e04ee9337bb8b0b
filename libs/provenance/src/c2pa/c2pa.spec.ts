import { createPublicKey, verify, X509Certificate } from 'node:crypto';
import { createDevCertificates, DevCertificates } from '../certs/dev-certificates';
import { buildImplicitLabels, DIGITAL_SOURCE_TYPE } from '../implicit/implicit-labels';
import { buildCoseSign1, CborTag, encodeCbor } from './cose-sign1';
import { AI_DISCLOSURE_ASSERTION, buildManifestDefinition, RIGHTS_ASSERTION } from './manifest.builder';
import { C2PA_SIGNING_EKUS, createSigner, signingConfigFromEnv } from './signing-credentials';

describe('CBOR (RFC 8949 Appendix A vectors)', () => {
  it.each<[unknown, string]>([
    [0, '00'],
    [23, '17'],
    [24, '1818'],
    [1000, '1903e8'],
    [1000000, '1a000f4240'],
    [-1, '20'],
    [-1000, '3903e7'],
    ['IETF', '6449455446'],
    ['\u00fc', '62c3bc'],
    [Buffer.from([1, 2, 3, 4]), '4401020304'],
    [[1, [2, 3], [4, 5]], '8301820203820405'],
    [
      new Map<number, unknown>([
        [1, 2],
        [3, 4],
      ]),
      'a201020304',
    ],
    [null, 'f6'],
    [new CborTag(1, 1363896240), 'c11a514b67b0'],
  ])('encodes %p', (value, hex) => {
    expect(encodeCbor(value as never).toString('hex')).toBe(hex);
  });

  it('refuses what COSE never holds', () => {
    expect(() => encodeCbor(1.5)).toThrow('not an integer');
  });
});

describe('COSE_Sign1', () => {
  let dev: DevCertificates;
  beforeAll(async () => {
    dev = await createDevCertificates();
  });

  it('is a tagged COSE_Sign1 of exactly the reserved size, whose signature verifies over the claim', async () => {
    const claim = Buffer.from('a1636b65796576616c7565', 'hex');
    const signer = createSigner(dev.keyPem, dev.chainPem);
    const cose = Buffer.from(await signer.signClaim(claim));
    expect(cose.length).toBe(signer.reserveSize);
    expect(cose.subarray(0, 2).toString('hex')).toBe('d284'); // tag 18, array of 4
    // Rebuild the Sig_structure from the protected header and check the signature with the leaf's key.
    // Item 1 is the protected header, a byte string with a 1- or 2-byte length (0x58 / 0x59).
    const twoByteLength = cose[2] === 0x59;
    const protectedLen = twoByteLength ? cose.readUInt16BE(3) : cose[3];
    const headerStart = twoByteLength ? 5 : 4;
    const protectedHeader = cose.subarray(headerStart, headerStart + protectedLen);
    const toBeSigned = encodeCbor(['Signature1', protectedHeader, Buffer.alloc(0), claim]);
    const signature = cose.subarray(cose.length - 64);
    const leaf = new X509Certificate(dev.chainPem);
    expect(
      verify(
        'sha256',
        toBeSigned,
        {
          key: createPublicKey(leaf.publicKey.export({ type: 'spki', format: 'pem' })),
          dsaEncoding: 'ieee-p1363',
        },
        signature,
      ),
    ).toBe(true);
  });

  it('pads to any size above the minimum, and refuses one below', async () => {
    const base = {
      alg: 'es256' as const,
      chain: [Buffer.alloc(300, 1)],
      payload: Buffer.from('claim'),
      sign: () => Buffer.alloc(64, 7),
    };
    for (const size of [700, 1024, 4096, 70000])
      expect((await buildCoseSign1({ ...base, size })).length).toBe(size);
    await expect(buildCoseSign1({ ...base, size: 200 })).rejects.toThrow('were reserved');
  });
});

describe('signing credentials', () => {
  let es: DevCertificates;
  let ed: DevCertificates;
  beforeAll(async () => {
    [es, ed] = await Promise.all([createDevCertificates(), createDevCertificates({ alg: 'ed25519' })]);
  });

  it('makes a development chain with the extensions C2PA asks for', () => {
    const [leaf, ca] = (
      es.chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
    ).map((p) => new X509Certificate(p));
    expect(leaf.ca).toBe(false);
    expect(ca.ca).toBe(true);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.keyUsage.some((oid) => oid in C2PA_SIGNING_EKUS)).toBe(true);
    expect(leaf.subject).toContain('TESTING ONLY');
    expect(new X509Certificate(es.caPem).fingerprint256).toBe(ca.fingerprint256);
  });

  it('picks the algorithm from the key', () => {
    expect(createSigner(es.keyPem, es.chainPem).alg).toBe('es256');
    expect(createSigner(ed.keyPem, ed.chainPem).alg).toBe('ed25519');
    expect(createSigner(es.keyPem, es.chainPem).subject).toBe('Clipwright Development Signer - TESTING ONLY');
  });

  it('refuses a key that is not the certificate’s, a CA as signer, an expired certificate', () => {
    expect(() => createSigner(ed.keyPem, es.chainPem)).toThrow("not the key's");
    expect(() => createSigner(es.keyPem, es.caPem)).toThrow();
    expect(() => createSigner(es.keyPem, es.chainPem, new Date(Date.now() + 400 * 86_400_000))).toThrow(
      'valid only from',
    );
    expect(() => createSigner('not a key', es.chainPem)).toThrow('signing key cannot be read');
    expect(() => createSigner(es.keyPem, 'no pem here')).toThrow('no PEM certificate');
  });

  it('takes both paths from the environment, or neither', () => {
    expect(signingConfigFromEnv({})).toBeUndefined();
    expect(signingConfigFromEnv({ CLIPWRIGHT_C2PA_KEY: 'k.pem', CLIPWRIGHT_C2PA_CERTS: 'c.pem' })).toEqual({
      keyFile: 'k.pem',
      certificateChainFile: 'c.pem',
    });
    expect(() => signingConfigFromEnv({ CLIPWRIGHT_C2PA_KEY: 'k.pem' })).toThrow(
      'CLIPWRIGHT_C2PA_CERTS is not set',
    );
  });
});

describe('buildManifestDefinition', () => {
  const labels = buildImplicitLabels({
    contentId: 'job-1',
    workspace: 'newsroom',
    generator: { name: 'Clipwright', version: '0.1.0' },
    digitalSourceType: DIGITAL_SOURCE_TYPE.compositeWithTrainedAlgorithmicMedia,
    aigc: true,
    createdAt: new Date('2026-03-01T12:00:00Z'),
  });
  const rights = {
    workspaceCommercial: false,
    checkedAt: '2026-03-01T12:00:00.000Z',
    used: [
      { kind: 'presenter' as const, id: 'ada', name: 'Ada', licence: { id: 'Apache-2.0', commercial: true } },
      {
        kind: 'voice' as const,
        id: 'espeak-ng:en-us',
        licence: { id: 'GPL-3.0-or-later', commercial: true },
      },
      { kind: 'image' as const, id: 'photo-1', licence: { id: 'LicenseRef-Agency', commercial: true } },
    ],
  };

  it('starts with c2pa.created naming template, voice and presenter, then places each ingredient', () => {
    const def = buildManifestDefinition({
      title: 'clip-16x9.mp4',
      format: 'video/mp4',
      labels,
      template: { id: 'news-brief', version: 1 },
      rights,
      disclosure: {
        profileId: 'eu',
        visibleLabel: { text: 'AI-generated', language: 'en', start: 0, end: 12 },
        spokenLine: null,
      },
      ingredients: [{ id: 'photo-1', title: 'harbour.jpg', format: 'image/jpeg', origin: 'uploaded' }],
    });
    const actions = (def.assertions[0].data as { actions: Record<string, unknown>[] }).actions;
    expect(def.assertions.map((a) => a.label)).toEqual([
      'c2pa.actions.v2',
      AI_DISCLOSURE_ASSERTION,
      RIGHTS_ASSERTION,
    ]);
    expect(actions[0]).toEqual({
      action: 'c2pa.created',
      digitalSourceType:
        'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
      softwareAgent: { name: 'Clipwright', version: '0.1.0' },
      when: '2026-03-01T12:00:00.000Z',
      description: 'Rendered from template "news-brief" v1 for job job-1',
      parameters: {
        'dev.clipwright.job': 'job-1',
        'dev.clipwright.template': { id: 'news-brief', version: 1 },
        'dev.clipwright.models': [
          { kind: 'presenter', id: 'ada', name: 'Ada', licence: 'Apache-2.0', commercialUse: true },
          { kind: 'voice', id: 'espeak-ng:en-us', licence: 'GPL-3.0-or-later', commercialUse: true },
        ],
      },
    });
    expect(actions[1]).toEqual({
      action: 'c2pa.placed',
      description: 'Uploaded image/jpeg "harbour.jpg" placed',
      parameters: { ingredientIds: ['photo-1'] },
    });
    expect(def.assertions[1].data).toMatchObject({
      aiGenerated: true,
      composite: true,
      provider: { workspace: 'newsroom' },
    });
  });
});
