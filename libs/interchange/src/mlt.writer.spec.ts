import { XMLParser } from 'fast-xml-parser';
import { layerRect, writeMlt } from './mlt.writer';
import { sampleExport } from './testing/sample.export';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name, _path, _leaf, attribute) =>
    !attribute &&
    ['producer', 'playlist', 'tractor', 'entry', 'blank', 'track', 'transition', 'property'].includes(name),
});

const props = (node: J): Record<string, string> =>
  Object.fromEntries((node.property ?? []).map((p: J) => [p.name, String(p['#text'])]));

describe('writeMlt', () => {
  const x = sampleExport();
  const text = writeMlt(x);
  // The root's `producer` attribute (which tractor melt plays) would shadow the producer elements here.
  const mlt = (parser.parse(text.replace(' producer="main">', '>')) as J).mlt;
  const byId = new Map<string, J>(
    [...mlt.producer, ...mlt.playlist, ...mlt.tractor].map((n: J) => [n.id, n]),
  );
  /** Frames a playlist plays: blanks and entries (MLT `out` is inclusive). */
  const length = (playlist: J): number =>
    (playlist.blank ?? []).reduce((s: number, b: J) => s + Number(b.length), 0) +
    (playlist.entry ?? []).reduce((s: number, e: J) => s + Number(e.out) - Number(e.in) + 1, 0);

  it("has a profile of the output's size and rate", () => {
    expect(mlt.profile).toMatchObject({
      width: '1920',
      height: '1080',
      frame_rate_num: '30',
      frame_rate_den: '1',
      display_aspect_num: '16',
      display_aspect_den: '9',
      progressive: '1',
    });
    expect(mlt.producer.find((p: J) => p.id === 'black')).toBeDefined();
  });

  it('refers only to producers defined before it', () => {
    const seen = new Set<string>();
    expect(text).toMatch(/<mlt [^>]*producer="main">/);
    for (const m of text.matchAll(/<(producer|playlist|tractor) id="([^"]+)"|producer="([^"]+)"/g)) {
      if (m[2]) seen.add(m[2]);
      else if (m[3] !== 'main') expect(seen.has(m[3])).toBe(true);
    }
  });

  it('plays the scenes end to end for the whole clip, through a dissolve at the cut', () => {
    const scenes = byId.get('scenes')!;
    expect(length(scenes)).toBe(300);
    expect(scenes.entry.map((e: J) => [e.producer, Number(e.in), Number(e.out)])).toEqual([
      ['scene0', 0, 74],
      ['transition1', 0, 11],
      ['scene1', 12, 224],
    ]);
    const tr = byId.get('transition1')!;
    expect(tr.multitrack.track.map((t: J) => [t.producer, Number(t.in), Number(t.out)])).toEqual([
      ['scene0', 75, 86],
      ['scene1', 0, 11],
    ]);
    expect(props(tr.transition[0]).mlt_service).toBe('luma');
  });

  it("composites each scene layer over its scene at the model's frames", () => {
    for (const l of x.timeline.layers.filter((l) => l.plane === 'scene')) {
      const scene = x.timeline.scenes[l.scene];
      const tractor = byId.get(`scene${l.scene}`)!;
      const file = x.layers[l.id].path;
      const producer = mlt.producer.find((p: J) => props(p).resource === file);
      const track = (tractor.multitrack.track as J[]).findIndex((t) => {
        const playlist = byId.get(t.producer);
        return playlist?.entry?.some((e: J) => e.producer === producer.id);
      });
      const playlist = byId.get(tractor.multitrack.track[track].producer)!;
      const start = Number(playlist.blank?.[0]?.length ?? 0);
      expect(start + scene.extent.start).toBe(l.window.start);
      expect(length(playlist)).toBe(l.window.end - scene.extent.start);
      const composite = (tractor.transition as J[]).find((t) => props(t).b_track === String(track))!;
      expect(props(composite).mlt_service).toBe('affine');
      expect([Number(composite.in), Number(composite.out)]).toEqual([
        start,
        start + l.window.end - l.window.start - 1,
      ]);
    }
  });

  it('puts the label over the program and the voice on a mixed audio track', () => {
    const main = byId.get('main')!;
    const tracks = main.multitrack.track as J[];
    expect(tracks[0].producer).toBe('scenes');
    expect(tracks[tracks.length - 1].hide).toBe('video');
    const services = (main.transition as J[]).map((t) => props(t).mlt_service);
    expect(services).toEqual(['affine', 'mix']);
    const audio = byId.get(tracks[tracks.length - 1].producer)!;
    expect(Number(audio.blank[0].length)).toBe(75);
    expect(Number(audio.entry[0].out) - Number(audio.entry[0].in) + 1).toBe(216);
  });
});

describe('layerRect', () => {
  const t = sampleExport().timeline;
  const key = (rect: string): Map<number, number[]> =>
    new Map(
      rect.split(';').map((k) => {
        const [f, v] = k.split('=');
        return [Number(f), v.split(' ').map(Number)];
      }),
    );

  it('eases a slide out (cubic) to rest, frame by frame, and ramps the fades', () => {
    const lower = t.layers.find((l) => l.kind === 'lowerThird')!; // 150 frames, slide 12 from -1296, fades 5 / 9
    const k = key(layerRect(t, lower, false));
    expect(k.get(0)).toEqual([-1296, 0, 1920, 1080, 0]);
    expect(k.get(6)![0]).toBeCloseTo(-1296 * Math.pow(0.5, 3), 3);
    expect(k.get(12)).toEqual([0, 0, 1920, 1080, 1]);
    expect(k.get(5)![4]).toBe(1);
    expect(k.get(2)![4]).toBeCloseTo(0.4, 4);
    expect(k.get(145)![4]).toBeCloseTo(5 / 9, 4);
    expect(k.get(149)![4]).toBeCloseTo(1 / 9, 4);
  });

  it('leaves a motion already in the file alone', () => {
    const lower = t.layers.find((l) => l.kind === 'lowerThird')!;
    expect(key(layerRect(t, { ...lower, fadeIn: 0, fadeOut: 0 }, true)).get(0)).toEqual([
      0, 0, 1920, 1080, 1,
    ]);
  });
});
