/**
 * Caption delivery end to end through the CLI: the news brief rendered with the social caption style
 * in 9:16 and a Spanish translation (`--caption-translation es=...`). Every caption file is read by a
 * parser of its format, and the MP4's subtitle tracks by ffprobe.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { WebVTTParser } from 'webvtt-parser';
import { VERTICAL_UI_BANDS } from '@app/captions';
import type { RenderResult } from '@app/core';
import { runCli } from '../apps/cli/src/cli';
import { io } from './support/cli-io';

// One 1080x1920 render of the brief: minutes on a busy shared 2-core machine.
jest.setTimeout(600_000);

const templates = path.resolve(__dirname, '../templates');
const sample = path.resolve(templates, 'news-brief/sample.geojson');
const SPANISH =
  'Un sismo de magnitud de momento 5,8 sacudió a 38 kilómetros al suroeste de Hualien, Taiwán, el viernes, ' +
  'según el Servicio Geológico de Estados Unidos. El sismo tuvo 17 kilómetros de profundidad. ' +
  'El servicio ha recibido 112 reportes. La alerta PAGER es amarilla: son posibles algunas víctimas y daños.';

interface SubtitleStream {
  codec_name: string;
  tags?: { language?: string; handler_name?: string };
  disposition?: { default?: number };
}

function subtitleStreams(file: string): SubtitleStream[] {
  const r = spawnSync('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    's',
    '-show_entries',
    'stream=codec_name:stream_tags=language,handler_name:stream_disposition=default',
    '-of',
    'json',
    file,
  ]);
  return (JSON.parse(r.stdout.toString('utf8')) as { streams: SubtitleStream[] }).streams;
}

/** The cues of the MP4's subtitle track `n` as ffmpeg reads them back (SubRip text). */
function trackText(file: string, n: number): string {
  return spawnSync('ffmpeg', [
    '-v',
    'error',
    '-i',
    file,
    '-map',
    `0:s:${n}`,
    '-f',
    'srt',
    '-',
  ]).stdout.toString('utf8');
}

function srtTimes(text: string): [number, number][] {
  const sec = (s: string) => {
    const [h, m, rest] = s.trim().split(':');
    const [ss, ms] = rest.split(',');
    return Number(h) * 3600 + Number(m) * 60 + Number(ss) + Number(ms) / 1000;
  };
  return [...text.matchAll(/(\d\d:\d\d:\d\d,\d\d\d) --> (\d\d:\d\d:\d\d,\d\d\d)/g)].map((m) => [
    sec(m[1]),
    sec(m[2]),
  ]);
}

