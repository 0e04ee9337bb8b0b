/** @jest-environment ./libs/presenter/src/lipsync/onnxruntime.jest-environment.js */
/**
 * A channel's own photo presenter driven by a Wav2Lip-signature model (bring your own weights),
 * through the whole brief. The model here is the project's generated stand-in whose output is the
 * reference crop, so the presenter's box in the delivered picture must show the face picture itself.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RenderResult } from '@app/core';
import { runCli } from '../apps/cli/src/cli';

jest.setTimeout(240_000);

const root = path.resolve(__dirname, '..');

function rgb(file: string, vf: string): Buffer {
  const r = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-i', file, '-frames:v', '1', '-vf', `${vf},format=rgb24`, '-f', 'rawvideo', '-'],
    {
      maxBuffer: 1 << 28,
    },
  );
  if (r.status !== 0) throw new Error(r.stderr.toString());
  return r.stdout;
}

describe('a photo presenter with a Wav2Lip-signature model', () => {
  let work: string;
  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-photo-'));
    // A models folder of the channel's own: presenters/anchor-photo + the model it names.
    await fs.cp(
      path.join(root, 'models/lipsync/example-still'),
      path.join(work, 'models/presenters/anchor-photo'),
      { recursive: true },
    );
    await fs.cp(
      path.join(root, 'models/lipsync/tiny-wav2lip.onnx'),
      path.join(work, 'models/lipsync/tiny-wav2lip.onnx'),
    );
    const manifestFile = path.join(work, 'models/presenters/anchor-photo/presenter.json');
    const manifest = JSON.parse(await fs.readFile(manifestFile, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(manifestFile, JSON.stringify({ ...manifest, id: 'anchor-photo' }));
    await fs.cp(path.join(root, 'templates/news-brief'), path.join(work, 'templates/news-brief'), {
      recursive: true,
    });
    const templateFile = path.join(work, 'templates/news-brief/template.json');
    await fs.writeFile(
      templateFile,
      (await fs.readFile(templateFile, 'utf8')).replace('"id": "ada"', '"id": "anchor-photo"'),
    );
    process.env.CLIPWRIGHT_PRESENTERS = path.join(work, 'models/presenters');
  });
  afterAll(async () => {
    delete process.env.CLIPWRIGHT_PRESENTERS;
    await fs.rm(work, { recursive: true, force: true });
  });

  it('renders the brief with the photo presenter scaled into its place', async () => {
    const out = path.join(work, 'out');
    const io = { stdout: () => undefined, stderr: () => undefined, isTty: false };
    const code = await runCli(
      [
        'render',
        '-t',
        'news-brief',
        '--templates-dir',
        path.join(work, 'templates'),
        '-d',
        'templates/news-brief/sample.geojson',
        '-s',
        '1',
        '-o',
        out,
        '-a',
        '16:9',
      ],
      io,
    );
    expect(code).toBe(0);
    const result = JSON.parse(await fs.readFile(path.join(out, 'result.json'), 'utf8')) as RenderResult;
    const p = result.outputs[0].presenter!;
    expect(p.id).toBe('anchor-photo');
    // The 320x240 still, scaled by 2 to fit the right third, standing on the frame's bottom edge.
    expect(p.rect).toEqual({ x: 1280, y: 600, width: 640, height: 480 });

    // Five seconds in: the box shows the face picture (the model returned the reference crop).
    const { x, y, width, height } = p.rect;
    const frame = rgb(path.join(out, 'clip-16x9.mp4'), `select=gte(t\\,5),crop=${width}:${height}:${x}:${y}`);
    const face = rgb(path.join(work, 'models/presenters/anchor-photo/face.png'), `scale=${width}:${height}`);
    let diff = 0;
    for (let i = 0; i < face.length; i++) diff += Math.abs(frame[i] - face[i]);
    expect(diff / face.length).toBeLessThan(8);
    // And the rest of the frame is not the face: the comparison can tell them apart.
    const elsewhere = rgb(
      path.join(out, 'clip-16x9.mp4'),
      `select=gte(t\\,5),crop=${width}:${height}:0:${y}`,
    );
    let other = 0;
    for (let i = 0; i < face.length; i++) other += Math.abs(elsewhere[i] - face[i]);
    expect(other / face.length).toBeGreaterThan(20);
  });
});
