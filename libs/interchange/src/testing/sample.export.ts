import type { Timeline } from '@app/timeline';
import type { LayerFile, TimelineExport } from '../interchange.types';

/**
 * A timeline shaped like the news brief's 16:9 output at 30 fps: an opening title (2.5 s) that
 * crossfades (12 frames) into a narrated scene with background, presenter (a movie), data card and
 * lower third (slides with fades), burned-in captions (no file) and the disclosure label over the
 * program; one voice clip.
 */
export function sampleTimeline(): Timeline {
  const frame = { aspect: '16:9', width: 1920, height: 1080 };
  const full = { x: 0, y: 0, width: 1920, height: 1080 };
  return {
    rate: { num: 30, den: 1 },
    duration: 300,
    frame,
    scenes: [
      { id: 'open', index: 0, rule: 'fixed', start: 0, end: 75, extent: { start: 0, end: 87 } },
      {
        id: 'read',
        index: 1,
        rule: 'speech',
        start: 75,
        end: 300,
        extent: { start: 75, end: 300 },
        narration: { start: 75, end: 291, segment: 0 },
      },
    ],
    transitions: [{ kind: 'crossfade', from: 0, to: 1, start: 75, duration: 12 }],
    layers: [
      still('scenes[1].layers[0]', 'background', 1, { start: 75, end: 300 }, full, true),
      {
        id: 'scenes[1].layers[1]',
        kind: 'presenter',
        scene: 1,
        plane: 'scene',
        window: { start: 75, end: 300 },
        rect: { x: 1200, y: 180, width: 640, height: 900 },
        media: { type: 'stream', width: 640, height: 900 },
        fadeIn: 0,
        fadeOut: 0,
        motion: { type: 'still' },
      },
      {
        ...still(
          'scenes[1].layers[2]',
          'dataCard',
          1,
          { start: 90, end: 300 },
          { x: 96, y: 200, width: 700, height: 400 },
          false,
        ),
        fadeIn: 11,
        motion: { type: 'slide', fromX: 58, fromY: 0, duration: 15, easing: 'ease-out-cubic' },
      },
      {
        ...still(
          'scenes[1].layers[3]',
          'lowerThird',
          1,
          { start: 90, end: 240 },
          { x: 96, y: 800, width: 1200, height: 160 },
          false,
        ),
        fadeIn: 5,
        fadeOut: 9,
        motion: { type: 'slide', fromX: -1296, fromY: 0, duration: 12, easing: 'ease-out-cubic' },
      },
      {
        id: 'scenes[1].layers[4]',
        kind: 'captions',
        scene: 1,
        plane: 'program',
        window: { start: 75, end: 300 },
        rect: full,
        media: { type: 'subtitles', file: 'captions-16x9-s1.ass' },
        fadeIn: 0,
        fadeOut: 0,
        motion: { type: 'still' },
      },
      still('scenes[0].layers[0]', 'title', 0, { start: 0, end: 87 }, full, true),
      still(
        'label',
        'label',
        0,
        { start: 0, end: 300 },
        { x: 1700, y: 40, width: 180, height: 48 },
        false,
        'program',
      ),
    ],
    audio: [
      {
        role: 'voice',
        clips: [{ file: 'voice-1.wav', start: 75, duration: 216, offset: 0 }],
        gain: 0,
        fadeIn: 0,
        fadeOut: 0,
      },
    ],
  };
}

function still(
  id: string,
  kind: string,
  scene: number,
  window: { start: number; end: number },
  rect: { x: number; y: number; width: number; height: number },
  opaque: boolean,
  plane: 'scene' | 'program' = 'scene',
): Timeline['layers'][number] {
  return {
    id,
    kind,
    scene,
    plane,
    window,
    rect,
    media: { type: 'still', file: `${kind}.png`, opaque },
    fadeIn: 0,
    fadeOut: 0,
    motion: { type: 'still' },
  };
}

/** The sample timeline with its media named as the export stage names them. */
export function sampleExport(timeline: Timeline = sampleTimeline()): TimelineExport {
  const layers: Record<string, LayerFile> = {};
  for (const l of timeline.layers) {
    if (l.media.type === 'subtitles') continue;
    const movie = l.media.type !== 'still' || l.motion.type === 'view';
    const stem = `${timeline.scenes[l.scene].id}-${l.kind}`;
    layers[l.id] = movie
      ? { path: `media/${stem}.mov`, type: 'movie', frames: l.window.end - l.window.start, motionBaked: true }
      : { path: `media/${stem}.png`, type: 'still', motionBaked: false };
  }
  return {
    name: 'news-brief us7000 16:9',
    timeline,
    layers,
    audio: { 'voice-1.wav': 'media/voice-read.wav' },
    captions: {
      language: 'en',
      srt: 'media/captions.srt',
      cues: [
        { start: 80, end: 150, text: 'A magnitude 6.1 earthquake struck' },
        { start: 150, end: 285, text: 'near Tōkyō & <Chiba> this morning.' },
      ],
    },
    program: 'clip-16x9.mp4',
  };
}
