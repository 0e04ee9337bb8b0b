import type { Direction, FrameRate, SceneSpan, ViewBox } from '@app/timeline';
import type { Placement } from '../layer-kind';
import { frames, timedWindow } from './window';

/** How a graphic appears: wiped on (the edge travelling `direction`) over `duration` seconds, or at once. */
export interface Reveal {
  type: 'wipe' | 'none';
  direction: Direction;
  duration: number;
}

import { FRAMING_PROPERTIES } from './schema';
/** A JSON Pointer into the item, as the chart and map kinds read their data. */
export const POINTER_SCHEMA = {
  type: 'string',
  pattern: '^(/.*)?$',
  description: 'a JSON Pointer into the item (RFC 6901)',
};

/** Schema of a box as fractions of the frame (shared with the map kind). */
export const BOX_SCHEMA = {
  ...FRAMING_PROPERTIES.box,
  description:
    "where on the frame, as fractions of its width and height (default the layout's graphics area)",
} as const;

/** Schema of a reveal (shared with the map kind). */
export const REVEAL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    type: { enum: ['wipe', 'none'], description: 'default wipe' },
    direction: {
      enum: ['left', 'right', 'up', 'down'],
      description: "the way the edge travels (default 'right')",
    },
    duration: { type: 'number', minimum: 0, maximum: 5, description: 'seconds (default 1)' },
  },
} as const;

/** The reveal with its defaults; shared with the map kind. */
export function revealOf(reveal: Partial<Reveal> | undefined): Reveal {
  return {
    type: reveal?.type ?? 'wipe',
    direction: reveal?.direction ?? 'right',
    duration: reveal?.duration ?? 1,
  };
}

/** A box cut at the frame's edge, as image boxes are. */
export function clipBox(box: ViewBox | undefined): ViewBox | undefined {
  return box && { ...box, width: Math.min(box.width, 1 - box.x), height: Math.min(box.height, 1 - box.y) };
}

/**
 * A graphic's part of the timeline: its window in the scene (`start`/`end`, default the whole
 * scene), wiped on over the reveal's frames or shown at once; it never moves.
 */
export function revealPlacement(
  layer: { reveal: Reveal; start?: number; end?: number },
  scene: SceneSpan,
  rate: FrameRate,
): Placement | null {
  const window = timedWindow(scene, rate, layer, 0);
  if (!window) return null;
  const wipe = layer.reveal.type === 'wipe' && layer.reveal.duration > 0;
  return {
    plane: 'scene',
    window,
    fadeIn: 0,
    fadeOut: 0,
    motion: wipe
      ? { type: 'wipe', direction: layer.reveal.direction, duration: frames(layer.reveal.duration, rate) }
      : { type: 'still' },
  };
}
