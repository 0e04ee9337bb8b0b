import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { createCanvas } from '@napi-rs/canvas';
import { createSigner } from './c2pa/signing-credentials';
import { createDevCertificates, DevCertificates } from './certs/dev-certificates';
import { buildImplicitLabels, DIGITAL_SOURCE_TYPE } from './implicit/implicit-labels';
import { readPngChunks } from './implicit/png-metadata';
import { FinishInput, finishPng } from './provenance.finish';
import { verifyFile } from './verify';

let dir: string;
let dev: DevCertificates;

function still(): Buffer {
  const canvas = createCanvas(64, 48);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#3a6ea5';
  ctx.fillRect(0, 0, 64, 48);
  ctx.fillStyle = '#f2c14e';
  ctx.fillRect(16, 12, 32, 24);
  return canvas.toBuffer('image/png');
}

function input(over: Partial<FinishInput> = {}): FinishInput {
  return {
    labels: buildImplicitLabels({
      contentId: '0190f3a2-7c4e-7b1a-9d2e-3f4a5b6c7d8e',
      workspace: '新闻部',
      generator: { name: 'Clipwright', version: '0.1.0' },
      digitalSourceType: DIGITAL_SOURCE_TYPE.trainedAlgorithmicMedia,
      aigc: true,
      createdAt: new Date('2026-03-01T12:00:00Z'),
    }),
    rights: { workspaceCommercial: false, checkedAt: '2026-03-01T12:00:00.000Z', used: [] },
    disclosure: { profileId: 'cn', visibleLabel: null, spokenLine: null },
    imageModel: { name: 'tiny-diffusion', version: '1' },
    ingredients: [],
    signer: createSigner(dev.keyPem, dev.chainPem),
    ...over,
  };
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-prov-'));
  dev = await createDevCertificates();
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('finishPng + verifyFile', () => {
  it('labels and signs a generated still; the credentials validate and name the model', async () => {
    const file = path.join(dir, 'still.png');
    await fs.writeFile(file, still());
    const result = await finishPng(file, input());
    expect(result.c2pa).toEqual({
      signed: true,
      alg: 'es256',
      signer: 'Clipwright Development Signer - TESTING ONLY',
      issuer: 'Clipwright Development CA - TESTING ONLY',
    });
    const report = await verifyFile(file, { trustAnchorsPem: dev.caPem });
    expect(report.credentials).toMatchObject({
      present: true,
      valid: true,
      signature: 'valid',
      hardBinding: 'valid',
      trust: 'trusted',
    });
    expect(report.credentials.manifest).toMatchObject({
      title: 'still.png',
      digitalSourceType: DIGITAL_SOURCE_TYPE.trainedAlgorithmicMedia,
      job: '0190f3a2-7c4e-7b1a-9d2e-3f4a5b6c7d8e',
    });
    expect(report.labels).toMatchObject({
      xmp: true,
      aigcSource: 'png text chunk',
      digitalSourceType: DIGITAL_SOURCE_TYPE.trainedAlgorithmicMedia,
      aigc: { Label: '1', ContentProducer: 'Clipwright (新闻部)' },
    });
    // Without the CA as a trust anchor the file still validates; trust is simply not checked.
    expect((await verifyFile(file)).credentials).toMatchObject({ valid: true, trust: 'not-checked' });
  });

  it('fails the hard binding when one pixel byte changes, and reports a file without credentials as absent', async () => {
    const file = path.join(dir, 'tampered.png');
    await fs.writeFile(file, still());
    await finishPng(file, input());
    const bytes = await fs.readFile(file);
    const idat = readPngChunks(bytes).find((c) => c.type === 'IDAT')!;
    bytes[idat.offset + 8 + Math.floor(idat.data.length / 2)] ^= 0x01;
    // Keep the chunk's CRC right, so only the content changed.
    bytes.writeUInt32BE(
      crc32(bytes.subarray(idat.offset + 4, idat.offset + 8 + idat.data.length)),
      idat.offset + 8 + idat.data.length,
    );
    await fs.writeFile(file, bytes);
    const report = await verifyFile(file, { trustAnchorsPem: dev.caPem });
    expect(report.credentials).toMatchObject({
      present: true,
      valid: false,
      signature: 'valid',
      hardBinding: 'invalid',
    });
    expect(report.credentials.failures.map((f) => f.code)).toContain('assertion.dataHash.mismatch');

    const plain = path.join(dir, 'plain.png');
    await fs.writeFile(plain, still());
    expect((await verifyFile(plain)).credentials).toMatchObject({
      present: false,
      valid: false,
      signature: 'absent',
    });
  });

  it('labels without credentials when no signer is configured', async () => {
    const file = path.join(dir, 'unsigned.png');
    await fs.writeFile(file, still());
    expect((await finishPng(file, input({ signer: null }))).c2pa).toEqual({ signed: false });
    const report = await verifyFile(file);
    expect(report.credentials.present).toBe(false);
    expect(report.labels.aigc?.ProduceID).toBe('0190f3a2-7c4e-7b1a-9d2e-3f4a5b6c7d8e');
  });
});
