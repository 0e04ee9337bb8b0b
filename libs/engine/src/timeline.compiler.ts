import { ClipwrightError, ErrorCode } from '@app/core';
import type { OverlayLayer } from '@app/media';
import type { LayerSpec, SceneSpec } from '@app/templates';

/** Seconds of picture after the last word, so the reading does not end on a cut. */
export const SPEECH_TAIL = 0.3;
/** The title crossfades into the next scene over this long. */
export const TITLE_CROSSFADE = 0.4;

export interface ScenePlan {
  id: string;
  start: number;
  end: number;
  layers: LayerSpec[];
}

export interface SceneTimes {
  scenes: ScenePlan[];
  duration: number;
  /** When the voice starts: the start of the scene whose duration is "speech". */
  speechStart: number;
}

/** Scenes laid end to end on one clock; the "speech" scene lasts as long as the reading. */
export function planScenes(scenes: SceneSpec[], speechDuration: number): SceneTimes {
  const speechScenes = scenes.filter((s) => s.duration === 'speech');
  if (speechScenes.length !== 1) {
    throw new ClipwrightError(
      ErrorCode.TemplateInvalid,
      `A template needs exactly one scene with duration "speech"; this one has ${speechScenes.length}`,
      { path: 'template.json#$.scenes' },
    );
  }
  let clock = 0;
  let speechStart = 0;
  const planned = scenes.map((scene) => {
    const length = scene.duration === 'speech' ? speechDuration + SPEECH_TAIL : scene.duration;
    if (scene.duration === 'speech') speechStart = clock;
    const plan = { id: scene.id, start: clock, end: clock + length, layers: scene.layers };
    clock += length;
    return plan;
  });
  return { scenes: planned, duration: clock, speechStart };
}

/** A drawn still placed on the frame, as the graphics stage returns it. */
export interface PlacedStill {
  file: string;
  x: number;
  y: number;
  width: number;
}

/** When an overlay shows and how it moves: the compose layer's timing fields, and what it is. */
export type LayerWindow = { kind: 'title' | 'lowerThird' | 'dataCard' } & Pick<
  OverlayLayer,
  'start' | 'end' | 'fadeIn' | 'fadeOut' | 'slideFromX' | 'slideSeconds'
>;

/**
 * When each overlay layer shows and how it moves, in absolute seconds. Layer start/end are relative
 * to their scene; a negative end counts back from the scene's end; windows are clipped to the scene
 * (the title alone overlaps the next scene to crossfade).
 */
export function layerWindow(
  layer: LayerSpec,
  scene: ScenePlan,
  frameWidth: number,
  still: PlacedStill,
): LayerWindow | null {
  const rel = (v: number | undefined, fallback: number): number =>
    v === undefined ? fallback : v < 0 ? scene.end - scene.start + v : v;
  switch (layer.type) {
    case 'title':
      return {
        kind: 'title',
        start: scene.start,
        end: scene.end + TITLE_CROSSFADE,
        fadeIn: scene.start > 0 ? TITLE_CROSSFADE : 0,
        fadeOut: TITLE_CROSSFADE,
        slideFromX: 0,
        slideSeconds: 0,
      };
    case 'lowerThird':
    case 'dataCard': {
      const length = scene.end - scene.start;
      const start = scene.start + Math.min(rel(layer.start, 0.5), length);
      const end = scene.start + Math.min(rel(layer.end, length), length);
      if (end - start < 0.5) return null;
      const isStrap = layer.type === 'lowerThird';
      return {
        kind: layer.type,
        start,
        end,
        fadeIn: isStrap ? 0.15 : 0.35,
        fadeOut: end < scene.end ? 0.3 : 0,
        // The strap wipes in from the left edge of the frame; the card drifts in a little from the right.
        slideFromX: isStrap ? -(still.x + still.width) : Math.round(frameWidth * 0.03),
        slideSeconds: isStrap ? 0.5 : 0.45,
      };
    }
    default:
      return null;
  }
}
