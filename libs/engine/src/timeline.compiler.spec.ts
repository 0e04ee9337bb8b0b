import type { SceneSpec } from '@app/templates';
import { layerWindow, planScenes, SPEECH_TAIL } from './timeline.compiler';

const scenes: SceneSpec[] = [
  { id: 'open', duration: 2.5, layers: [{ type: 'title', kicker: 'K', title: 'T' }] },
  {
    id: 'read',
    duration: 'speech',
    layers: [
      { type: 'background' },
      { type: 'dataCard', title: 'C', rows: [{ label: 'a', value: 'b' }], start: 0.6 },
      { type: 'lowerThird', title: 'L', start: 0.3, end: 9 },
      { type: 'captions' },
    ],
  },
];

describe('timeline compiler', () => {
  it('lays scenes end to end and stretches the speech scene to the reading', () => {
    const t = planScenes(scenes, 20);
    expect(t.speechStart).toBe(2.5);
    expect(t.duration).toBeCloseTo(2.5 + 20 + SPEECH_TAIL, 9);
    expect(t.scenes.map((s) => [s.id, s.start, s.end])).toEqual([
      ['open', 0, 2.5],
      ['read', 2.5, 2.5 + 20 + SPEECH_TAIL],
    ]);
  });

  it('needs exactly one speech scene', () => {
    expect(() => planScenes([scenes[0]], 5)).toThrow(/exactly one scene with duration "speech"/);
  });

  it('gives each overlay an absolute window and its motion', () => {
    const t = planScenes(scenes, 20);
    const [open, read] = t.scenes;
    const still = { file: 'x.png', x: 96, y: 700, width: 900 };
    expect(layerWindow(open.layers[0], open, 1920, still)).toEqual({
      kind: 'title',
      start: 0,
      end: 2.9,
      fadeIn: 0,
      fadeOut: 0.4,
      slideFromX: 0,
      slideSeconds: 0,
    });
    expect(layerWindow(read.layers[2], read, 1920, still)).toEqual({
      kind: 'lowerThird',
      start: 2.8,
      end: 11.5,
      fadeIn: 0.15,
      fadeOut: 0.3,
      slideFromX: -996,
      slideSeconds: 0.5,
    });
    const card = layerWindow(read.layers[1], read, 1920, still);
    expect(card).toMatchObject({ kind: 'dataCard', start: 3.1, fadeOut: 0, slideFromX: 58 });
    expect(card?.end).toBeCloseTo(read.end, 9);
    expect(layerWindow(read.layers[0], read, 1920, still)).toBeNull();
  });

  it('clips windows to a short scene and drops ones too short to read', () => {
    const t = planScenes(scenes, 2);
    const read = t.scenes[1];
    const w = layerWindow(read.layers[2], read, 1920, { file: 'x.png', x: 0, y: 0, width: 10 });
    expect(w?.end).toBeCloseTo(read.end, 9);
    expect(
      layerWindow({ type: 'lowerThird', title: 'L', start: 2.1 }, read, 1920, {
        file: 'x',
        x: 0,
        y: 0,
        width: 1,
      }),
    ).toBeNull();
  });
});
