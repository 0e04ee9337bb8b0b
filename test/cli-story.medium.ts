/**
 * A reporter's script in, a clip out: `clipwright render --template story --script story.md` on a
 * short Markdown script with a picture and a lower third, both aspects in one job, checked for its
 * scenes (one per paragraph), what the voice read (markup gone), the picture and the strap in their
 * paragraph's scene, and reference frames by perceptual hash.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RenderResult } from '@app/core';
import { runCli } from '../apps/cli/src/cli';
import { io } from './support/cli-io';
import { greyThumbnail, hammingDistance, perceptualHash } from './support/perceptual-hash';

jest.setTimeout(300_000);

const SCRIPT = `# Barrier opens *early*

![Gates at dawn](barrier.jpg)

The barrier opened on [Monday](https://example.org).

> lower third: Ana Ruiz — Mayor of Riverton

"It will hold," the mayor said. <b>Good.</b>
`;

interface TimelineLayer {
  id: string;
  kind?: string;
  window: { start: number; end: number };
}

describe('clipwright render --template story --script', () => {
  let work: string;
  let outDir: string;
  let result: RenderResult;
  let exitCode: number;
  const { io: cliIo, err } = io();

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-story-'));
    outDir = path.join(work, 'out');
    await fs.writeFile(path.join(work, 'story.md'), SCRIPT);
    await fs.copyFile(
      path.resolve(__dirname, '../templates/story/photos/barrier.jpg'),
      path.join(work, 'barrier.jpg'),
    );
    exitCode = await runCli(
      ['render', '--template', 'story', '--script', path.join(work, 'story.md'), '--out', outDir],
      cliIo,
    );
    result = JSON.parse(await fs.readFile(path.join(outDir, 'result.json'), 'utf8')) as RenderResult;
  });
  afterAll(() => fs.rm(work, { recursive: true, force: true }));

  it('renders both aspects, reading each paragraph without its markup', async () => {
    expect({ exitCode, err: err.join('') }).toMatchObject({ exitCode: 0 });
    expect(result.outputs.map((o) => o.aspect)).toEqual(['16:9', '9:16']);
    expect(await fs.readFile(path.join(outDir, 'script.txt'), 'utf8')).toBe(
      'The barrier opened on Monday.\n\n"It will hold," the mayor said. Good.\n',
    );
    const srt = await fs.readFile(path.join(outDir, 'captions.srt'), 'utf8');
    const shown = srt.split('\n').filter((l) => l && !/^\d+$|-->/.test(l));
    expect(shown.join(' ')).toBe('The barrier opened on Monday. "It will hold," the mayor said. Good.');
  });

  it('lays one scene per paragraph after the headline, the picture in the first and the strap in the second', () => {
    const timeline = result.outputs[0].timeline as unknown as {
      scenes: { id: string; start: number; end: number }[];
      layers: TimelineLayer[];
    };
    expect(timeline.scenes.map((s) => s.id)).toEqual(['headline', 'paragraph-1', 'paragraph-2']);
    const [, first, second] = timeline.scenes;
    const within = (l: TimelineLayer, s: { start: number; end: number }) =>
      l.window.start >= s.start && l.window.start < s.end;
    const image = timeline.layers.filter((l) => l.id.includes('layers[1]') && l.kind === 'image');
    expect(image.map((l) => within(l, first))).toEqual([true]);
    const straps = timeline.layers.filter((l) => l.kind === 'lowerThird');
    expect(straps.map((l) => within(l, second))).toEqual([true]);
  });

  it.each(['16x9', '9x16'])('clip-%s matches its reference frames', (slug) => {
    const timeline = result.outputs[0].timeline as unknown as { scenes: { start: number; end: number }[] };
    const fps = 30;
    // Mid-title, mid first paragraph (the picture), mid second (the strap): the references' times.
    const times = timeline.scenes.map((s) => Math.round(((s.start + s.end) / 2 / fps) * 10) / 10);
    expect(times).toEqual(REFERENCE_TIMES);
    for (const t of times) {
      const now = perceptualHash(greyThumbnail(path.join(outDir, `clip-${slug}.mp4`), t));
      const reference = perceptualHash(
        greyThumbnail(path.resolve(__dirname, `fixtures/story-reference/clip-${slug}-at-${t}s.png`)),
      );
      // Up to 10 of 64 bits: the Ken Burns frame differs by a few bits from run to run (sub-pixel
      // sampling); a missing picture, strap or title differs by 25 or more.
      expect({ t, close: hammingDistance(now, reference) <= 10 }).toEqual({ t, close: true });
    }
  });
});

/**
 * Reference frames (test/fixtures/story-reference, README there): mid-title, mid first paragraph,
 * mid second paragraph, in seconds.
 */
const REFERENCE_TIMES = [1.3, 3.6, 6.4];
