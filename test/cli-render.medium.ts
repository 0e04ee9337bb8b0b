/**
 * The main job end to end, as a user runs it: `clipwright render` on the USGS sample, checked the
 * way a broadcaster's QC would (ffprobe, faststart, EBU R128, caption rules and sync).
 */
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkCues, Cue } from '@app/captions';
import type { RenderResult } from '@app/core';
import { buildEbur128Args, FfmpegExecutor, parseEbur128Summary } from '@app/media';
import { bestLag, mouthOpenness } from '@app/presenter';
import { spawnSync } from 'node:child_process';
import { STAGES } from '@app/engine';
import { runCli } from '../apps/cli/src/cli';
import { greyThumbnail, hammingDistance, perceptualHash } from './support/perceptual-hash';

jest.setTimeout(240_000);

const sample = path.resolve(__dirname, '../templates/news-brief/sample.geojson');
const ffmpeg = new FfmpegExecutor();

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), isTty: false },
  };
}

/** moov before mdat: the player can start before the whole file has arrived. */
async function moovFirst(file: string): Promise<boolean> {
  const buf = await fs.readFile(file);
  for (let at = 0; at + 8 <= buf.length;) {
    let size = buf.readUInt32BE(at);
    const kind = buf.toString('latin1', at + 4, at + 8);
    if (kind === 'moov') return true;
    if (kind === 'mdat') return false;
    if (size === 1) size = Number(buf.readBigUInt64BE(at + 8));
    if (size < 8) return false;
    at += size;
  }
  return false;
}

function parseSrt(text: string): Cue[] {
  const sec = (s: string) => {
    const [h, m, rest] = s.trim().split(':');
    const [ss, ms] = rest.split(',');
    return Number(h) * 3600 + Number(m) * 60 + Number(ss) + Number(ms) / 1000;
  };
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((block) => block.split('\n'))
    .map(([, times, ...lines]) => {
      const [a, b] = times.split('-->');
      return { start: sec(a), end: sec(b), lines };
    });
}

/** Where speech resumes after a pause of >= 0.2 s, measured on the delivered file itself. */
async function speechOnsets(file: string, total: number): Promise<number[]> {
  const { stderr } = await ffmpeg.run([
    '-hide_banner',
    '-nostats',
    '-i',
    file,
    '-af',
    'silencedetect=n=-35dB:d=0.2',
    '-f',
    'null',
    '-',
  ]);
  return [...stderr.matchAll(/silence_end: ([\d.]+)/g)]
    .map((m) => Number(m[1]))
    .filter((t) => t < total - 0.1);
}

