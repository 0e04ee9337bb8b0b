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
import { spawnSync } from 'node:child_process';
import { STAGES } from '@app/engine';
import { normaliseForSpeech } from '@app/speech';
import { runCli } from '../apps/cli/src/cli';
import { io } from './support/cli-io';
import { rectsIntersect } from '@app/core';
import { greyThumbnail, hammingDistance, perceptualHash } from './support/perceptual-hash';

// Two 1080p outputs of the brief with its end slate: minutes on a busy shared 2-core machine.
jest.setTimeout(600_000);

const sample = path.resolve(__dirname, '../templates/news-brief/sample.geojson');
const ffmpeg = new FfmpegExecutor();

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

  // This file checks the delivery encode itself (H.264 High), so it renders with the default preset,
  // not the tier's faster one (test/servers/global-setup.ts), and gives the tier's back afterwards.
  const tierPreset = process.env.CLIPWRIGHT_ENCODE_PRESET;
  beforeAll(async () => {
    delete process.env.CLIPWRIGHT_ENCODE_PRESET;
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
  afterAll(async () => {
    if (tierPreset !== undefined) process.env.CLIPWRIGHT_ENCODE_PRESET = tierPreset;
    await fs.rm(work, { recursive: true, force: true });
  });

  it('exits 0 and leaves exactly the promised files, nothing half-written', async () => {
    expect(exitCode).toBe(0);
    expect((await fs.readdir(outDir)).sort()).toEqual(
      [
        'captions.srt',
        'captions.vtt',
        'captions.ttml',
        'clip-16x9.mp4',
        'clip-9x16.mp4',
        'result.json',
        'script.txt',
      ].sort(),
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
    expect(await fs.readFile(path.join(outDir, 'captions.ttml'), 'utf8')).toContain('xml:lang="en-us"');
    expect(result.captions.files).toEqual(['captions.srt', 'captions.vtt', 'captions.ttml']);
    // The captions ride in each MP4 too, as a mov_text track a player can switch on.
    expect(result.outputs.map((o) => o.subtitleTracks)).toEqual([1, 1]);
  });

  it.each([
    ['clip-16x9.mp4', 1920, 1080],
    ['clip-9x16.mp4', 1080, 1920],
  ])(
    '%s is H.264 High yuv420p %ix%i, AAC 48 kHz stereo, faststart, open + speech + map + end slate long',
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
      expect(Math.abs(probe.duration - (2.5 + result.speech.duration + 4 + 3))).toBeLessThanOrEqual(0.5);
    },
  );

  it.each([0, 1])(
    'output %i shows its graphics where and when result.json says (light panels on the dark set)',
    (n) => {
      const output = result.outputs[n];
      // Every layer of the timeline, bottom to top: the end slate, the map over it, the read over that
      // (its ground first), the open over that, captions on top.
      const kinds = (output.layers ?? []).map((l) => l.kind);
      expect(kinds).toEqual([
        'background',
        'dataCard',
        'lowerThird',
        'background',
        'map',
        'lowerThird',
        'background',
        'presenter',
        'dataCard',
        'lowerThird',
        'title',
        'captions',
        'label',
      ]);
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
        // The read's strap leaves before its scene ends: its place is the dark set again (where the
        // presenter does not stand behind it: in 9:16 the strap passes over the presenter's chest).
        const behind = output.presenter && rectsIntersect(layer.rect, output.presenter.rect);
        if (layer.kind === 'lowerThird' && layer.end + 0.5 < output.duration - 3 && !behind)
          expect(lum(layer.end + 0.5)).toBeLessThan(60);
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
    'clip-%s matches its reference frames (16:9: the render before the engine was restructured)',
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
    // The voice reads the script normalised for speech (numbers, units, abbreviations in words).
    const reading = normaliseForSpeech(result.script, { language: 'en-us' })
      .pieces.map((p) => p.text)
      .join(' ');
    expect(result.speech.segments).toEqual([
      { voice: 'en-us', text: reading, start: 2.5, end: expect.any(Number) },
    ]);
    // No signing key here: labelled but unsigned, and result.json says so.
    expect(result.warnings?.map((w) => w.code)).toEqual(['CONTENT_CREDENTIALS_UNSIGNED']);
    const timeline = result.outputs[0].timeline as {
      rate: string;
      duration: number;
      transitions: unknown[];
      layers: { kind: string; window: { start: number; end: number } }[];
    };
    expect(timeline.rate).toBe('30/1');
    // The map follows the read for 4 s (120 frames), the end slate lasts 3 s (90 frames).
    const slate = timeline.duration - 90;
    const map = slate - 120;
    expect(timeline.transitions).toEqual([
      { kind: 'crossfade', from: 0, to: 1, start: 75, duration: 12 },
      { kind: 'crossfade', from: 1, to: 2, start: map, duration: 12 },
      { kind: 'crossfade', from: 2, to: 3, start: slate, duration: 12 },
    ]);
    // The title holds on through the crossfade (75 + 12 frames), the strap ends 9 s into the read.
    expect(timeline.layers.map((l) => [l.kind, l.window.start])).toEqual([
      ['background', slate],
      ['dataCard', slate],
      ['lowerThird', slate],
      ['background', map],
      ['map', map],
      ['lowerThird', map + 9],
      ['background', 75],
      ['presenter', 75],
      ['dataCard', 93],
      ['lowerThird', 84],
      ['title', 0],
      ['captions', 75],
      ['label', 0],
    ]);
    expect(timeline.layers.find((l) => l.kind === 'title')?.window.end).toBe(87);
    expect(timeline.layers.find((l) => l.kind === 'lowerThird' && l.window.start === 84)?.window.end).toBe(
      75 + 270,
    );
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
