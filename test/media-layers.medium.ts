/**
 * B-roll, a music bed, an effect and a loudness preset per output, rendered by the CLI in one job
 * (template: test/fixtures/templates/media-layers: a 2 s test-pattern clip with a 660 Hz tone, a
 * synthesised bed, a chime). Checked on the delivered files: the clip's picture where its box is,
 * each output's measured loudness against its preset, and the audio tracks the timeline records.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RenderResult } from '@app/core';
import { runCli } from '../apps/cli/src/cli';
import { io } from './support/cli-io';

jest.setTimeout(300_000);

const templatesDir = path.resolve(__dirname, 'fixtures/templates');
const clip = path.join(templatesDir, 'media-layers/assets/broll.mp4');

/**
 * RGB of one frame (`seconds` in), cropped and scaled to w x h by area averaging. RGB, not luma: the
 * render is BT.709 and the test clip BT.601, so their Y planes differ where their colours agree.
 */
function rgb(file: string, seconds: number, filter: string, w: number, h: number): Uint8Array {
  const r = spawnSync('ffmpeg', [
    '-v',
    'error',
    '-ss',
    String(seconds),
    '-i',
    file,
    '-frames:v',
    '1',
    '-vf',
    `${filter}scale=${w}:${h}:flags=area,format=rgb24`,
    '-f',
    'rawvideo',
    '-',
  ]);
  if (r.stdout.length !== w * h * 3)
    throw new Error(`no frame at ${seconds} s of ${file}: ${r.stderr.toString()}`);
  return new Uint8Array(r.stdout);
}

/** Mean absolute difference of two pictures of the same size, 0..255. */
function meanDifference(a: Uint8Array, b: Uint8Array): number {
  return a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length;
}

interface AudioRecord {
  role: string;
  gain: number;
  clips: { file: string; start: number; duration: number; loop?: boolean }[];
  ducking?: { under: string; depth: number };
}

describe('media layers: b-roll, music bed, effect, loudness presets', () => {
  let work: string;
  let out: string;
  let result: RenderResult;
  let code: number;
  const cli = io();

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-media-'));
    out = path.join(work, 'out');
    const data = path.join(work, 'item.json');
    await fs.writeFile(data, JSON.stringify({ place: 'Lisbon', mag: 4.2 }));
    code = await runCli(
      ['render', '--templates-dir', templatesDir, '-t', 'media-layers', '-d', data, '-o', out],
      cli.io,
    );
    if (code === 0) result = JSON.parse(await fs.readFile(path.join(out, 'result.json'), 'utf8'));
  });

  afterAll(async () => {
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  it('renders both outputs', () => {
    expect({ code, err: code ? cli.err.join('') : '' }).toEqual({ code: 0, err: '' });
    expect(result.outputs.map((o) => o.aspect)).toEqual(['16:9', '9:16']);
  });

  it('gives the media scene the length of its trimmed clip (2 s from 0.5 s in: 1.5 s)', () => {
    const t = result.outputs[0].timeline as { scenes: { id: string; start: number; end: number }[] };
    const broll = t.scenes[0];
    expect(broll.id).toBe('broll');
    // 25 fps: 37.5 frames, rounded up so nothing of the clip is cut.
    expect(broll.end - broll.start).toBeGreaterThanOrEqual(38);
    expect(broll.end - broll.start).toBeLessThanOrEqual(39);
  });

  it("shows the clip's picture in its box, cropped by cover around the centre", () => {
    // 16:9 is 640x360; the box is the top half (640x180, 32:9): cover keeps the middle half of the
    // 320x180 clip's rows. At 0.6 s the clip plays from 0.5 + 0.6 = 1.1 s into the file.
    // The left three quarters: the AI label sits in the top right corner.
    const shown = rgb(path.join(out, 'clip-16x9.mp4'), 0.6, 'crop=480:180:0:0,', 48, 18);
    const expected = rgb(clip, 1.1, 'crop=iw*3/4:ih/2:0:ih/4,', 48, 18);
    const other = rgb(clip, 1.1, 'crop=iw*3/4:ih/2:0:0,', 48, 18);
    expect(meanDifference(shown, expected)).toBeLessThan(10);
    // The crop is where it should be: the top rows of the clip would differ more.
    expect(meanDifference(shown, other)).toBeGreaterThan(meanDifference(shown, expected) + 10);
  });

  it('measures each output on the delivered file at its preset, true peak at most -1 dBTP', () => {
    const [web, social] = result.outputs;
    expect(web.loudness).toMatchObject({ preset: 'web', target: -16 });
    expect(social.loudness).toMatchObject({ preset: 'social', target: -14 });
    for (const o of result.outputs) {
      expect(Math.abs(o.loudness.integrated - o.loudness.target)).toBeLessThanOrEqual(1);
      expect(o.loudness.truePeak).toBeLessThanOrEqual(-1);
    }
  });

  it('records the voice, the clip sound, the bed ducked under the voice and the effect on the timeline', () => {
    const audio = (result.outputs[0].timeline as { audio: AudioRecord[] }).audio;
    expect(audio.map((a) => a.role)).toEqual(['voice', 'effects', 'music', 'effects']);
    const [, clipSound, bed, chime] = audio;
    expect(clipSound.gain).toBe(-12);
    expect(bed).toMatchObject({ ducking: { under: 'voice', depth: 12 }, gain: -6 });
    // The bed runs from frame 0 to the clip's end, looping if the clip outlasts it.
    expect(bed.clips[0]).toMatchObject({
      start: 0,
      duration: result.outputs[0].timeline!.duration,
      loop: true,
    });
    const read = (result.outputs[0].timeline as { scenes: { start: number }[] }).scenes[1];
    expect(chime.clips[0]).toMatchObject({ start: read.start + 5 });
  });

  it('fails an unreadable clip at bind, with MEDIA_UNREADABLE naming the layer field', async () => {
    const templates = path.join(work, 'templates');
    await fs.cp(path.join(templatesDir, 'media-layers'), path.join(templates, 'media-layers'), {
      recursive: true,
    });
    await fs.writeFile(path.join(templates, 'media-layers/assets/broll.mp4'), 'not a video at all');
    const data = path.join(work, 'item.json');
    const bad = io();
    const exit = await runCli(
      [
        'render',
        '--templates-dir',
        templates,
        '-t',
        'media-layers',
        '-d',
        data,
        '-o',
        path.join(work, 'bad'),
      ],
      bad.io,
    );
    expect(exit).toBe(2);
    const err = bad.err.join('');
    expect(err).toContain('MEDIA_UNREADABLE');
    expect(err).toContain('templates/media-layers/template.json#$.scenes[0].layers[1].src');
  });
});
