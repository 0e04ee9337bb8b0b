import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDevCertificates } from './certs/dev-certificates';
import { provenanceConfigFromEnv } from './provenance.config';

describe('provenanceConfigFromEnv: signing keys and the default label profile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-prov-config-'));
    const dev = await createDevCertificates();
    await fs.writeFile(path.join(dir, 'signer.key'), dev.keyPem);
    await fs.writeFile(path.join(dir, 'chain.pem'), dev.chainPem);
    await fs.writeFile(path.join(dir, 'ca.pem'), dev.caPem);
    await fs.writeFile(
      path.join(dir, 'profile.json'),
      JSON.stringify({
        id: 'channel-7',
        visible: {
          text: { en: 'Synthetic presenter' },
          defaultLanguage: 'en',
          placement: 'bottom-center',
          timing: { kind: 'start', seconds: 4 },
          minTextHeight: 0.04,
        },
        spoken: null,
        implicit: { aigc: true },
      }),
    );
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('labels but does not sign when no key is configured, with eu by default', async () => {
    expect(await provenanceConfigFromEnv({})).toEqual({
      signer: null,
      defaultLabels: 'eu',
      requireSigning: false,
    });
  });

  it('loads the signer, the trust anchors and a custom default profile', async () => {
    const config = await provenanceConfigFromEnv({
      CLIPWRIGHT_C2PA_KEY: path.join(dir, 'signer.key'),
      CLIPWRIGHT_C2PA_CERTS: path.join(dir, 'chain.pem'),
      CLIPWRIGHT_C2PA_TRUST_ANCHORS: path.join(dir, 'ca.pem'),
      CLIPWRIGHT_LABELS: path.join(dir, 'profile.json'),
    });
    expect(config.signer).toMatchObject({ alg: 'es256' });
    expect(config.trustAnchorsPem).toContain('BEGIN CERTIFICATE');
    expect(config.defaultLabels).toMatchObject({ id: 'channel-7' });
  });

  it('refuses to go on without a key when signing is required', async () => {
    await expect(provenanceConfigFromEnv({ CLIPWRIGHT_C2PA_REQUIRED: '1' })).rejects.toMatchObject({
      code: 'SIGNING_FAILED',
      path: 'CLIPWRIGHT_C2PA_KEY',
    });
  });

  it.each([
    [{ CLIPWRIGHT_C2PA_KEY: '/nowhere/signer.key' }, 'INVALID_ARGUMENT', 'CLIPWRIGHT_C2PA_CERTS'],
    [{ CLIPWRIGHT_LABELS: 'us' }, 'INVALID_ARGUMENT', 'CLIPWRIGHT_LABELS'],
    [{ CLIPWRIGHT_LABELS: '/nowhere/profile.json' }, 'INVALID_ARGUMENT', 'CLIPWRIGHT_LABELS'],
  ])('names the variable at fault: %j', async (env, code, at) => {
    await expect(provenanceConfigFromEnv(env)).rejects.toMatchObject({ code, path: at });
  });
});