describe('clipwright render (news-brief, USGS feed)', () => {
  let work: string;
  let outDir: string;
  let result: RenderResult;
  let exitCode: number;

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-e2e-'));
    outDir = path.join(work, 'quake');
    const { io: cliIo } = io();
    exitCode = await runCli(
      [
        'render',
        '--template',
        'news-brief',
        '--data',
        sample,
        '--select',
        'us7000abcd',
        '--out',
        outDir,
        '--aspect',
        '16:9,9:16',
      ],
      cliIo,
    );
    result = JSON.parse(await fs.readFile(path.join(outDir, 'result.json'), 'utf8')) as RenderResult;
  });
  afterAll(() => fs.rm(work, { recursive: true, force: true }));

  it('exits 0 and leaves exactly the promised files, nothing half-written', async () => {
    expect(exitCode).toBe(0);
    expect((await fs.readdir(outDir)).sort()).toEqual(
      ['captions.srt', 'captions.vtt', 'clip-16x9.mp4', 'clip-9x16.mp4', 'result.json', 'script.txt'].sort(),
    );
    expect(await fs.readdir(work)).toEqual(['quake']);
  });

  it('writes a result manifest with digest, outputs, cues and stage times', async () => {
    expect(result.template).toEqual({ id: 'news-brief', version: 1 });
    expect(result.item).toEqual({ index: 0, id: 'us7000abcd' });
    expect(result.inputsDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(result.outputs.map((o) => [o.aspect, o.path, o.width, o.height])).toEqual([
      ['16:9', 'clip-16x9.mp4', 1920, 1080],
      ['9:16', 'clip-9x16.mp4', 1080, 1920],
    ]);
    // Every stage, in the order it ran, under the one spelling (libs/engine/src/stage.ts).
    expect(Object.keys(result.stages)).toEqual(STAGES);
    const srt = parseSrt(await fs.readFile(path.join(outDir, 'captions.srt'), 'utf8'));
    expect(result.captions.cues).toBe(srt.length);
    expect((await fs.readFile(path.join(outDir, 'script.txt'), 'utf8')).trim()).toBe(result.script);
    expect(await fs.readFile(path.join(outDir, 'captions.vtt'), 'utf8')).toMatch(/^WEBVTT\n/);
  });

  it.each([
    ['clip-16x9.mp4', 1920, 1080],
    ['clip-9x16.mp4', 1080, 1920],
  ])(
    '%s is H.264 High yuv420p %ix%i, AAC 48 kHz stereo, faststart, open + speech long',
    async (name, w, h) => {
      const file = path.join(outDir, name);
      const probe = await ffmpeg.probe(file);
      expect(probe.video).toMatchObject({
        codec: 'h264',
        profile: 'High',
        pixFmt: 'yuv420p',
        width: w,
        height: h,
        frameRate: '30/1',
      });
      expect(probe.audio).toEqual({ codec: 'aac', sampleRate: 48000, channels: 2 });
      expect(await moovFirst(file)).toBe(true);
      expect(Math.abs(probe.duration - (2.5 + result.speech.duration))).toBeLessThanOrEqual(0.5);
    },
  );

  it.each([0, 1])(
    'output %i shows its graphics where and when result.json says (light panels on the dark set)',
    (n) => {
      const output = result.outputs[n];
      // Every layer of the timeline, bottom to top: the read (its ground first), the open over it, captions on top.
      const kinds = (output.layers ?? []).map((l) => l.kind);
      expect(kinds).toEqual(['background', 'presenter', 'dataCard', 'lowerThird', 'title', 'captions']);
      for (const layer of output.layers ?? []) {
        if (layer.kind !== 'dataCard' && layer.kind !== 'lowerThird') continue;
        const mid = (layer.start + Math.min(layer.end, layer.start + 6)) / 2;
        const { x, y, width, height } = layer.rect;
        const lum = (t: number) => {
          const r = spawnSync(
            'ffmpeg',
            [
              '-v',
              'error',
              '-ss',
              String(t),
              '-i',
              path.join(outDir, output.path),
              '-frames:v',
              '1',
              '-vf',
              `crop=${width}:${height}:${x}:${y},format=gray`,
              '-f',
              'rawvideo',
              '-',
            ],
            { maxBuffer: 1 << 26 },
          );
          return r.stdout.reduce((a, b) => a + b, 0) / r.stdout.length;
        };
        expect({ kind: layer.kind, bright: lum(mid) > 90 }).toEqual({ kind: layer.kind, bright: true });
        // The strap leaves before the end: its place is the dark set again.
        if (layer.kind === 'lowerThird') expect(lum(layer.end + 0.5)).toBeLessThan(60);
      }
    },
  );

  it.each(['clip-16x9.mp4', 'clip-9x16.mp4'])(
    '%s measures -23 LUFS +-1 LU with true peak <= -1 dBTP',
    async (name) => {
      const loud = parseEbur128Summary((await ffmpeg.run(buildEbur128Args(path.join(outDir, name)))).stderr);
      expect(Math.abs(loud.integrated - -23)).toBeLessThanOrEqual(1);
      expect(loud.truePeak).toBeLessThanOrEqual(-1);
      const reported = result.outputs.find((o) => o.path === name);
      expect(reported?.loudness.integrated).toBeCloseTo(loud.integrated, 1);
    },
  );

  it.each(['16x9', '9x16'])(
    'clip-%s matches the frames of the render before the engine was restructured',
    (slug) => {
      // Reference frames (test/fixtures/demo-reference) were taken from the previous engine's render of
      // this item; a pHash differs by 14 bits or more between any two of them, by at most 2 from ours.
      for (const t of [1, 6, 20]) {
        const reference = perceptualHash(
          greyThumbnail(path.resolve(__dirname, `fixtures/demo-reference/clip-${slug}-at-${t}s.png`)),
        );
        const now = perceptualHash(greyThumbnail(path.join(outDir, `clip-${slug}.mp4`), t));
        expect({ t, distance: hammingDistance(now, reference) <= 6 }).toEqual({ t, distance: true });
      }
    },
  );

  it.each(['clip-16x9.mp4', 'clip-9x16.mp4'])(
    '%s is tagged BT.709 (primaries, transfer, matrix) with limited range, in the stream and the container',
    (name) => {
      const probe = spawnSync(
        'ffprobe',
        [
          '-v',
          'error',
          '-select_streams',
          'v:0',
          '-show_entries',
          'stream=color_primaries,color_transfer,color_space,color_range',
          '-of',
          'json',
          path.join(outDir, name),
        ],
        { encoding: 'utf8' },
      );
      expect(JSON.parse(probe.stdout).streams[0]).toEqual({
        color_range: 'tv',
        color_space: 'bt709',
        color_transfer: 'bt709',
        color_primaries: 'bt709',
      });
      // The container's own colour box (ISO/IEC 14496-12 'colr', type 'nclx': 1/1/1, limited range).
      const mp4 = readFileSync(path.join(outDir, name));
      const at = mp4.indexOf('colrnclx', 0, 'latin1');
      expect(at).toBeGreaterThan(0);
      expect([...mp4.subarray(at + 8, at + 15)]).toEqual([0, 1, 0, 1, 0, 1, 0]);
    },
  );

  it('records what the voice read, segment by segment, and every layer window from the timeline', () => {
    expect(result.speech.segments).toEqual([
      { voice: 'en-us', text: result.script, start: 2.5, end: expect.any(Number) },
    ]);
    expect(result.warnings).toEqual([]);
    const timeline = result.outputs[0].timeline as {
      rate: string;
      duration: number;
      transitions: unknown[];
      layers: { kind: string; window: { start: number; end: number } }[];
    };
    expect(timeline.rate).toBe('30/1');
    expect(timeline.transitions).toEqual([{ kind: 'crossfade', from: 0, to: 1, start: 75, duration: 12 }]);
    // The title holds on through the crossfade (75 + 12 frames), the strap ends 9 s into the read.
    expect(timeline.layers.map((l) => [l.kind, l.window.start])).toEqual([
      ['background', 75],
      ['presenter', 75],
      ['dataCard', 93],
      ['lowerThird', 84],
      ['title', 0],
      ['captions', 75],
    ]);
    expect(timeline.layers.find((l) => l.kind === 'title')?.window.end).toBe(87);
    expect(timeline.layers.find((l) => l.kind === 'lowerThird')?.window.end).toBe(75 + 270);
  });

  it('has captions within the broadcast rules, each speech onset after a pause cued within 150 ms', async () => {
    const cues = parseSrt(await fs.readFile(path.join(outDir, 'captions.srt'), 'utf8'));
    expect(checkCues(cues)).toEqual([]);
    const file = path.join(outDir, 'clip-16x9.mp4');
    const onsets = await speechOnsets(file, (await ffmpeg.probe(file)).duration);
    expect(onsets.length).toBeGreaterThanOrEqual(4);
    for (const t of onsets) {
      const nearest = Math.min(...cues.map((c) => Math.abs(c.start - t)));
      expect({ onset: t, nearest: nearest <= 0.15 }).toEqual({ onset: t, nearest: true });
    }
  });
});