describe('caption files, tracks, styles and translations (news-brief, social style, 9:16)', () => {
  let work: string;
  let outDir: string;
  let result: RenderResult;
  let exitCode: number;

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-captions-'));
    // The news brief with its captions in the social style.
    await fs.cp(templates, path.join(work, 'templates'), { recursive: true });
    const file = path.join(work, 'templates/news-brief/template.json');
    const manifest = JSON.parse(await fs.readFile(file, 'utf8')) as {
      scenes: { layers: { type: string; style?: unknown }[] }[];
    };
    for (const scene of manifest.scenes)
      for (const layer of scene.layers) if (layer.type === 'captions') layer.style = 'social';
    await fs.writeFile(file, JSON.stringify(manifest));
    await fs.writeFile(path.join(work, 'es.txt'), '\uFEFF' + SPANISH);
    outDir = path.join(work, 'out');
    exitCode = await runCli(
      [
        'render',
        '-t',
        'news-brief',
        '--templates-dir',
        path.join(work, 'templates'),
        '-d',
        sample,
        '-s',
        'us7000abcd',
        '-o',
        outDir,
        '-a',
        '9:16',
        '--caption-translation',
        `es=${path.join(work, 'es.txt')}`,
      ],
      io().io,
    );
    result = JSON.parse(await fs.readFile(path.join(outDir, 'result.json'), 'utf8')) as RenderResult;
  });
  afterAll(() => fs.rm(work, { recursive: true, force: true }));

  it('writes SubRip, WebVTT and TTML for the captions and the translation, and lists them', async () => {
    expect(exitCode).toBe(0);
    expect((await fs.readdir(outDir)).sort()).toEqual(
      [
        'captions.srt',
        'captions.vtt',
        'captions.ttml',
        'captions.es.srt',
        'captions.es.vtt',
        'captions.es.ttml',
        'clip-9x16.mp4',
        'result.json',
        'script.txt',
      ].sort(),
    );
    expect(result.captions).toEqual({
      cues: expect.any(Number),
      files: ['captions.srt', 'captions.vtt', 'captions.ttml'],
      language: 'en-us',
      translations: [
        {
          language: 'es',
          cues: expect.any(Number),
          files: ['captions.es.srt', 'captions.es.vtt', 'captions.es.ttml'],
        },
      ],
    });
  });

  it.each([
    ['captions.vtt', 'en-us'],
    ['captions.es.vtt', 'es'],
  ])('%s passes the WebVTT parser with cues on the voice', async (name) => {
    const parsed = new WebVTTParser().parse(await fs.readFile(path.join(outDir, name), 'utf8'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.cues.length).toBeGreaterThan(2);
    // The read starts after the 2.5 s open; no cue before it, none past the clip.
    expect(parsed.cues[0].startTime).toBeGreaterThanOrEqual(2.5);
    expect(parsed.cues[parsed.cues.length - 1].endTime).toBeLessThanOrEqual(result.outputs[0].duration);
  });

  it('times the Spanish captions cue by cue to the English ones, with the whole translation', async () => {
    const en = new WebVTTParser().parse(await fs.readFile(path.join(outDir, 'captions.vtt'), 'utf8')).cues;
    const es = new WebVTTParser().parse(await fs.readFile(path.join(outDir, 'captions.es.vtt'), 'utf8')).cues;
    expect(es.map((c) => [c.startTime, c.endTime])).toEqual(en.map((c) => [c.startTime, c.endTime]));
    expect(es.map((c) => c.text.replace(/\n/g, ' ')).join(' ')).toBe(SPANISH);
    expect(result.captions.translations?.[0].cues).toBe(es.length);
  });

  it.each([
    ['captions.ttml', 'en-us'],
    ['captions.es.ttml', 'es'],
  ])('%s is an EBU-TT-D document in its language, with every cue', async (name, language) => {
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (n) => n === 'p',
    }).parse(await fs.readFile(path.join(outDir, name), 'utf8')) as {
      tt: { '@xml:lang': string; '@ttp:timeBase': string; body: { div: { p: unknown[] } } };
    };
    expect(doc.tt['@xml:lang']).toBe(language);
    expect(doc.tt['@ttp:timeBase']).toBe('media');
    const vtt = new WebVTTParser().parse(
      await fs.readFile(path.join(outDir, name.replace('.ttml', '.vtt')), 'utf8'),
    );
    expect(doc.tt.body.div.p).toHaveLength(vtt.cues.length);
  });

  it('muxes both languages into the MP4 as mov_text tracks, English the default', () => {
    const file = path.join(outDir, 'clip-9x16.mp4');
    expect(subtitleStreams(file)).toEqual([
      {
        codec_name: 'mov_text',
        tags: { language: 'eng', handler_name: 'American English' },
        disposition: { default: 1 },
      },
      {
        codec_name: 'mov_text',
        tags: { language: 'spa', handler_name: 'Español' },
        disposition: { default: 0 },
      },
    ]);
    expect(result.outputs[0].subtitleTracks).toBe(2);
    return fs.readFile(path.join(outDir, 'captions.srt'), 'utf8').then((srt) => {
      const track = srtTimes(trackText(file, 0));
      const sidecar = srtTimes(srt);
      expect(track.length).toBe(sidecar.length);
      track.forEach(([a, b], i) => {
        expect(Math.abs(a - sidecar[i][0])).toBeLessThanOrEqual(0.002);
        expect(Math.abs(b - sidecar[i][1])).toBeLessThanOrEqual(0.002);
      });
    });
  });

  it('burns social captions in above the band vertical-video apps cover', () => {
    const layer = result.outputs[0].layers?.find((l) => l.kind === 'captions');
    expect(layer).toBeDefined();
    const { rect } = layer!;
    expect(rect.y + rect.height).toBeLessThanOrEqual(1920 * (1 - VERTICAL_UI_BANDS.bottom));
    expect(rect.x).toBeGreaterThanOrEqual(1080 * VERTICAL_UI_BANDS.left);
    expect(rect.x + rect.width).toBeLessThanOrEqual(1080 * (1 - VERTICAL_UI_BANDS.right));
  });
});

describe('--caption-translation errors name the option and the language', () => {
  it.each([
    [['--caption-translation', 'es=/nonexistent/es.txt'], 'DATA_UNREADABLE', '--caption-translation es'],
    [['--caption-translation', 'es'], 'INVALID_ARGUMENT', '--caption-translation'],
    [['--caption-translation', `e s=${sample}`], 'INVALID_ARGUMENT', '--caption-translation e s'],
  ])('%j', async (extra, code, at) => {
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-captions-bad-'));
    try {
      const { io: cliIo, err } = io();
      const exit = await runCli(
        ['render', '-t', 'news-brief', '-d', sample, '-s', '0', '-o', path.join(work, 'out'), ...extra],
        cliIo,
      );
      expect(exit).toBe(2);
      expect(err.join('')).toContain(code);
      expect(err.join('')).toContain(at);
      expect(await fs.readdir(work)).toEqual([]);
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  });
});
