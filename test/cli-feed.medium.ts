/**
 * What real feeds send: other scripts and emoji, blank fields, impossible values, and a bad item
 * among good ones. Each item is validated and rendered on its own; batch.json says how each went.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RenderResult } from '@app/core';
import { runCli } from '../apps/cli/src/cli';
import type { BatchReport } from '../apps/cli/src/batch.report';

jest.setTimeout(600_000);

const sample = path.resolve(__dirname, '../templates/news-brief/sample.geojson');
/** U+1FADC (Unicode 15): no font installed here has it. */
const NO_FONT = '\u{1FADC}';

describe('a feed with hostile and broken items', () => {
  let work: string;
  let out: string;
  let code: number;
  let stderr: string;
  let batch: BatchReport;

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-feed-'));
    out = path.join(work, 'out');
    const feed = JSON.parse(await fs.readFile(sample, 'utf8')) as {
      features: { id: string; properties: Record<string, unknown> }[];
    };
    const base = feed.features[1];
    const item = (id: string, properties: Record<string, unknown>) => ({
      ...base,
      id,
      properties: { ...base.properties, ...properties },
    });
    feed.features = [
      item('cjk', { place: '台湾花莲县海域 🌋' }),
      item('no-mag', { mag: null }),
      item('blank-place', { place: '   ' }),
      item('far-future', { time: 1e20 }),
      item('no-font', { place: `Ridge ${NO_FONT}` }),
    ];
    await fs.writeFile(path.join(work, 'feed.json'), JSON.stringify(feed));
    const err: string[] = [];
    code = await runCli(
      ['render', '-t', 'news-brief', '-d', path.join(work, 'feed.json'), '-o', out, '-a', '16:9'],
      { stdout: () => undefined, stderr: (t) => void err.push(t), isTty: false },
    );
    stderr = err.join('');
    batch = JSON.parse(await fs.readFile(path.join(out, 'batch.json'), 'utf8')) as BatchReport;
  });
  afterAll(() => fs.rm(work, { recursive: true, force: true }));

  it('renders the good items, fails each bad one alone on its JSON path, and exits 2', () => {
    expect(code).toBe(2);
    expect(batch.items.map((i) => [i.id, i.status, i.error?.code, i.error?.path, i.out])).toEqual([
      ['cjk', 'done', undefined, undefined, 'cjk'],
      ['no-mag', 'failed', 'DATA_SCHEMA_MISMATCH', '$.features[1].properties.mag', undefined],
      ['blank-place', 'failed', 'DATA_SCHEMA_MISMATCH', '$.features[2].properties.place', undefined],
      ['far-future', 'failed', 'DATA_SCHEMA_MISMATCH', '$.features[3].properties.time', undefined],
      ['no-font', 'done', undefined, undefined, 'no-font'],
    ]);
    expect(batch.items[2].error?.message).toMatch(/place is required but blank$/);
    expect(batch.items[3].error?.message).toMatch(/time must be <= 8640000000000000$/);
    expect(batch.summary).toEqual({ total: 5, done: 2, failed: 3 });
    expect(stderr).toContain(`2 of 5 items rendered, 3 failed; see ${path.join(out, 'batch.json')}`);
    expect(stderr).toMatch(
      /failed item no-mag \(\$\.features\[1\]\): DATA_SCHEMA_MISMATCH: .*mag must be number/,
    );
  });

  it('draws Chinese and an emoji with the installed fonts (no glyph warning); the emoji is left out of the reading', async () => {
    const result = JSON.parse(await fs.readFile(path.join(out, 'cjk/result.json'), 'utf8')) as RenderResult;
    // No signing key here: labelled but unsigned, and result.json says so; nothing about glyphs.
    expect(result.warnings?.map((w) => w.code).sort()).toEqual([
      'CONTENT_CREDENTIALS_UNSIGNED',
      'EMOJI_NOT_READ',
    ]);
    expect(result.warnings?.find((w) => w.code === 'EMOJI_NOT_READ')).toEqual({
      code: 'EMOJI_NOT_READ',
      message: 'The emoji 🌋 was left out of the reading',
      // The data field it came from, not the narration that quoted it: that is what the user changes.
      path: '$.features[0].properties.place',
    });
    // The place is read by the Mandarin voice, never spelled as letter names by the English one.
    expect(result.speech.segments?.map((s) => s.voice)).toEqual(['en-us', 'cmn', 'en-us']);
    // Frames looked at when this was written: title, strap and captions show 台湾花莲县海域 and the volcano.
    const title = spawnSync('ffmpeg', [
      '-v',
      'error',
      '-ss',
      '1',
      '-i',
      path.join(out, 'cjk/clip-16x9.mp4'),
      '-frames:v',
      '1',
      '-f',
      'null',
      '-',
    ]);
    expect(title.status).toBe(0);
  });

  it('reports a character no font has, on every field that holds it, and leaves it out of the picture', async () => {
    const result = JSON.parse(
      await fs.readFile(path.join(out, 'no-font/result.json'), 'utf8'),
    ) as RenderResult;
    const at = (p: string) => `templates/news-brief/template.json#${p}`;
    // Each warning once; their order follows the stages that found them.
    expect(result.warnings?.map((w) => `${w.code} ${w.path}`).sort()).toEqual(
      [
        'CONTENT_CREDENTIALS_UNSIGNED CLIPWRIGHT_C2PA_KEY',
        'EMOJI_NOT_READ $.features[4].properties.place',
        `GLYPH_MISSING ${at('$.scenes[1].narration')}`,
        `GLYPH_MISSING ${at('$.scenes[0].layers[0].title')}`,
        `GLYPH_MISSING ${at('$.scenes[1].layers[3].subtitle')}`,
        // The locator map's label names the place too.
        `GLYPH_MISSING ${at('$.scenes[2].layers[1].label')}`,
      ].sort(),
    );
    expect(result.warnings?.find((w) => w.path === at('$.scenes[0].layers[0].title'))?.message).toBe(
      `U+1FADC "${NO_FONT}" cannot be drawn by any installed font; the picture leaves it out`,
    );
    // The sidecar captions keep the text as written; players have their own fonts.
    expect(await fs.readFile(path.join(out, 'no-font/captions.srt'), 'utf8')).toContain(NO_FONT);
  });
});
