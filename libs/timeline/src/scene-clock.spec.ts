import { frameRate } from './frame-rate';
import { layScenes } from './scene-clock';

const fps30 = frameRate(30);

describe('layScenes', () => {
  it('lays scenes end to end in whole frames: fixed to the nearest frame, measured ones rounded up', () => {
    const clock = layScenes(
      [
        { id: 'open', rule: 'fixed', seconds: 2.5 },
        { id: 'read', rule: 'speech', seconds: 34.599, narration: { seconds: 34.299, segment: 0 } },
      ],
      fps30,
    );
    expect(clock.duration).toBe(1113);
    expect(clock.scenes.map((s) => [s.id, s.start, s.end])).toEqual([
      ['open', 0, 75],
      ['read', 75, 1113],
    ]);
    expect(clock.scenes[1].narration).toEqual({ start: 75, end: 75 + 1029, segment: 0 });
    expect(clock.transitions).toEqual([]);
    expect(clock.scenes.map((s) => s.extent)).toEqual([
      { start: 0, end: 75 },
      { start: 75, end: 1113 },
    ]);
  });

  it('starts a transition at the cut and holds the outgoing scene on for it, leaving the clock as it was', () => {
    const clock = layScenes(
      [
        { id: 'a', rule: 'fixed', seconds: 2 },
        { id: 'b', rule: 'fixed', seconds: 3, transition: { kind: 'crossfade', seconds: 0.4 } },
        { id: 'c', rule: 'fixed', seconds: 1, transition: { kind: 'wipe', direction: 'left', seconds: 5 } },
      ],
      fps30,
    );
    expect(clock.duration).toBe(180);
    expect(clock.transitions).toEqual([
      { kind: 'crossfade', from: 0, to: 1, start: 60, duration: 12 },
      // Never longer than the incoming scene.
      { kind: 'wipe', direction: 'left', from: 1, to: 2, start: 150, duration: 30 },
    ]);
    expect(clock.scenes.map((s) => [s.start, s.end, s.extent.end])).toEqual([
      [0, 60, 72],
      [60, 150, 180],
      [150, 180, 180],
    ]);
  });

  it('ignores a transition on the first scene and a cut anywhere, and gives every scene a frame', () => {
    const clock = layScenes(
      [
        { id: 'a', rule: 'auto', seconds: 0, transition: { kind: 'slide', direction: 'up', seconds: 1 } },
        { id: 'b', rule: 'fixed', seconds: 1, transition: { kind: 'cut', seconds: 1 } },
      ],
      fps30,
    );
    expect(clock.scenes.map((s) => [s.start, s.end])).toEqual([
      [0, 1],
      [1, 31],
    ]);
    expect(clock.transitions).toEqual([]);
  });
});
