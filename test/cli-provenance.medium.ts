/**
 * Labels and content credentials through the real engine, as a user runs it: `clipwright certs init`,
 * `clipwright render` of the demo signed with those keys under the `cn` profile, `clipwright verify`
 * on the clip (valid, then invalid after one changed byte); a presenter drawn after a real person
 * is refused without a consent on record and renders with one; without keys the clip is labelled
 * but unsigned, and result.json says so.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RenderResult } from '@app/core';
import { readTopLevelBoxes } from '@app/provenance';
import { runCli } from '../apps/cli/src/cli';
import { io } from './support/cli-io';

jest.setTimeout(600_000);

const root = path.resolve(__dirname, '..');
const sample = path.join(root, 'templates/news-brief/sample.geojson');
const SIGNING = [
  'CLIPWRIGHT_C2PA_KEY',
  'CLIPWRIGHT_C2PA_CERTS',
  'CLIPWRIGHT_C2PA_TRUST_ANCHORS',
  'CLIPWRIGHT_LABELS',
  'CLIPWRIGHT_PRESENTERS',
  'CLIPWRIGHT_CONSENTS',
];

let work: string;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-cli-prov-'));
  for (const k of SIGNING) saved[k] = process.env[k];
});
afterAll(async () => {
  for (const k of SIGNING) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await fs.rm(work, { recursive: true, force: true });
});
beforeEach(() => SIGNING.forEach((k) => delete process.env[k]));

function ffprobeTags(file: string): Record<string, string> {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format_tags', '-of', 'json', file], {
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { format: { tags: Record<string, string> } }).format.tags;
}

/** Share of pixels in `rect` of the frame at `t` s that are near-white (the label's text). */
function whiteShare(file: string, t: number, size: { width: number; height: number }, rect: Rect): number {
  const args = ['-v', 'error', '-ss', String(t), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']; // prettier-ignore
  const rgb = execFileSync('ffmpeg', args, { maxBuffer: size.width * size.height * 3 + 1024 });
  let white = 0;
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) {
      const i = (y * size.width + x) * 3;
      if (rgb[i] > 200 && rgb[i + 1] > 200 && rgb[i + 2] > 200) white++;
    }
  }
  return white / (rect.width * rect.height);
}
type Rect = { x: number; y: number; width: number; height: number };

async function readResult(dir: string): Promise<RenderResult> {
  return JSON.parse(await fs.readFile(path.join(dir, 'result.json'), 'utf8')) as RenderResult;
}

