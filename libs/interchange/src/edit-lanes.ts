import type { TimelineLayer, Transition } from '@app/timeline';
import type { LayerFile, TimelineExport } from './interchange.types';

/** One layer as a clip on an editor's video track. Frames on the clip's clock, half-open. */
export interface LaneClip {
  layer: TimelineLayer;
  file: LayerFile;
  start: number;
  end: number;
  /** Frames into the file where the clip starts (0: movies begin at the layer's window start). */
  sourceIn: number;
  /** What the editor sees: `read presenter`. */
  name: string;
  /**
   * FCPXML-style role: `titles.<kind>` for a graphic (a still with transparency), `video.<kind>`
   * for pictures and people.
   */
  role: string;
}

/**
 * The layers laid on video tracks the way an editor's suite stacks them: lane 0 at the bottom, each
 * lane a list of clips that never overlap, and a layer always above every earlier (lower) layer it
 * overlaps in time, so the z-order of the model survives (lane = 1 + the highest lane of an earlier
 * overlapping layer). A scene-plane layer held on under the next scene's transition is cut at the
 * scene's end: per-layer tracks cannot hold the transition of a whole scene's picture (docs/timelines.md),
 * and the movie's extra frames stay in the file as handles.
 */
export function editLanes(x: TimelineExport): LaneClip[][] {
  const t = x.timeline;
  const lanes: LaneClip[][] = [];
  const placed: { clip: LaneClip; lane: number }[] = [];
  for (const layer of t.layers) {
    const file = x.layers[layer.id];
    if (!file) continue;
    const scene = t.scenes[layer.scene];
    const end = layer.plane === 'scene' ? Math.min(layer.window.end, scene.end) : layer.window.end;
    if (end <= layer.window.start) continue;
    const clip: LaneClip = {
      layer,
      file,
      start: layer.window.start,
      end,
      sourceIn: 0,
      name: `${scene.id} ${layer.kind}`,
      role: `${isGraphic(layer) ? 'titles' : 'video'}.${layer.kind}`,
    };
    const under = placed.filter((p) => p.clip.start < clip.end && clip.start < p.clip.end);
    const lane = under.length ? Math.max(...under.map((p) => p.lane)) + 1 : 0;
    placed.push({ clip, lane });
    (lanes[lane] ??= []).push(clip);
  }
  for (let i = 0; i < lanes.length; i++) lanes[i] ??= [];
  return lanes.map((lane) => lane.sort((a, b) => a.start - b.start));
}

function isGraphic(layer: TimelineLayer): boolean {
  return layer.media.type === 'still' && !layer.media.opaque;
}

/** The clips of every audio track, with their exported WAVs, on the clip's clock. */
export function audioLanes(
  x: TimelineExport,
): { role: string; clips: { path: string; start: number; end: number; offset: number }[] }[] {
  return x.timeline.audio
    .map((track) => ({
      role: track.role,
      clips: track.clips
        .filter((c) => x.audio[c.file])
        .map((c) => ({
          path: x.audio[c.file],
          start: c.start,
          end: c.start + c.duration,
          offset: c.offset,
        })),
    }))
    .filter((track) => track.clips.length > 0);
}

/** `media/scene1-presenter.mov` -> `scene1-presenter.mov`. */
export function baseName(relative: string): string {
  return relative.slice(relative.lastIndexOf('/') + 1);
}

/**
 * The scene transitions an editor's track can hold: on the bottom lane, where the outgoing
 * scene's clip ends exactly at the cut and the incoming one starts there. The transition starts at
 * the cut and uses `duration` frames of the outgoing clip's handle (its media beyond its end).
 */
export function laneTransitions(
  x: TimelineExport,
  lanes: LaneClip[][],
): { transition: Transition; before: LaneClip; after: LaneClip }[] {
  const bottom = lanes[0] ?? [];
  return x.timeline.transitions.flatMap((transition) => {
    if (transition.kind === 'cut' || transition.duration <= 0) return [];
    const before = bottom.find((c) => c.end === transition.start && c.layer.scene === transition.from);
    const after = bottom.find((c) => c.start === transition.start && c.layer.scene === transition.to);
    return before && after ? [{ transition, before, after }] : [];
  });
}
