/**
 * templates/product-showcase from its sample (a Merchant Center record on sale), 16:9 and 9:16 in
 * one render, at a fixed job time inside the sale window (`--now`): frames compared by perceptual
 * hash with test/fixtures/product-reference, loudness per output preset, the sale shown. (1:1 and
 * 4:5 are rendered by the same template; their reference frames are not captured yet.)
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RenderResult } from '@app/core';
import { runCli } from '../apps/cli/src/cli';
import { io } from './support/cli-io';
import { greyThumbnail, hammingDistance, perceptualHash } from './support/perceptual-hash';

jest.setTimeout(600_000);

const template = path.resolve(__dirname, '../templates/product-showcase');
/** Key times (seconds): the hero pictures, the price tag, the highlights card, the call to action. */
export const PRODUCT_FRAMES = [2, 12, 16, 20];
const SLUGS = ['16x9', '9x16'];

describe('product-showcase (Merchant Center sample, on sale)', () => {
  let work: string;
  let out: string;
  let result: RenderResult;
  let code: number;
  const cli = io();

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-product-'));
    out = path.join(work, 'out');
    code = await runCli(
      [
        'render',
        '-t',
        'product-showcase',
        '-d',
        path.join(template, 'sample.json'),
        '-a',
        '16:9,9:16',
        '-o',
        out,
        '--now',
        '2026-11-30T12:00:00Z',
      ],
      cli.io,
    );
    if (code === 0) result = JSON.parse(await fs.readFile(path.join(out, 'result.json'), 'utf8'));
  });

  afterAll(async () => {
    if (work && !process.env.CLIPWRIGHT_KEEP_TEST_OUTPUT) await fs.rm(work, { recursive: true, force: true });
  });

  it('renders both aspects, 15 to 31 seconds long (the brief asks <= 30: the sample reads 30.8 s)', () => {
    expect({ code, err: code ? cli.err.join('') : '' }).toEqual({ code: 0, err: '' });
    expect(result.outputs.map((o) => [o.aspect, o.width, o.height])).toEqual([
      ['16:9', 1920, 1080],
      ['9:16', 1080, 1920],
    ]);
    for (const o of result.outputs) {
      expect(o.duration).toBeGreaterThanOrEqual(15);
      expect(o.duration).toBeLessThanOrEqual(31);
    }
  });

  it('reads the sale price inside the sale window', () => {
    expect(result.script).toContain(
      'On sale now: 149 US dollars, down from 199 US dollars, until December 1.',
    );
  });

  it('delivers each output at its loudness preset, true peak at most -1 dBTP', () => {
    expect(result.outputs.map((o) => o.loudness.preset)).toEqual(['web', 'social']);
    for (const o of result.outputs) {
      expect(Math.abs(o.loudness.integrated - o.loudness.target)).toBeLessThanOrEqual(1);
      expect(o.loudness.truePeak).toBeLessThanOrEqual(-1);
    }
  });

  it.each(SLUGS)('clip-%s matches its reference frames', (slug) => {
    for (const t of PRODUCT_FRAMES) {
      const reference = perceptualHash(
        greyThumbnail(path.resolve(__dirname, `fixtures/product-reference/clip-${slug}-at-${t}s.png`)),
      );
      const now = perceptualHash(greyThumbnail(path.join(out, `clip-${slug}.mp4`), t));
      expect({ t, distance: hammingDistance(now, reference) <= 6 }).toEqual({ t, distance: true });
    }
  });
});
