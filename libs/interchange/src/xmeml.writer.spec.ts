import { XMLParser } from 'fast-xml-parser';
import { editLanes } from './edit-lanes';
import { sampleExport } from './testing/sample.export';
import { writeXmeml } from './xmeml.writer';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name, _path, _leaf, attribute) =>
    !attribute && ['track', 'clipitem', 'transitionitem'].includes(name),
});

/** What the FCP7 XML reference requires of every clipitem. */
const REQUIRED = ['name', 'duration', 'rate', 'start', 'end', 'in', 'out', 'file'];

describe('writeXmeml', () => {
  const x = sampleExport();
  const text = writeXmeml(x);
  const sequence = (parser.parse(text) as J).xmeml.sequence;
  const videoTracks: J[] = sequence.media.video.track;
  const items = (tracks: J[]): J[] => tracks.flatMap((t) => t.clipitem ?? []);

  it('is xmeml version 4 at the timeline rate and size', () => {
    expect(text).toMatch(/<!DOCTYPE xmeml>\n<xmeml version="4">/);
    expect(sequence.rate).toEqual({ timebase: 30, ntsc: 'FALSE' });
    expect(sequence.duration).toBe(300);
    const sc = sequence.media.video.format.samplecharacteristics;
    expect([sc.width, sc.height]).toEqual([1920, 1080]);
    expect(sequence.timecode.displayformat).toBe('NDF');
  });

  it('gives every clipitem the required elements, and describes each file in full once', () => {
    const all = [...items(videoTracks), ...items(sequence.media.audio.track)];
    const described = new Set<string>();
    for (const item of all) {
      for (const k of REQUIRED) expect(item).toHaveProperty(k);
      expect(item.rate.timebase).toBe(30);
      const file = item.file;
      if (file.pathurl !== undefined) {
        expect(described.has(file.id)).toBe(false);
        described.add(file.id);
        expect(file.pathurl).toMatch(/^media\//);
      } else expect(described.has(file.id)).toBe(true); // a reference to a file described before
      expect(item.out - item.in).toBeLessThanOrEqual(item.duration);
    }
  });

  it("places each layer at the model's frames, -1 where a transition holds the edge", () => {
    const lanes = editLanes(x);
    expect(videoTracks).toHaveLength(lanes.length);
    videoTracks.forEach((track, i) => {
      const clips: J[] = track.clipitem;
      expect(clips.map((c) => c.name)).toEqual(lanes[i].map((c) => c.name));
      clips.forEach((c, n) => {
        const lane = lanes[i][n];
        if (c.start !== -1) expect(c.start).toBe(lane.start);
        if (c.end !== -1) expect(c.end).toBe(lane.end);
        expect(c.out - c.in).toBe(lane.end - lane.start);
      });
    });
    const [title, background] = videoTracks[0].clipitem as J[];
    expect([title.end, background.start]).toEqual([-1, -1]);
    const [dissolve] = videoTracks[0].transitionitem as J[];
    expect([dissolve.start, dissolve.end, dissolve.alignment]).toEqual([75, 87, 'start']);
    expect(dissolve.effect.effectid).toBe('Cross Dissolve');
  });

  it('puts the voice on an audio track', () => {
    const [voice] = items(sequence.media.audio.track);
    expect([voice.start, voice.end, voice.in, voice.out]).toEqual([75, 291, 0, 216]);
    expect(voice.sourcetrack.mediatype).toBe('audio');
    expect(voice.file.media.audio.samplecharacteristics.samplerate).toBe(48000);
  });

  it('marks 29.97 as ntsc with drop-frame timecode', () => {
    const base = sampleExport();
    const ntsc = { ...base, timeline: { ...base.timeline, rate: { num: 30000, den: 1001 } } };
    const s = (parser.parse(writeXmeml(ntsc)) as J).xmeml.sequence;
    expect(s.rate).toEqual({ timebase: 30, ntsc: 'TRUE' });
    expect(s.timecode.displayformat).toBe('DF');
    expect(s.timecode.string).toBe('00:00:00;00');
  });
});
