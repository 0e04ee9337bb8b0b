import { fpsOf, type FrameRate } from '@app/timeline';
import { audioLanes, baseName, editLanes, laneTransitions } from './edit-lanes';
import type { TimelineExport } from './interchange.types';

type Json = Record<string, unknown>;

/** OTIO's RationalTime.1: a frame count at the timeline's rate (a float rate, an integer value). */
function rt(frames: number, rate: FrameRate): Json {
  return { OTIO_SCHEMA: 'RationalTime.1', rate: fpsOf(rate), value: frames };
}

function range(start: number, frames: number, rate: FrameRate): Json {
  return { OTIO_SCHEMA: 'TimeRange.1', duration: rt(frames, rate), start_time: rt(start, rate) };
}

function item(schema: string, name: string, sourceRange: Json | null, extra: Json = {}): Json {
  return {
    OTIO_SCHEMA: schema,
    metadata: {},
    name,
    source_range: sourceRange,
    effects: [],
    markers: [],
    enabled: true,
    ...extra,
  };
}

function gap(frames: number, rate: FrameRate): Json {
  return item('Gap.1', '', range(0, frames, rate));
}

function clip(name: string, path: string, available: Json, used: Json, metadata: Json): Json {
  return {
    ...item('Clip.2', name, used),
    metadata,
    active_media_reference_key: 'DEFAULT_MEDIA',
    media_references: {
      DEFAULT_MEDIA: {
        OTIO_SCHEMA: 'ExternalReference.1',
        metadata: {},
        name: baseName(path),
        available_range: available,
        available_image_bounds: null,
        target_url: path,
      },
    },
  };
}

/** A track of clips with gaps between them (OTIO tracks are sequences: each child follows the last). */
function track(name: string, kind: 'Video' | 'Audio', children: Json[]): Json {
  return { ...item('Track.1', name, null), kind, children };
}

/** OTIO's transition names; a wipe or slide has no standard one. */
const TRANSITION_TYPE: Record<string, string> = { crossfade: 'SMPTE_Dissolve' };

/**
 * The timeline as OpenTimelineIO JSON (`.otio`, the schema versions OTIO 0.15+ reads: Timeline.1,
 * Stack.1, Track.1, Clip.2 with ExternalReference.1, Gap.1, Transition.1). Video tracks from the
 * bottom (editLanes), then one audio track per role; media by relative URL. A scene transition
 * sits on the bottom track between the clips it joins, starting at the cut (`in_offset` 0); the
 * layer's fades and slides are in each clip's `metadata.clipwright` (OTIO has no standard effect
 * for them). Times are frame counts at the template's rate.
 */
export function writeOtio(x: TimelineExport): string {
  const t = x.timeline;
  const r = t.rate;
  const lanes = editLanes(x);
  const transitions = laneTransitions(x, lanes);
  const video = lanes.map((lane, i) => {
    const children: Json[] = [];
    let at = 0;
    for (const c of lane) {
      if (c.start > at) children.push(gap(c.start - at, r));
      const into = i === 0 ? transitions.find((tr) => tr.after === c) : undefined;
      if (into) {
        children.push({
          OTIO_SCHEMA: 'Transition.1',
          metadata: {
            clipwright: { kind: into.transition.kind, direction: into.transition.direction ?? null },
          },
          name: into.transition.kind,
          transition_type: TRANSITION_TYPE[into.transition.kind] ?? 'Custom_Transition',
          in_offset: rt(0, r),
          out_offset: rt(into.transition.duration, r),
        });
      }
      const window = c.layer.window.end - c.layer.window.start;
      const available = range(0, c.file.type === 'movie' ? (c.file.frames ?? window) : window, r);
      const meta = {
        clipwright: {
          layer: c.layer.id,
          kind: c.layer.kind,
          role: c.role,
          fadeIn: c.layer.fadeIn,
          fadeOut: c.layer.fadeOut,
          motion: c.file.motionBaked ? { type: 'still' } : c.layer.motion,
        },
      };
      children.push(clip(c.name, c.file.path, available, range(c.sourceIn, c.end - c.start, r), meta));
      at = c.end;
    }
    return track(`V${i + 1}`, 'Video', children);
  });
  const audio = audioLanes(x).map((a, i) => {
    const children: Json[] = [];
    let at = 0;
    for (const c of a.clips) {
      if (c.start > at) children.push(gap(c.start - at, r));
      const offset = Math.round((c.offset * r.num) / r.den);
      children.push(
        clip(
          baseName(c.path),
          c.path,
          range(0, offset + c.end - c.start, r),
          range(offset, c.end - c.start, r),
          { clipwright: { role: a.role } },
        ),
      );
      at = c.end;
    }
    return track(`A${i + 1} ${a.role}`, 'Audio', children);
  });
  const markers = t.scenes.map((s) => ({
    OTIO_SCHEMA: 'Marker.2',
    metadata: { clipwright: { scene: s.index, rule: s.rule } },
    name: s.id,
    color: 'GREEN',
    comment: '',
    marked_range: range(s.start, s.end - s.start, r),
  }));
  const timeline = {
    OTIO_SCHEMA: 'Timeline.1',
    metadata: {
      clipwright: {
        frame: t.frame,
        rate: `${r.num}/${r.den}`,
        captions: x.captions ? { language: x.captions.language, srt: x.captions.srt } : null,
      },
    },
    name: x.name,
    global_start_time: rt(0, r),
    tracks: { ...item('Stack.1', 'tracks', null), markers, children: [...video, ...audio] },
  };
  return JSON.stringify(timeline, null, 2) + '\n';
}
