/**
 * The CLI's contract with scripts: feeds rendered item by item, and bad input answered with exit 2
 * and one clear message, the output folder untouched.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RenderResult } from '@app/core';
import { runCli } from '../apps/cli/src/cli';
import { io } from './support/cli-io';

jest.setTimeout(240_000);

const sample = path.resolve(__dirname, '../templates/news-brief/sample.geojson');

describe('clipwright render without --select', () => {
  it('renders one clip per item of the feed, each in a folder named by its id', async () => {
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-feed-'));
    try {
      const feed = JSON.parse(await fs.readFile(sample, 'utf8')) as { features: { id: string }[] };
      // Two short items: the sparse Mid-Atlantic event under two ids.
      feed.features = [feed.features[1], { ...feed.features[1], id: 'second/../id' }];
      await fs.writeFile(path.join(work, 'feed.json'), JSON.stringify(feed));
      const { io: cliIo } = io();
      const code = await runCli(
        [
          'render',
          '-t',
          'news-brief',
          '-d',
          path.join(work, 'feed.json'),
          '-o',
          path.join(work, 'out'),
          '-a',
          '16:9',
        ],
        cliIo,
      );
      expect(code).toBe(0);
      // Each item in its folder, and batch.json saying how each went.
      expect((await fs.readdir(path.join(work, 'out'))).sort()).toEqual([
        'batch.json',
        'second_.._id',
        'us7000abce',
      ]);
      const batch = JSON.parse(await fs.readFile(path.join(work, 'out', 'batch.json'), 'utf8')) as {
        items: { id: string; status: string; out: string }[];
      };
      expect(batch.items.map((i) => [i.id, i.status, i.out])).toEqual([
        ['us7000abce', 'done', 'us7000abce'],
        ['second/../id', 'done', 'second_.._id'],
      ]);
      const second = JSON.parse(
        await fs.readFile(path.join(work, 'out', 'second_.._id', 'result.json'), 'utf8'),
      ) as RenderResult;
      expect(second.item).toEqual({ index: 1, id: 'second/../id' });
      expect(second.outputs.map((o) => o.aspect)).toEqual(['16:9']);
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  });
});

describe('clipwright render: bad input gets exit 2 and one clear message', () => {
  let work: string;
  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-bad-'));
    await fs.writeFile(
      path.join(work, 'broken.json'),
      '{\n  "type": "FeatureCollection",\n  "features": [\n    {"id": "x",}\n  ]\n}',
    );
    const data = JSON.parse(await fs.readFile(sample, 'utf8')) as {
      features: { properties: Record<string, unknown> }[];
    };
    data.features[1].properties.mag = 'big';
    await fs.writeFile(path.join(work, 'mismatch.json'), JSON.stringify(data));
    await fs.mkdir(path.join(work, 'out'));
    await fs.writeFile(path.join(work, 'out', 'keep.txt'), 'earlier result');
  });
  afterAll(() => fs.rm(work, { recursive: true, force: true }));

  const cases: [string, string[], RegExp][] = [
    [
      'unknown template',
      ['--template', 'weather', '--data', sample],
      /^error TEMPLATE_NOT_FOUND: Unknown template "weather"; available: (\S+, )*news-brief,/,
    ],
    [
      'unreadable file',
      ['--template', 'news-brief', '--data', 'nope.geojson'],
      /^error DATA_UNREADABLE: Cannot read the data file nope\.geojson: no such file/,
    ],
    [
      'invalid JSON',
      ['--template', 'news-brief', '--data', '<work>/broken.json'],
      /^error DATA_INVALID_JSON: .*broken\.json is not valid JSON: .* at line 4, column 16/,
    ],
    [
      'schema mismatch',
      ['--template', 'news-brief', '--data', '<work>/mismatch.json', '--select', '1'],
      /^error DATA_SCHEMA_MISMATCH: .*\$\.features\[1\]\.properties\.mag must be number/,
    ],
    [
      'select out of range',
      ['--template', 'news-brief', '--data', sample, '--select', '7'],
      /^error SELECT_OUT_OF_RANGE: --select 7 is out of range: the data holds 2 items/,
    ],
    [
      'unknown aspect',
      ['--template', 'news-brief', '--data', sample, '--aspect', '4:3'],
      /^error INVALID_ARGUMENT: The template has no 4:3 output; it renders 16:9, 9:16/,
    ],
  ];

  it.each(cases)('%s', async (_name, args, message) => {
    const { io: cliIo, err } = io();
    const code = await runCli(
      ['render', '--out', path.join(work, 'out'), ...args.map((a) => a.replace('<work>', work))],
      cliIo,
    );
    expect(code).toBe(2);
    expect(err.join('')).toMatch(message);
    expect(err.join('')).not.toMatch(/\n\s+at /); // no stack trace
    expect(await fs.readdir(path.join(work, 'out'))).toEqual(['keep.txt']);
    expect(await fs.readdir(work)).toEqual(expect.not.arrayContaining([expect.stringMatching(/\.tmp-/)]));
  });

  it('a missing required option is a usage error (exit 2)', async () => {
    const { io: cliIo, err } = io();
    expect(await runCli(['render', '--template', 'news-brief'], cliIo)).toBe(2);
    expect(err.join('')).toMatch(/required option/);
  });

  it('cancelling mid-render exits 130 and leaves the output folder as it was', async () => {
    const { io: cliIo } = io();
    const controller = new AbortController();
    const out = path.join(work, 'out');
    const running = runCli(
      [
        'render',
        '--template',
        'news-brief',
        '--data',
        sample,
        '--select',
        '1',
        '--out',
        out,
        '--aspect',
        '16:9',
      ],
      { ...cliIo, stderr: (t: string) => (t.includes('compose') ? controller.abort() : undefined) },
      controller.signal,
    );
    expect(await running).toBe(130);
    expect(await fs.readdir(out)).toEqual(['keep.txt']);
    expect((await fs.readdir(work)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});