/**
 * Lip sync measured from the delivered file alone: the mouth region's openness frame by frame
 * against the audio's loudness frame by frame. EBU R37: audio may lead the picture by at most 40 ms
 * and lag it by at most 60 ms, so at 30 fps the best lag must be -1, 0 or +1 frame.
 */
function lipSync(file: string, mouth: { x: number; y: number; width: number; height: number }, from: number) {
  const fps = 30;
  const video = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-ss',
      String(from),
      '-i',
      file,
      '-vf',
      `crop=${mouth.width}:${mouth.height}:${mouth.x}:${mouth.y},format=rgba`,
      '-f',
      'rawvideo',
      '-',
    ],
    { maxBuffer: 1 << 30 },
  ).stdout;
  const audio = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-ss', String(from), '-i', file, '-ac', '1', '-ar', '48000', '-f', 's16le', '-'],
    {
      maxBuffer: 1 << 30,
    },
  ).stdout;
  const frameBytes = mouth.width * mouth.height * 4;
  const openness: number[] = [];
  for (let at = 0; at + frameBytes <= video.length; at += frameBytes) {
    openness.push(
      mouthOpenness(video.subarray(at, at + frameBytes), mouth.width, mouth.height, {
        x: 0,
        y: 0,
        width: mouth.width,
        height: mouth.height,
      }),
    );
  }
  const perFrame = 48000 / fps;
  const loudness: number[] = [];
  for (let f = 0; (f + 1) * perFrame * 2 <= audio.length; f++) {
    let sum = 0;
    for (let i = 0; i < perFrame; i++) sum += audio.readInt16LE((f * perFrame + i) * 2) ** 2;
    loudness.push(Math.sqrt(sum / perFrame));
  }
  return bestLag(openness, loudness, -4, 4);
}

describe('the presenter in the rendered brief', () => {
  it.each(['clip-16x9.mp4', 'clip-9x16.mp4'])(
    '%s: the mouth moves with the voice, within EBU R37',
    async (name) => {
      const work = path.join(os.tmpdir(), 'cw-e2e-lipsync');
      await fs.rm(work, { recursive: true, force: true });
      const cliIo = io().io;
      const aspect = name === 'clip-16x9.mp4' ? '16:9' : '9:16';
      expect(
        await runCli(
          ['render', '-t', 'news-brief', '-d', sample, '-s', '1', '-o', work, '-a', aspect],
          cliIo,
        ),
      ).toBe(0);
      const result = JSON.parse(await fs.readFile(path.join(work, 'result.json'), 'utf8')) as RenderResult;
      const presenter = result.outputs[0].presenter;
      expect(presenter?.id).toBe('ada');
      // After the title has crossfaded away (open 2.5 s + 0.4 s).
      const { lag, r } = lipSync(path.join(work, name), presenter!.mouth, 3);
      await fs.rm(work, { recursive: true, force: true });
      expect(r).toBeGreaterThan(0.3);
      expect([-1, 0, 1]).toContain(lag);
    },
  );
});

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
      /^error TEMPLATE_NOT_FOUND: Unknown template "weather"; available: news-brief/,
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
