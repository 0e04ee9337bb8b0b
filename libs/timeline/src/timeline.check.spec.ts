import { frameRate } from './frame-rate';
import { layScenes } from './scene-clock';
import { assertTimeline, timelineProblems } from './timeline.check';
import type { Timeline } from './timeline.types';

function sample(): Timeline {
  const clock = layScenes(
    [
      { id: 'open', rule: 'fixed', seconds: 2 },
      { id: 'read', rule: 'fixed', seconds: 4, transition: { kind: 'crossfade', seconds: 0.5 } },
    ],
    frameRate(25),
  );
  return {
    rate: frameRate(25),
    duration: clock.duration,
    frame: { aspect: '16:9', width: 1920, height: 1080 },
    scenes: clock.scenes,
    transitions: clock.transitions,
    layers: [
      {
        id: 'scenes[0].layers[0]',
        kind: 'title',
        scene: 0,
        plane: 'scene',
        window: { start: 0, end: 63 },
        rect: { x: 0, y: 0, width: 1920, height: 1080 },
        media: { type: 'still', file: 'title.png', opaque: true },
        fadeIn: 0,
        fadeOut: 0,
        motion: { type: 'still' },
      },
      {
        id: 'scenes[1].layers[0]',
        kind: 'captions',
        scene: 1,
        plane: 'program',
        window: { start: 50, end: 150 },
        rect: { x: 0, y: 900, width: 1920, height: 120 },
        media: { type: 'subtitles', file: 'captions.ass' },
        fadeIn: 0,
        fadeOut: 0,
        motion: { type: 'still' },
      },
    ],
    audio: [
      {
        role: 'voice',
        clips: [{ file: 'voice.wav', start: 50, duration: 90, offset: 0 }],
        gain: 0,
        fadeIn: 0,
        fadeOut: 0,
      },
    ],
  };
}

describe('timeline checks', () => {
  it('accepts a sound timeline (a layer may run into its scene extent, the handle of its transition)', () => {
    expect(timelineProblems(sample())).toEqual([]);
    expect(() => assertTimeline(sample())).not.toThrow();
  });

  it.each<[string, (t: Timeline) => void, RegExp]>([
    [
      'a gap between scenes',
      (t) => (t.scenes[1].start += 1),
      /starts at 51, not where the previous ends \(50\)/,
    ],
    ['a fractional frame', (t) => (t.layers[0].window.end = 10.5), /not in whole frames/],
    ['a layer past its scene extent', (t) => (t.layers[0].window.end = 64), /lies outside 0\.\.63/],
    ['a transition off the cut', (t) => (t.transitions[0].start = 49), /not at the cut 50/],
    ['fades longer than the window', (t) => (t.layers[0].fadeIn = 64), /fades 64\+0 frames do not fit/],
    [
      'audio past the end',
      (t) => (t.audio[0].clips[0].duration = 200),
      /audio\[0\]\.clips\[0\].*outside 0\.\.150/,
    ],
    ['a clip that ends early', (t) => (t.duration = 151), /the scenes end at 150, the clip at 151/],
  ])('finds %s', (_what, spoil, problem) => {
    const t = sample();
    spoil(t);
    expect(timelineProblems(t).join('\n')).toMatch(problem);
    expect(() => assertTimeline(t)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
