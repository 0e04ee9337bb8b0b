import { editLanes } from './edit-lanes';
import { writeOtio } from './otio.writer';
import { sampleExport } from './testing/sample.export';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('writeOtio', () => {
  const x = sampleExport();
  const doc = JSON.parse(writeOtio(x)) as J;
  const tracks = doc.tracks.children as J[];

  it('uses the schema versions OTIO readers accept', () => {
    expect(doc.OTIO_SCHEMA).toBe('Timeline.1');
    expect(doc.tracks.OTIO_SCHEMA).toBe('Stack.1');
    const schemas = new Set(
      tracks.flatMap((t) => [t.OTIO_SCHEMA, ...t.children.map((c: J) => c.OTIO_SCHEMA)]),
    );
    expect([...schemas].sort()).toEqual(['Clip.2', 'Gap.1', 'Track.1', 'Transition.1']);
    expect(doc.global_start_time).toEqual({ OTIO_SCHEMA: 'RationalTime.1', rate: 30, value: 0 });
  });

  it("places every layer clip at its frames on the timeline's clock", () => {
    const lanes = editLanes(x);
    const video = tracks.filter((t) => t.kind === 'Video');
    expect(video).toHaveLength(lanes.length);
    video.forEach((track, i) => {
      let at = 0;
      const clips: J[] = [];
      for (const child of track.children as J[]) {
        if (child.OTIO_SCHEMA === 'Transition.1') continue; // takes no time on the track
        const range = child.source_range;
        expect(range.duration.rate).toBe(30);
        if (child.OTIO_SCHEMA === 'Clip.2') clips.push({ ...child, at });
        at += range.duration.value;
      }
      expect(
        clips.map((c) => [c.metadata.clipwright.layer, c.at, c.at + c.source_range.duration.value]),
      ).toEqual(lanes[i].map((c) => [c.layer.id, c.start, c.end]));
      for (const c of clips) {
        const ref = c.media_references[c.active_media_reference_key];
        expect(ref.OTIO_SCHEMA).toBe('ExternalReference.1');
        expect(ref.target_url).toBe(x.layers[c.metadata.clipwright.layer].path);
        // The used range lies inside the media's available range.
        const avail = ref.available_range;
        expect(c.source_range.start_time.value + c.source_range.duration.value).toBeLessThanOrEqual(
          avail.start_time.value + avail.duration.value,
        );
      }
    });
  });

  it('starts the crossfade at the cut, using the outgoing handle', () => {
    const transition = (tracks[0].children as J[]).find((c) => c.OTIO_SCHEMA === 'Transition.1')!;
    expect(transition.transition_type).toBe('SMPTE_Dissolve');
    expect(transition.in_offset.value).toBe(0);
    expect(transition.out_offset.value).toBe(12);
  });

  it('puts the voice on an audio track at its frames, and the scenes as markers', () => {
    const audio = tracks.find((t) => t.kind === 'Audio')!;
    expect(audio.children[0].OTIO_SCHEMA).toBe('Gap.1');
    expect(audio.children[0].source_range.duration.value).toBe(75);
    expect(audio.children[1].source_range.duration.value).toBe(216);
    expect(audio.children[1].media_references.DEFAULT_MEDIA.target_url).toBe('media/voice-read.wav');
    expect(doc.tracks.markers.map((m: J) => [m.name, m.marked_range.start_time.value])).toEqual([
      ['open', 0],
      ['read', 75],
    ]);
  });
});
