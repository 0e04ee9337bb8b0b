import type { Rect } from '@app/core';
import type { FrameRate } from './frame-rate';

/**
 * A stretch of the clip in whole frames at the timeline's rate: `start` is the first frame shown,
 * `end` the first frame after it (half-open, like OpenTimelineIO's TimeRange start + duration).
 */
export interface Span {
  start: number;
  end: number;
}

/** How a scene's length was decided (the template's `duration`). */
export type SceneLengthRule = 'fixed' | 'speech' | 'media' | 'auto';

/** One scene on the clip's clock. Scenes follow each other without gaps: scene n+1 starts at scene n's end. */
export interface SceneSpan extends Span {
  /** The template's scene id. */
  id: string;
  index: number;
  rule: SceneLengthRule;
  /**
   * Frames the scene's picture is needed for: its span plus the outgoing transition, during which it
   * is still seen (under the next scene's crossfade, behind its wipe).
   */
  extent: Span;
  /** When the scene's own voice-over plays, if it has one (`segment` indexes the voice track's clips). */
  narration?: Span & { segment: number };
}

/** ffmpeg `xfade` and every NLE have these; `cut` is the absence of one. */
export type TransitionKind = 'cut' | 'crossfade' | 'wipe' | 'slide';
export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * How scene `to` (= from + 1) replaces scene `from`. It starts at the cut (`start` = the incoming
 * scene's start) and lasts `duration` frames, during which the outgoing scene is held on (its
 * extent): the scene clock, and so every narration, is the same with or without transitions.
 */
export interface Transition {
  kind: TransitionKind;
  /** For wipe and slide: the way the incoming picture moves. */
  direction?: Direction;
  from: number;
  to: number;
  start: number;
  duration: number;
}

/**
 * A view of a picture, as fractions of its width and height (0..1): the part of an image a Ken
 * Burns move shows at one moment. Resolution-free, so every output and every exporter agree.
 */
export interface ViewBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How a layer moves while it shows. Times in frames from the layer's own start. */
export type Motion =
  | { type: 'still' }
  | {
      /** Enters from an offset (pixels, relative to its rest position) and eases out to rest. */
      type: 'slide';
      fromX: number;
      fromY: number;
      duration: number;
      easing: 'ease-out-cubic';
    }
  | {
      /** The view of the layer's picture moves from one box to another (Ken Burns zoom, pan). */
      type: 'view';
      from: ViewBox;
      to: ViewBox;
      easing: 'linear';
    }
  | {
      /**
       * Revealed by a wipe over its first `duration` frames, the edge travelling `direction` ('right'
       * uncovers it from its left edge; 'up' from its bottom, so a bar chart seems to grow). The
       * picture itself never moves: only how much of it shows.
       */
      type: 'wipe';
      direction: Direction;
      duration: number;
    };

/**
 * What fills a layer's rect. File names are plain names in the job's working folder (the engine's
 * staging folder), never paths, so they can be handed to ffmpeg or listed in an export as they are.
 */
export type LayerMedia =
  /** A picture drawn once (PNG, straight alpha). `opaque`: it covers its whole rect. */
  | { type: 'still'; file: string; opaque: boolean }
  /** RGBA frames made while the clip is encoded (the vector presenter), `width` x `height`. */
  | { type: 'stream'; width: number; height: number }
  /**
   * A clip made earlier in the job (the lip-synced photo presenter, a b-roll clip), `width` x
   * `height`, from frame 0 at the timeline's rate. `crop`: the part of it shown in the rect
   * (fractions of its frame; a clip fitted with `cover`), the whole frame when absent.
   */
  | { type: 'video'; file: string; width: number; height: number; crop?: ViewBox }
  /** Captions burned in from an ASS file (libass); their cues carry their own times. */
  | { type: 'subtitles'; file: string };

/**
 * Where a layer is composited. `scene`: inside its scene's picture, so it takes part in the scene's
 * transitions. `program`: over the finished program after every transition (burned-in captions),
 * with a window on the clip's clock.
 */
export type Plane = 'scene' | 'program';

/** One visual layer of one output. */
export interface TimelineLayer {
  /** Where it comes from in the template: `scenes[1].layers[2]`. */
  id: string;
  /** The layer kind (`title`, `image`, `presenter`...). */
  kind: string;
  scene: number;
  plane: Plane;
  /** When it shows, on the clip's clock (inside its scene's extent for the scene plane). */
  window: Span;
  /** Where it rests on the frame, pixels of this output. */
  rect: Rect;
  media: LayerMedia;
  /** Opacity ramps at the window's ends, frames. */
  fadeIn: number;
  fadeOut: number;
  motion: Motion;
}

/** The audio tracks a clip can carry; each is mixed at its gain, and music ducks under the voice. */
export type AudioRole = 'voice' | 'music' | 'effects';

/** A sound file placed on the clock. `file` is a plain name in the job's working folder. */
export interface AudioClip {
  file: string;
  /** Frame at which the clip's first sample plays. */
  start: number;
  /** Frames it lasts on the clock (its own length, or cut to fit). */
  duration: number;
  /** Seconds into the file where playing begins (a trimmed music bed). */
  offset: number;
  /** The file repeats (from its start) for as long as `duration` asks: a music bed shorter than the clip. */
  loop?: boolean;
}

/**
 * Lowers a track while another one sounds (a music bed under the voice), as a sidechain
 * compressor does: `depth` dB down, reached in `attack` seconds, back after `release` seconds.
 */
export interface Ducking {
  under: AudioRole;
  depth: number;
  attack: number;
  release: number;
}

export interface AudioTrack {
  role: AudioRole;
  clips: AudioClip[];
  /** dB applied to the whole track before mixing (0 = as mastered). */
  gain: number;
  /** Frames of fade at the track's first clip start and last clip end. */
  fadeIn: number;
  fadeOut: number;
  ducking?: Ducking;
}

/** The output a timeline is for. */
export interface TimelineFrame {
  aspect: string;
  width: number;
  height: number;
}

/**
 * One output of a job, on one clock: what compose compiles into the ffmpeg graph, what result.json
 * records, and what an NLE exporter reads. Every time is an integer frame count at `rate`.
 * `layers` are bottom to top: inside a scene in the template's order; across scenes the outgoing
 * scene lies over the incoming one (a transition uncovers the next scene), so later scenes come
 * first; program-plane layers lie over everything.
 */
export interface Timeline {
  rate: FrameRate;
  /** Frames in the whole clip. */
  duration: number;
  frame: TimelineFrame;
  scenes: SceneSpan[];
  /** One per scene boundary that is not a plain cut, in clock order. */
  transitions: Transition[];
  layers: TimelineLayer[];
  audio: AudioTrack[];
}
