import { XMLParser } from 'fast-xml-parser';
import { editLanes } from './edit-lanes';
import { writeFcpxml } from './fcpxml.writer';
import { parseFcpTime } from './rational';
import { sampleExport } from './testing/sample.export';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name, _path, _leaf, attribute) =>
    !attribute && ['asset', 'asset-clip', 'caption', 'marker', 'format'].includes(name),
});

/** Frames of an FCPXML time at 30 fps; fails unless it is a whole number (a multiple of 1/30 s). */
function frames(text: string): number {
  const { num, den } = parseFcpTime(text);
  expect((num * 30) % den).toBe(0);
  return (num * 30) / den;
}

describe.each(['1.10', '1.9'] as const)('writeFcpxml %s', (version) => {
  const x = sampleExport();
  const text = writeFcpxml(x, version);
  const doc = parser.parse(text) as J;
  const root = doc.fcpxml;
  const assets: J[] = root.resources.asset;
  const gap = root.library.event.project.sequence.spine.gap;
  const clips: J[] = gap['asset-clip'];

  it('is an fcpxml document of its version with a DOCTYPE', () => {
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<!DOCTYPE fcpxml>\n<fcpxml version="/);
    expect(root.version).toBe(version);
  });

  // FCPXML DTD rules written down: every reference resolves, ids are unique, times are frame multiples.
  it('references only resources that exist, with unique ids and a media-rep each', () => {
    const ids = [...root.resources.format, ...assets].map((r: J) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const sequence = root.library.event.project.sequence;
    expect(ids).toContain(sequence.format);
    for (const c of clips) expect(assets.map((a) => a.id)).toContain(c.ref);
    for (const a of assets) {
      expect(a['media-rep'].kind).toBe('original-media');
      expect(a['media-rep'].src).toMatch(/^media\//);
      if (a.hasVideo) expect(ids).toContain(a.format);
    }
    expect(root.resources.format[0].frameDuration).toBe('1/30s');
  });

  it('keeps every time a multiple of the frame duration, and every clip inside its parent', () => {
    const total = frames(gap.duration);
    expect(total).toBe(300);
    for (const item of [...clips, ...gap.caption]) {
      const offset = frames(item.offset);
      const duration = frames(item.duration);
      frames(item.start);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset + duration).toBeLessThanOrEqual(total);
    }
    for (const a of assets) frames(a.duration);
  });

  it("puts each layer on its lane with the model's frames and role", () => {
    const lanes = editLanes(x);
    const expected = lanes.flatMap((lane, i) => lane.map((c) => [i + 1, c.start, c.end, c.role]));
    const video = clips.filter((c) => Number(c.lane) > 0);
    expect(
      video.map((c) => [
        Number(c.lane),
        frames(c.offset),
        frames(c.offset) + frames(c.duration),
        c.videoRole,
      ]),
    ).toEqual(expected);
    const voice = clips.find((c) => Number(c.lane) < 0)!;
    expect([frames(voice.offset), frames(voice.duration), voice.audioRole]).toEqual([75, 216, 'dialogue']);
  });

  it('writes the captions as caption elements with the iTT role, text escaped', () => {
    const captions: J[] = gap.caption;
    expect(captions).toHaveLength(2);
    expect(captions[0].role).toBe('iTT?captionFormat=ITT.en');
    expect(captions.map((c) => [frames(c.offset), frames(c.duration)])).toEqual([
      [80, 70],
      [150, 135],
    ]);
    expect(captions[1].text['text-style']['#text']).toBe('near Tōkyō & <Chiba> this morning.');
    expect(text).toContain('near Tōkyō &amp; &lt;Chiba&gt;');
  });
});

describe('writeFcpxml at 29.97', () => {
  it('writes times in 1001/30000 s steps and drop-frame timecode format', () => {
    const base = sampleExport();
    const x = { ...base, timeline: { ...base.timeline, rate: { num: 30000, den: 1001 } } };
    const root = (parser.parse(writeFcpxml(x)) as J).fcpxml;
    expect(root.resources.format[0].frameDuration).toBe('1001/30000s');
    const sequence = root.library.event.project.sequence;
    expect(sequence.tcFormat).toBe('DF');
    expect(sequence.duration).toBe('1001/100s'); // 300 frames
  });
});
