import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { loadSigner } from '@app/provenance';
import { EXIT_BAD_INPUT, EXIT_OK, runCli } from './cli';

/** Through runCli, as the binary runs: the exit code is what scripts see. */
async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    isTty: false,
  });
  return { code, out: out.join(''), err: err.join('') };
}

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-certs-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('clipwright certs init', () => {
  it('writes a working development chain, says loudly it is for testing, prints export lines', async () => {
    const out = path.join(dir, "it's here");
    const run = await cli(['certs', 'init', '--out', out, '--alg', 'ed25519']);
    expect(run.code).toBe(EXIT_OK);
    expect(run.err).toContain('FOR TESTING ONLY');
    expect(run.out).toBe(
      `export CLIPWRIGHT_C2PA_KEY='${out.replace(/'/g, `'\\''`)}/signer.key'\n` +
        `export CLIPWRIGHT_C2PA_CERTS='${out.replace(/'/g, `'\\''`)}/chain.pem'\n` +
        `export CLIPWRIGHT_C2PA_TRUST_ANCHORS='${out.replace(/'/g, `'\\''`)}/ca.pem'\n`,
    );
    expect((await fs.stat(path.join(out, 'signer.key'))).mode & 0o777).toBe(0o600);
    const signer = await loadSigner({
      keyFile: path.join(out, 'signer.key'),
      certificateChainFile: path.join(out, 'chain.pem'),
    });
    expect(signer.alg).toBe('ed25519');
  });

  it('keeps existing files unless --force', async () => {
    const out = path.join(dir, 'twice');
    expect((await cli(['certs', 'init', '--out', out])).code).toBe(EXIT_OK);
    const key = await fs.readFile(path.join(out, 'signer.key'), 'utf8');
    const again = await cli(['certs', 'init', '--out', out]);
    expect(again.code).toBe(EXIT_BAD_INPUT);
    expect(again.err).toContain('pass --force');
    expect(await fs.readFile(path.join(out, 'signer.key'), 'utf8')).toBe(key);
    expect((await cli(['certs', 'init', '--out', out, '--force'])).code).toBe(EXIT_OK);
    expect(await fs.readFile(path.join(out, 'signer.key'), 'utf8')).not.toBe(key);
  });
});

describe('clipwright verify', () => {
  it('exits 2 for a file without credentials, or one it cannot read or does not know', async () => {
    const png = path.join(dir, 'plain.png');
    await fs.writeFile(png, createCanvas(8, 8).toBuffer('image/png'));
    const plain = await cli(['verify', png]);
    expect(plain.code).toBe(EXIT_BAD_INPUT);
    expect(plain.out).toContain('Content credentials (C2PA): ABSENT');
    expect(plain.err).toContain('CONTENT_CREDENTIALS_MISSING');
    expect((await cli(['verify', path.join(dir, 'nope.mp4')])).err).toContain('DATA_UNREADABLE');
    await fs.writeFile(path.join(dir, 'notes.txt'), 'hello');
    const text = await cli(['verify', path.join(dir, 'notes.txt')]);
    expect(text.code).toBe(EXIT_BAD_INPUT);
    expect(text.err).toContain('verify reads MP4 and PNG');
  });

  it('prints the report as JSON', async () => {
    const png = path.join(dir, 'plain.png');
    const run = await cli(['verify', png, '--json']);
    expect(JSON.parse(run.out)).toMatchObject({
      format: 'image/png',
      credentials: { present: false, valid: false },
    });
  });
});
