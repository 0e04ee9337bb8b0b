/**
 * Reference frames of the data templates (market-close, match-result): one `clipwright render` of a
 * short item per template, both aspects in the one job, compared at key times with the frames in
 * test/fixtures/template-reference by perceptual hash, so a layout regression fails here.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RenderResult } from '@app/core';
import type { Timeline } from '@app/timeline';
import { runCli } from '../apps/cli/src/cli';
import { io } from './support/cli-io';
import { greyThumbnail, hammingDistance, perceptualHash } from './support/perceptual-hash';

// Two ~15 s 1080p outputs per template on a busy shared 2-core machine.
jest.setTimeout(300_000);

const fixtures = path.resolve(__dirname, 'fixtures/template-reference');

/** Seconds at which each template's frames are compared: the score or title, the chart mid-wipe and whole, the card. */
const cases: [string, number[]][] = [
  ['market-close', [1, 3.4, 8, 17.5]],
  ['match-result', [1, 4.3, 9, 17.5]],
];

describe.each(cases)('%s reference frames', (id, times) => {
  let work: string;
  let outDir: string;
  let exitCode: number;
  let result: RenderResult;

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), `cw-${id}-`));
    outDir = path.join(work, 'out');
    exitCode = await runCli(
      [
        'render',
        '--template',
        id,
        '--data',
        path.join(fixtures, `${id}.json`),
        '--select',
        '0',
        '--out',
        outDir,
        '--aspect',
        '16:9,9:16',
      ],
      io().io,
    );
    result = JSON.parse(await fs.readFile(path.join(outDir, 'result.json'), 'utf8')) as RenderResult;
  });
  afterAll(() => fs.rm(work, { recursive: true, force: true }));

  it('renders, its chart wiped on in both aspects inside the title-safe area', () => {
    expect(exitCode).toBe(0);
    for (const output of result.outputs) {
      const timeline = output.timeline as unknown as Timeline;
      const chart = timeline.layers.find((l) => l.kind === 'chart');
      expect(chart?.motion).toMatchObject({ type: 'wipe', direction: 'right' });
      const { width, height } = timeline.frame;
      const margin = (n: number): number => Math.floor(n * 0.05);
      expect(chart!.rect.x).toBeGreaterThanOrEqual(margin(width));
      expect(chart!.rect.y).toBeGreaterThanOrEqual(margin(height));
      expect(chart!.rect.x + chart!.rect.width).toBeLessThanOrEqual(width - margin(width));
      expect(chart!.rect.y + chart!.rect.height).toBeLessThanOrEqual(height - margin(height));
    }
  });

  it.each(['16x9', '9x16'])('clip-%s matches its reference frames', (slug) => {
    for (const t of times) {
      const reference = perceptualHash(greyThumbnail(path.join(fixtures, `${id}-${slug}-at-${t}s.png`)));
      const now = perceptualHash(greyThumbnail(path.join(outDir, `clip-${slug}.mp4`), t));
      expect({ t, close: hammingDistance(now, reference) <= 6 }).toEqual({ t, close: true });
    }
  });
});
