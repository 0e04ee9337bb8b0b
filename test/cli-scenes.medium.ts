/**
 * Two narrated scenes, a crossfade between them and a picture with a Ken Burns move, rendered by
 * the CLI in 16:9 and 9:16 (template: test/fixtures/templates/two-scenes). The picture is a dark
 * disc on light paper, so its place and size can be measured in every frame of the delivered file.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RenderResult } from '@app/core';
import { buildEbur128Args, FfmpegExecutor, parseEbur128Summary } from '@app/media';
import { runCli } from '../apps/cli/src/cli';

jest.setTimeout(300_000);

const templatesDir = path.resolve(__dirname, 'fixtures/templates');
const ffmpeg = new FfmpegExecutor();

interface TimelineRecord {
  rate: string;
  duration: number;
  scenes: {
    id: string;
    start: number;
    end: number;
    extent: { end: number };
    narration?: { start: number; end: number };
  }[];
  transitions: { kind: string; start: number; duration: number }[];
  layers: { kind: string; scene: number; plane: string; window: { start: number; end: number } }[];
}

/** Grey levels of `count` frames of a crop, from frame 0. */
function greyFrames(
  file: string,
  crop: { x: number; y: number; w: number; h: number },
  count: number,
): Uint8Array[] {
  const r = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      file,
      '-frames:v',
      String(count),
      '-vf',
      `crop=${crop.w}:${crop.h}:${crop.x}:${crop.y},format=gray`,
      '-f',
      'rawvideo',
      '-',
    ],
    { maxBuffer: 1 << 28 },
  );
  const size = crop.w * crop.h;
  return Array.from(
    { length: r.stdout.length / size },
    (_, i) => new Uint8Array(r.stdout.subarray(i * size, (i + 1) * size)),
  );
}

/** The dark disc in a crop: its area (anti-aliased edges count in part) and centroid, in frame pixels. */
function disc(
  grey: Uint8Array,
  crop: { x: number; y: number; w: number },
): { area: number; x: number; y: number } {
  let area = 0;
  let sx = 0;
  let sy = 0;
  grey.forEach((v, i) => {
    const w = Math.max(0, Math.min(1, (128 - v) / 112));
    area += w;
    sx += w * (i % crop.w);
    sy += w * Math.floor(i / crop.w);
  });
  return { area, x: crop.x + sx / area, y: crop.y + sy / area };
}

