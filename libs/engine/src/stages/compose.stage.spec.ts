import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { PresenterLibrary } from '@app/presenter';
import type { GlyphChecker } from '../glyph-check';
import {
  jobFor,
  loadTestTemplate,
  manifestWith,
  useWorkspace,
  throughGenerate,
} from '../testing/engine.testing';
import { compose } from './compose.stage';

jest.setTimeout(120_000);

const presenters = path.resolve(__dirname, '../../../../models/presenters');

describe('compose stage', () => {
  const ws = useWorkspace('compose', false);

  async function composed(glyphs?: GlyphChecker) {
    const template = await loadTestTemplate(
      ws.root,
      manifestWith(
        [
          {
            id: 'open',
            duration: 2,
            layers: [{ type: 'title', kicker: 'News', title: 'Quake {{ data.mark }}' }],
          },
          {
            id: 'read',
            duration: 'speech',
            narration: 'One two three four five.',
            transition: { type: 'crossfade', duration: 0.5 },
            layers: [
              { type: 'background' },
              {
                type: 'image',
                src: 'map.png',
                motion: 'kenBurns',
                box: { x: 0.5, y: 0, width: 0.5, height: 0.5 },
              },
              { type: 'presenter', id: 'ada' },
              { type: 'lowerThird', title: 'Strap', start: 0.3, end: 1.5 },
              { type: 'captions' },
            ],
          },
        ],
        {
          outputs: [
            { aspect: '16:9', width: 640, height: 360 },
            { aspect: '9:16', width: 360, height: 640 },
          ],
        },
      ),
      { 'map.png': createCanvas(64, 48).toBuffer('image/png') },
    );
    const job = await throughGenerate(
      jobFor(template, ws.work, {
        item: { index: 0, id: 'x', path: '$', data: { mark: '\u{1FADC}' } },
        services: { presenters: new PresenterLibrary(presenters), ...(glyphs ? { glyphs } : {}) },
      }),
    );
    return { job, ...(await compose(job)) };
  }

  it('places every layer of every output on one timeline, in z-order, and compiles it', async () => {
    const { job, programs } = await composed();
    expect(programs.map((p) => p.output.aspect)).toEqual(['16:9', '9:16']);
    const [wide, tall] = programs;
    const t = wide.timeline;
    expect([t.duration, t.scenes.map((s) => [s.start, s.end, s.extent.end])]).toEqual([
      60 + 69,
      [
        [0, 60, 75],
        [60, 129, 129],
      ],
    ]);
    expect(t.layers.map((l) => [l.kind, l.plane, l.window.start, l.window.end])).toEqual([
      ['background', 'scene', 60, 129],
      ['image', 'scene', 60, 129],
      ['presenter', 'scene', 60, 129],
      ['lowerThird', 'scene', 69, 105],
      ['title', 'scene', 0, 75],
      ['captions', 'program', 60, 129],
      ['label', 'program', 0, 129],
    ]);
    expect(t.layers[1]).toMatchObject({
      rect: { x: 320, y: 0, width: 320, height: 180 },
      media: { type: 'still', file: 'image-s1-l1-16x9.png' },
      motion: { type: 'view', from: { x: 0, y: 0, width: 1, height: 1 } },
    });
    expect(t.audio).toEqual([
      {
        role: 'voice',
        clips: [{ file: 'voice-1.wav', start: 60, duration: 60, offset: 0 }],
        gain: 0,
        fadeIn: 0,
        fadeOut: 0,
      },
    ]);
    // The presenter streams its frames into the encode; its place is reported for result.json.
    expect(wide.command.streams.map((l) => l.kind)).toEqual(['presenter']);
    expect(wide.frames.get(wide.command.streams[0])).toEqual(expect.any(Function));
    expect(wide.fields.presenter).toMatchObject({ id: 'ada', placement: 'right-third' });
    expect(tall.fields.presenter).toMatchObject({ id: 'ada', placement: 'lower-half' });
    expect(tall.timeline.layers[1].rect).toEqual({ x: 180, y: 0, width: 180, height: 320 });
    expect(wide.command.args.join(' ')).toContain('xfade=transition=fade:duration=0.5:offset=2');
    const files = await fs.readdir(ws.work);
    for (const f of ['title-s0-l0-16x9.png', 'background-s1-l0-9x16.png', 'captions-s1-l4-16x9.ass'])
      expect(files).toContain(f);
    expect(job.warnings).toEqual([]);
  });

  it("draws the label profile's visible label over the program in every aspect, and tags the encode", async () => {
    const { job, programs } = await composed();
    for (const p of programs) {
      const label = p.timeline.layers[p.timeline.layers.length - 1];
      const short = Math.min(p.output.width, p.output.height);
      // eu: top right, inside the 90% title-safe area, text at least 2% of the shorter side.
      expect(label).toMatchObject({
        kind: 'label',
        plane: 'program',
        media: { type: 'still', opaque: false },
      });
      expect(label.rect.x + label.rect.width).toBeLessThanOrEqual(Math.floor(p.output.width * 0.95));
      expect(label.rect.y).toBe(Math.ceil(p.output.height * 0.05));
      expect(label.rect.height).toBeGreaterThanOrEqual(Math.ceil(short * 0.02));
      expect(p.label).toEqual({ text: 'AI-generated', language: 'en', start: 0, end: 129 / 30 });
      const png = await fs.readFile(path.join(ws.work, (label.media as { file: string }).file));
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([label.rect.width, label.rect.height]);
      const args = p.command.args.join(' ');
      expect(args).toContain(
        `-metadata AIGC={"Label":"1","ContentProducer":"Clipwright (ws-1)","ProduceID":"job-1"`,
      );
      expect(args).toContain(`-metadata comment=${job.provenance.labels.disclosure}`);
      expect(args).toContain('-movflags +faststart+use_metadata_tags');
      expect(p.command.args.filter((a) => a === '-movflags')).toHaveLength(1);
    }
  });

  it('warns about characters no font can draw, naming the field, and leaves them out of the picture', async () => {
    const glyphs: GlyphChecker = {
      missing: async (text, renderer) =>
        renderer === 'skia' && text.includes('\u{1FADC}') ? ['\u{1FADC}'] : [],
    };
    const { job } = await composed(glyphs);
    expect(job.warnings).toEqual([
      {
        code: 'GLYPH_MISSING',
        message: 'U+1FADC "\u{1FADC}" cannot be drawn by any installed font; the picture leaves it out',
        path: 'templates/test/template.json#$.scenes[0].layers[0].title',
      },
    ]);
  });
});