describe('clipwright render + verify: labels and content credentials end to end', () => {
  it('signs the demo with the keys from certs init; verify passes, and fails after one changed byte', async () => {
    const certs = path.join(work, 'certs');
    const init = io();
    expect(await runCli(['certs', 'init', '--out', certs], init.io)).toBe(0);
    expect(init.err.join('')).toContain('FOR TESTING ONLY');
    for (const line of init.out.join('').trim().split('\n')) {
      const m = /^export (\w+)='(.*)'$/.exec(line);
      if (m) process.env[m[1]] = m[2];
    }
    expect(process.env.CLIPWRIGHT_C2PA_KEY).toBe(path.join(certs, 'signer.key'));

    const out = path.join(work, 'demo');
    const render = io();
    const code = await runCli(
      [
        'render',
        '-t',
        'news-brief',
        '-d',
        sample,
        '-s',
        '0',
        '-o',
        out,
        '--aspect',
        '16:9,9:16',
        '--labels',
        'cn',
      ],
      render.io,
    );
    expect([code, render.err.join('')]).toEqual([
      0,
      expect.stringMatching(/content credentials: signed \(es256\)/),
    ]);
    const result = await readResult(out);
    expect(result.provenance).toMatchObject({
      labelProfile: 'cn',
      visibleLabel: { text: 'AI-generated', language: expect.stringMatching(/^en/), start: 0, end: 3 },
      credentials: 'signed',
    });
    expect(result.warnings ?? []).toEqual([]);

    for (const o of result.outputs) {
      const file = path.join(out, o.path);
      expect(o.provenance).toMatchObject({ xmp: true, aigc: true, c2pa: { signed: true, alg: 'es256' } });
      // cn: the label from 0 s for 3 s, text at least 5% of the shorter side, readable in both aspects.
      const label = o.layers!.find((l) => l.kind === 'label')!;
      expect([label.start, label.end]).toEqual([0, 3]);
      expect(label.rect.height).toBeGreaterThanOrEqual(Math.ceil(0.05 * Math.min(o.width, o.height)));
      expect(label.rect.x).toBeGreaterThanOrEqual(Math.ceil(o.width * 0.05));
      expect(whiteShare(file, 1, o, label.rect)).toBeGreaterThan(0.03);
      const aigc = JSON.parse(ffprobeTags(file).AIGC) as Record<string, string>;
      expect(aigc).toMatchObject({ Label: '1', ContentProducer: 'Clipwright (local)' });

      const verify = io();
      const trust = ['--trust', path.join(certs, 'ca.pem')];
      expect(await runCli(['verify', file, ...trust], verify.io)).toBe(0);
      expect(verify.out.join('')).toMatch(
        /Content credentials \(C2PA\): VALID[\s\S]*template\s+news-brief v\d[\s\S]*presenter\s+ada[\s\S]*voice\s+espeak:en-us[\s\S]*profile cn/,
      );
    }

    // One byte of the video data changed: the hard binding no longer matches.
    const clip = path.join(out, 'clip-16x9.mp4');
    const bytes = await fs.readFile(clip);
    const mdat = readTopLevelBoxes(bytes).find((b) => b.type === 'mdat')!;
    const at = mdat.start + 1000;
    bytes[at] ^= 0xff;
    await fs.writeFile(clip, bytes);
    const tampered = io();
    expect(await runCli(['verify', clip, '--trust', path.join(certs, 'ca.pem')], tampered.io)).toBe(2);
    expect(tampered.err.join('')).toContain('CONTENT_CREDENTIALS_INVALID');
  });

  it('refuses a presenter drawn after a real person without consent, renders with one, unsigned without keys', async () => {
    // ada, declared as drawn after a real person.
    const presenters = path.join(work, 'presenters');
    await fs.cp(path.join(root, 'models/presenters/ada'), path.join(presenters, 'ada'), { recursive: true });
    const manifest = path.join(presenters, 'ada', 'presenter.json');
    const ada = JSON.parse(await fs.readFile(manifest, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(manifest, JSON.stringify({ ...ada, likeness: 'real-person' }));
    process.env.CLIPWRIGHT_PRESENTERS = presenters;

    const out = path.join(work, 'consented');
    const args = ['render', '-t', 'news-brief', '-d', sample, '-s', '0', '-o', out, '--aspect', '9:16'];
    const refused = io();
    expect(await runCli(args, refused.io)).toBe(2);
    expect(refused.err.join('')).toMatch(
      /error CONSENT_REQUIRED: The presenter "Ada" \(ada\) shows a real person and has no consent record in this workspace \(at templates\/news-brief\/template\.json#\$\.scenes\[\d+\]\.layers\[\d+\]\.id\)/,
    );
    await expect(fs.stat(out)).rejects.toMatchObject({ code: 'ENOENT' });

    const consents = path.join(work, 'consents.json');
    await fs.writeFile(
      consents,
      JSON.stringify({
        workspace: { id: 'newsroom', name: 'Newsroom 7', commercial: false },
        consents: [
          {
            id: 'release-2026-014',
            subject: 'Ada Lovelace-Byron',
            scope: { presenterIds: ['ada'], commercial: false },
            grantedAt: '2026-01-01T00:00:00Z',
            expiresAt: null,
            evidence: { ref: 'contracts/2026-014.pdf' },
          },
        ],
      }),
    );
    const rendered = io();
    expect(await runCli([...args, '--consents', consents], rendered.io)).toBe(0);
    expect(rendered.err.join('')).toContain('warning CONTENT_CREDENTIALS_UNSIGNED');
    expect(rendered.err.join('')).toContain('content credentials: UNSIGNED');
    const result = await readResult(out);
    expect(result.provenance).toMatchObject({ labelProfile: 'eu', credentials: 'unsigned' });
    const used = (result.provenance!.rights as { used: { id: string; consent?: { recordId: string } }[] })
      .used;
    expect(used.find((u) => u.id === 'ada')?.consent?.recordId).toBe('release-2026-014');
    const file = path.join(out, 'clip-9x16.mp4');
    expect(result.outputs[0].provenance).toEqual({ xmp: true, aigc: true, c2pa: { signed: false } });
    expect(ffprobeTags(file).comment).toContain('for workspace Newsroom 7');
    const verify = io();
    expect(await runCli(['verify', file], verify.io)).toBe(2);
    expect(verify.err.join('')).toContain('CONTENT_CREDENTIALS_MISSING');
  });
});
