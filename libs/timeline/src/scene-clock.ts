import { type FrameRate, framesOf } from './frame-rate';
import type { Direction, SceneLengthRule, SceneSpan, Transition, TransitionKind } from './timeline.types';

/** One scene as the clock needs it: how long it lasts in seconds, decided by its rule. */
export interface SceneLength {
  id: string;
  rule: SceneLengthRule;
  /** Seconds: the template's number (fixed), or what was measured (speech, media, auto). */
  seconds: number;
  /** Its voice-over: seconds of the reading and which clip of the voice track it is. */
  narration?: { seconds: number; segment: number };
  /** How it follows the scene before it (ignored on the first scene); none means a cut. */
  transition?: { kind: TransitionKind; direction?: Direction; seconds: number };
}

/** Scenes laid end to end on one clock, and the transitions between them. */
export interface SceneClock {
  scenes: SceneSpan[];
  transitions: Transition[];
  /** Frames in the whole clip. */
  duration: number;
}

/**
 * Lays scenes end to end in whole frames. A length a person chose (`fixed`) snaps to the nearest
 * frame; a measured one (`speech`, `media`, `auto`) is rounded up so nothing measured is cut. Each
 * scene is at least one frame. A transition starts at the cut and never shortens the incoming
 * scene (it is at most as long as that scene); the outgoing scene's extent grows by it instead.
 */
export function layScenes(lengths: readonly SceneLength[], rate: FrameRate): SceneClock {
  const scenes: SceneSpan[] = [];
  const transitions: Transition[] = [];
  let clock = 0;
  lengths.forEach((s, index) => {
    const frames = Math.max(1, framesOf(s.seconds, rate, s.rule === 'fixed' ? 'nearest' : 'up'));
    const span: SceneSpan = {
      id: s.id,
      index,
      rule: s.rule,
      start: clock,
      end: clock + frames,
      extent: { start: clock, end: clock + frames },
    };
    if (s.narration) {
      const spoken = framesOf(s.narration.seconds, rate, 'up');
      span.narration = { start: clock, end: clock + Math.min(frames, spoken), segment: s.narration.segment };
    }
    if (index > 0 && s.transition && s.transition.kind !== 'cut') {
      const duration = Math.min(frames, Math.max(1, framesOf(s.transition.seconds, rate)));
      transitions.push({
        kind: s.transition.kind,
        ...(s.transition.direction ? { direction: s.transition.direction } : {}),
        from: index - 1,
        to: index,
        start: clock,
        duration,
      });
      const before = scenes[index - 1];
      before.extent = { start: before.start, end: before.end + duration };
    }
    scenes.push(span);
    clock += frames;
  });
  return { scenes, transitions, duration: clock };
}