describe('two narrated scenes, a crossfade and a Ken Burns picture', () => {
  let work: string;
  let out: string;
  let result: RenderResult;
  let code: number;

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-scenes-'));
    out = path.join(work, 'out');
    await fs.writeFile(path.join(work, 'quake.json'), JSON.stringify({ place: 'Hualien', mag: 5.8 }));
    const io = { stdout: () => undefined, stderr: () => undefined, isTty: false };
    code = await runCli(
      [
        'render',
        '-t',
        'two-scenes',
        '--templates-dir',
        templatesDir,
        '-d',
        path.join(work, 'quake.json'),
        '-o',
        out,
        '-a',
        '16:9,9:16',
      ],
      io,
    );
    result = JSON.parse(await fs.readFile(path.join(out, 'result.json'), 'utf8')) as RenderResult;
  });
  afterAll(() => fs.rm(work, { recursive: true, force: true }));

  it('reads each scene in its own voice segment, one after the other', () => {
    expect(code).toBe(0);
    expect(result.script).toBe('An earthquake shook Hualien this morning.\n\nIt had a magnitude of 5.8.');
    const segments = result.speech.segments ?? [];
    expect(segments.map((s) => s.text)).toEqual([
      'An earthquake shook Hualien this morning.',
      'It had a magnitude of 5.8.',
    ]);
    expect(segments[0].start).toBe(0);
    expect(segments[1].start).toBeGreaterThan(segments[0].end);
  });

  it.each([0, 1])('output %i lists every layer with its window, from the timeline', (n) => {
    const t = result.outputs[n].timeline as unknown as TimelineRecord;
    const [where, facts] = t.scenes;
    expect([t.rate, where.start, facts.end]).toEqual(['30/1', 0, t.duration]);
    expect(where.narration?.start).toBe(0);
    expect(facts.narration?.start).toBe(facts.start);
    expect(t.transitions).toEqual([{ kind: 'crossfade', from: 0, to: 1, start: facts.start, duration: 18 }]);
    // The first scene is held on through the crossfade; captions lie over the program.
    expect(where.extent.end).toBe(facts.start + 18);
    expect(t.layers.map((l) => [l.kind, l.scene, l.plane])).toEqual([
      ['background', 1, 'scene'],
      ['presenter', 1, 'scene'],
      ['dataCard', 1, 'scene'],
      ['image', 0, 'scene'],
      ['lowerThird', 0, 'scene'],
      ['captions', 0, 'program'],
      ['captions', 1, 'program'],
      ['label', 0, 'program'],
    ]);
    expect(t.layers.find((l) => l.kind === 'image')?.window).toEqual({ start: 0, end: where.extent.end });
    expect(result.outputs[n].layers?.map((l) => l.kind)).toEqual(t.layers.map((l) => l.kind));
  });

  it.each(['clip-16x9.mp4', 'clip-9x16.mp4'])(
    '%s lasts the two readings and measures -23 LUFS',
    async (name) => {
      const t = result.outputs[0].timeline as unknown as TimelineRecord;
      const probe = await ffmpeg.probe(path.join(out, name));
      expect(Math.abs(probe.duration - t.duration / 30)).toBeLessThan(0.05);
      const loud = parseEbur128Summary((await ffmpeg.run(buildEbur128Args(path.join(out, name)))).stderr);
      expect(Math.abs(loud.integrated - -23)).toBeLessThanOrEqual(1);
    },
  );

  it('zooms the picture toward its focus smoothly: the size and place the model gives, frame by frame, without jitter', () => {
    const t = result.outputs[0].timeline as unknown as TimelineRecord;
    const where = t.scenes[0];
    const n = where.extent.end; // the image's window: 0 .. extent
    const crop = { x: 500, y: 150, w: 500, h: 300 };
    const frames = greyFrames(path.join(out, 'clip-16x9.mp4'), crop, where.end);
    expect(frames).toHaveLength(where.end);
    const seen = frames.map((g) => disc(g, crop));
    // The model: the view shrinks linearly from the whole picture to 1/1.2 of it at (0.6, 0.4),
    // kept inside the picture; the disc is at (0.6, 0.4) of a 16:9 picture, 1/20 of its height across.
    seen.forEach((d, f) => {
      const p = f / (n - 1);
      const size = 1 - (1 - 1 / 1.2) * p;
      // Kept inside the picture: x + width <= 1.
      const vx = Math.min(1 - 1 / 1.2, 0.6 - 1 / 1.2 / 2) * p;
      const expected = {
        x: ((0.6 - vx) / size) * 1280,
        y: (0.4 / size) * 720,
        area: seen[0].area / size ** 2,
      };
      expect({ f, dx: Math.abs(d.x - expected.x) < 2, dy: Math.abs(d.y - expected.y) < 2 }).toEqual({
        f,
        dx: true,
        dy: true,
      });
      expect(Math.abs(d.area / expected.area - 1)).toBeLessThan(0.03);
    });
    // Smooth: no whole-pixel steps (zoompan's jitter would give second differences near 1 px).
    const secondDiff = (v: number[]) =>
      Math.max(...v.slice(2).map((x, i) => Math.abs(x - 2 * v[i + 1] + v[i])));
    expect(secondDiff(seen.map((d) => d.x))).toBeLessThan(0.3);
    expect(secondDiff(seen.map((d) => d.y))).toBeLessThan(0.3);
    expect(seen.every((d, i) => i === 0 || d.area > seen[i - 1].area)).toBe(true);
  });

  it('crossfades from the picture to the presenter set over the transition', () => {
    const t = result.outputs[0].timeline as unknown as TimelineRecord;
    const { start, duration } = t.transitions[0];
    // Top centre: light paper in the first scene, the dark set in the second.
    const crop = { x: 620, y: 110, w: 40, h: 20 };
    const levels = greyFrames(path.join(out, 'clip-16x9.mp4'), crop, start + duration + 2).map(
      (g) => g.reduce((a, b) => a + b, 0) / g.length,
    );
    const before = levels[start - 1];
    const after = levels[start + duration + 1];
    expect(before).toBeGreaterThan(200);
    expect(after).toBeLessThan(80);
    const middle = levels[start + duration / 2];
    expect(Math.abs(middle - (before + after) / 2)).toBeLessThan(30);
    for (let f = start; f < start + duration; f++) expect(levels[f + 1]).toBeLessThanOrEqual(levels[f] + 2);
  });

  it('shows the picture cropped around its focus in 9:16', () => {
    const crop = { x: 0, y: 300, w: 720, h: 600 };
    const [frame] = greyFrames(path.join(out, 'clip-9x16.mp4'), crop, 1);
    const d = disc(frame, crop);
    // Cover-fit to 1280 high, the picture is 2276 wide; x 0.6 is kept central: the disc near mid-frame.
    expect(Math.abs(d.x - 360)).toBeLessThan(60);
    expect(d.area).toBeGreaterThan(Math.PI * 120 * 120 * 0.8);
  });
});
