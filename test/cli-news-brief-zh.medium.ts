/**
 * The Mandarin brief end to end, in one short render of both aspects: Chinese everywhere on screen
 * with no missing glyph, captions broken for Chinese (at most 16 wide characters a line), the cmn
 * voice, and reference frames by perceptual hash.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RenderResult } from '@app/core';
import { runCli } from '../apps/cli/src/cli';
import { io } from './support/cli-io';
import { greyThumbnail, hammingDistance, perceptualHash } from './support/perceptual-hash';

jest.setTimeout(300_000);

const sample = path.resolve(__dirname, '../templates/news-brief-zh/sample.geojson');
/** Title, the read (card, strap, captions), the source slate: seconds (test/fixtures/news-brief-zh-reference). */
const REFERENCE_TIMES = [1, 10, 22.5];

describe('clipwright render --template news-brief-zh', () => {
  let work: string;
  let outDir: string;
  let result: RenderResult;
  let exitCode: number;
  const { io: cliIo, err } = io();

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-zh-'));
    outDir = path.join(work, 'out');
    // The ridge item: the shorter reading of the two.
    exitCode = await runCli(
      ['render', '-t', 'news-brief-zh', '-d', sample, '-s', 'us7000abce', '-o', outDir, '-a', '16:9,9:16'],
      cliIo,
    );
    result = JSON.parse(await fs.readFile(path.join(outDir, 'result.json'), 'utf8')) as RenderResult;
  });
  afterAll(() => fs.rm(work, { recursive: true, force: true }));

  it('renders with the Mandarin voice and no missing glyph anywhere', () => {
    expect({ exitCode, err: exitCode ? err.join('') : '' }).toEqual({ exitCode: 0, err: '' });
    expect(result.warnings?.map((w) => w.code)).not.toContain('GLYPH_MISSING');
    expect(result.speech.segments?.map((s) => s.voice)).toContain('cmn');
  });

  it('breaks the captions for Chinese: at most 16 wide characters a line, never inside a word', async () => {
    const srt = await fs.readFile(path.join(outDir, 'captions.srt'), 'utf8');
    const lines = srt.split('\n').filter((l) => l && !/^\d+$|-->/.test(l));
    const wide = (l: string) => [...l].filter((c) => /[\u3000-\u9fff\uff00-\uffef]/.test(c)).length;
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect({ line, ok: wide(line) <= 16 }).toEqual({ line, ok: true });
    expect(lines.join('')).toContain('美国地质调查局');
  });

  it.each(['16x9', '9x16'])('clip-%s matches its reference frames', (slug) => {
    for (const t of REFERENCE_TIMES) {
      const now = perceptualHash(greyThumbnail(path.join(outDir, `clip-${slug}.mp4`), t));
      const reference = perceptualHash(
        greyThumbnail(path.resolve(__dirname, `fixtures/news-brief-zh-reference/clip-${slug}-at-${t}s.png`)),
      );
      expect({ t, close: hammingDistance(now, reference) <= 10 }).toEqual({ t, close: true });
    }
  });
});
