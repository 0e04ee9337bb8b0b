/**
 * Editable timelines (issue 14; docs/timelines.md): a two-scene clip without captions (crossfade,
 * Ken Burns picture, sliding and fading graphics, the presenter) rendered with
 * `--timeline otio,fcpxml,xmeml,mlt,edl`. The MLT export is rendered by Debian's `melt` (the engine
 * of Kdenlive and Shotcut) from the layered media alone, and its frames match Clipwright's own
 * clip by perceptual hash at ten points; the other files are parsed back against result.json.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RenderResult, TimelineExportRecord } from '@app/core';
import { XMLParser } from 'fast-xml-parser';
import { runCli } from '../apps/cli/src/cli';
import { io } from './support/cli-io';
import { greyThumbnail, hammingDistance, perceptualHash } from './support/perceptual-hash';

jest.setTimeout(400_000);

const templatesDir = path.resolve(__dirname, 'fixtures/templates');

function probe(file: string): Record<string, string> {
  const r = spawnSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'flat', file]);
  return Object.fromEntries(
    r.stdout
      .toString()
      .trim()
      .split('\n')
      .map((l) => {
        const [k, v] = l.split('=');
        return [k.replace(/^streams\.stream\.0\./, ''), v.replace(/^"|"$/g, '')];
      }),
  );
}

describe('a clip exported as editable timelines', () => {
  let work: string;
  let out: string;
  let folder: string;
  let result: RenderResult;
  let record: TimelineExportRecord;
  let code: number;
  let melt: ReturnType<typeof spawnSync>;

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-timeline-'));
    out = path.join(work, 'out');
    await fs.writeFile(path.join(work, 'quake.json'), JSON.stringify({ place: 'Hualien', mag: 5.8 }));
    const cli = io();
    code = await runCli(
      [
        'render',
        '-t',
        'uncaptioned-scenes',
        '--templates-dir',
        templatesDir,
        '-d',
        path.join(work, 'quake.json'),
        '-o',
        out,
        '--timeline',
        'mlt,otio,fcpxml,xmeml,edl',
      ],
      cli.io,
    );
    if (code !== 0) throw new Error(cli.err.join(''));
    result = JSON.parse(await fs.readFile(path.join(out, 'result.json'), 'utf8')) as RenderResult;
    record = result.timelines![0];
    folder = path.join(out, record.folder);
    // melt resolves the media against the MLT file's own folder.
    melt = spawnSync(
      'melt',
      [
        '-quiet',
        path.join(folder, 'clip-16x9.mlt'),
        '-consumer',
        `avformat:${path.join(work, 'melt.mp4')}`,
        'vcodec=libx264',
        'crf=16',
        'preset=veryfast',
        'an=1',
      ],
      { maxBuffer: 1 << 26 },
    );
  });
  afterAll(() => fs.rm(work, { recursive: true, force: true }));

  it('writes every format and its media folder beside the clip', async () => {
    expect(record.aspect).toBe('16:9');
    expect(record.formats).toEqual([
      { format: 'otio', files: ['clip-16x9.otio'] },
      { format: 'fcpxml', files: ['clip-16x9.fcpxml', 'clip-16x9.v1-9.fcpxml'] },
      { format: 'xmeml', files: ['clip-16x9.xml'] },
      { format: 'mlt', files: ['clip-16x9.mlt'] },
      { format: 'edl', files: ['clip-16x9.edl'] },
    ]);
    const onDisk = (await fs.readdir(path.join(folder, 'media'))).map((f) => `media/${f}`).sort();
    expect(onDisk).toEqual([...record.media].sort());
    expect(onDisk).toEqual(expect.arrayContaining(['media/captions.srt', 'media/voice-0.wav']));
  });

  it('gives the moving and streamed layers ProRes 4444 with alpha, graphics PNG with alpha, sound 48 kHz WAV', () => {
    const movies = record.media.filter((f) => f.endsWith('.mov'));
    expect(movies.map((f) => f.replace(/^media\/\d+-/, '')).sort()).toEqual([
      'facts-presenter.mov',
      'where-image.mov',
    ]);
    for (const m of movies) {
      const s = probe(path.join(folder, m));
      expect([s.codec_name, s.profile, s.width, s.height]).toEqual(['prores', '4444', '640', '360']);
      expect(s.pix_fmt).toMatch(/^yuva444p1[02]le$/);
    }
    const card = probe(
      path.join(
        folder,
        record.media.find((f) => f.endsWith('facts-dataCard.png'))!,
      ),
    );
    expect([card.codec_name, card.pix_fmt, card.width]).toEqual(['png', 'rgba', '640']);
    const voice = probe(path.join(folder, 'media/voice-0.wav'));
    expect([voice.codec_name, voice.sample_rate]).toEqual(['pcm_s24le', '48000']);
  });

  it("places every clip of the OTIO and xmeml files at the job's frames", async () => {
    const t = result.outputs[0].timeline as unknown as {
      duration: number;
      layers: { id: string; plane: string; window: { start: number; end: number } }[];
    };
    const otio = JSON.parse(await fs.readFile(path.join(folder, 'clip-16x9.otio'), 'utf8'));
    const seen: string[] = [];
    for (const track of otio.tracks.children.filter((k: { kind: string }) => k.kind === 'Video')) {
      let at = 0;
      for (const child of track.children) {
        if (child.OTIO_SCHEMA === 'Transition.1') continue;
        if (child.OTIO_SCHEMA === 'Clip.2') {
          const layer = t.layers.find((l) => l.id === child.metadata.clipwright.layer)!;
          expect(at).toBe(layer.window.start);
          expect(at + child.source_range.duration.value).toBeLessThanOrEqual(layer.window.end);
          const url = child.media_references.DEFAULT_MEDIA.target_url;
          await fs.access(path.join(folder, url));
          seen.push(layer.id);
        }
        at += child.source_range.duration.value;
      }
    }
    expect(seen.sort()).toEqual(t.layers.map((l) => l.id).sort());
    const xml = new XMLParser({ ignoreAttributes: false }).parse(
      await fs.readFile(path.join(folder, 'clip-16x9.xml'), 'utf8'),
    );
    expect(xml.xmeml.sequence.duration).toBe(t.duration);
    const fcp = await fs.readFile(path.join(folder, 'clip-16x9.fcpxml'), 'utf8');
    for (const m of fcp.matchAll(/src="([^"]+)"/g))
      await fs.access(path.join(folder, decodeURIComponent(m[1])));
    const edl = await fs.readFile(path.join(folder, 'clip-16x9.edl'), 'utf8');
    expect(edl).toContain('* FROM CLIP NAME: clip-16x9.mp4');
  });

  it('renders with melt to the same pictures as the clip at ten points', () => {
    expect(melt.status).toBe(0);
    const clip = path.join(out, 'clip-16x9.mp4');
    const other = path.join(work, 'melt.mp4');
    const seconds = result.outputs[0].duration;
    const distances = Array.from({ length: 10 }, (_, i) => {
      // Mid-frame times, so both decoders land on the same frame.
      const t = Math.round(((i + 0.5) * seconds * 30) / 10) / 30 + 1 / 60;
      return {
        t,
        d: hammingDistance(perceptualHash(greyThumbnail(clip, t)), perceptualHash(greyThumbnail(other, t))),
      };
    });
    expect(distances.filter((x) => x.d > 4)).toEqual([]);
  });
});
