import { ClipwrightError, ErrorCode } from '@app/core';
import type { Timeline } from '@app/timeline';

/**
 * A layer's picture as exported beside the timeline. Every layer file is full frame (the output's
 * width x height, transparent where the layer is not), so an editor's suite places it without a
 * transform: `still` a PNG with alpha, `movie` a ProRes 4444 clip with alpha lasting `frames`
 * frames from the layer's window start.
 */
export interface LayerFile {
  /** Relative to the timeline file, with `/` separators (`media/scene1-presenter.mov`). */
  path: string;
  type: 'still' | 'movie';
  /** Frames in the file (movies); stills last as long as they are used. */
  frames?: number;
  /**
   * The layer's motion is inside the file (a Ken Burns move rendered to a movie), so a writer must
   * not express it again.
   */
  motionBaked: boolean;
}

/** One caption cue on the clip's clock, in whole frames (half-open). */
export interface FrameCue {
  start: number;
  end: number;
  text: string;
}

/** What every writer reads: one output's timeline and where its media lie, relative to the timeline file. */
export interface TimelineExport {
  /** The project and sequence name an editor sees (`news-brief us7000abcd 16:9`). */
  name: string;
  timeline: Timeline;
  /** The file of each visual layer, by the layer's id (`scenes[1].layers[2]`); layers without one are left out. */
  layers: Readonly<Record<string, LayerFile>>;
  /** The 48 kHz WAV of each audio clip, by the timeline clip's `file`. */
  audio: Readonly<Record<string, string>>;
  /** The captions (cues in frames) and their sidecar files, absent when the job had none. */
  captions?: { language: string; cues: readonly FrameCue[]; srt: string };
  /** The flattened clip as delivered (the EDL's source): its file name. */
  program: string;
}

/** The timeline formats a job can ask for, in the order they are documented. */
export const TIMELINE_FORMATS = ['otio', 'fcpxml', 'xmeml', 'mlt', 'edl'] as const;
export type TimelineFormat = (typeof TIMELINE_FORMATS)[number];

/**
 * The formats a request asked for, checked at the edge: known names only, each once, in the
 * documented order. Anything else is `INVALID_ARGUMENT` naming `field` (`--timeline`, `$.timeline`).
 */
export function checkTimelineFormats(asked: readonly unknown[] | undefined, field: string): TimelineFormat[] {
  if (asked === undefined) return [];
  const known = new Set<string>(TIMELINE_FORMATS);
  for (const [i, f] of asked.entries()) {
    if (typeof f !== 'string' || !known.has(f)) {
      throw new ClipwrightError(
        ErrorCode.InvalidArgument,
        `${JSON.stringify(f)} is not a timeline format; choose from ${TIMELINE_FORMATS.join(', ')}`,
        { path: field.startsWith('$') ? `${field}[${i}]` : field },
      );
    }
  }
  return TIMELINE_FORMATS.filter((f) => asked.includes(f));
}
