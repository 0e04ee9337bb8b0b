import { type FrameRate, framesOf, type SceneSpan, type Span } from '@app/timeline';
import type { Placement } from '../layer-kind';

/** From the scene's start to the end of its extent: shown through its outgoing transition too. */
export function wholeScene(scene: SceneSpan): Span {
  return { start: scene.start, end: scene.extent.end };
}

/** Shown for the whole scene (through its outgoing transition), unmoving, in the scene's picture. */
export function wholeSceneStill(scene: SceneSpan): Placement {
  return { plane: 'scene', window: wholeScene(scene), fadeIn: 0, fadeOut: 0, motion: { type: 'still' } };
}

/**
 * A window the template gives in seconds from the scene's start. `start` defaults to
 * `defaultStart`; a negative `end` counts back from the scene's end; both are clipped to the scene.
 * A window that reaches the scene's end runs on through its extent. Shorter than `minSeconds`
 * (too short to read): null, not shown.
 */
export function timedWindow(
  scene: SceneSpan,
  rate: FrameRate,
  times: { start?: number; end?: number },
  defaultStart: number,
  minSeconds = 0.5,
): Span | null {
  const length = scene.end - scene.start;
  const rel = (v: number | undefined, fallback: number): number =>
    v === undefined ? fallback : v < 0 ? length + framesOf(v, rate) : framesOf(v, rate);
  const start = scene.start + Math.min(rel(times.start, framesOf(defaultStart, rate)), length);
  const end = scene.start + Math.min(rel(times.end, length), length);
  if (end - start < framesOf(minSeconds, rate)) return null;
  return { start, end: end === scene.end ? scene.extent.end : end };
}

/** Seconds to whole frames, at least one when the seconds are not zero. */
export function frames(seconds: number, rate: FrameRate): number {
  return seconds > 0 ? Math.max(1, framesOf(seconds, rate)) : 0;
}
