import { editLanes, laneTransitions } from './edit-lanes';
import { sampleExport } from './testing/sample.export';

describe('editLanes', () => {
  const x = sampleExport();
  const lanes = editLanes(x);
  const order = x.timeline.layers.map((l) => l.id);
  const laneOf = (id: string): number => lanes.findIndex((lane) => lane.some((c) => c.layer.id === id));

  it('keeps every overlapping pair in the z-order of the model', () => {
    const clips = lanes.flat();
    for (const a of clips) {
      for (const b of clips) {
        if (a === b || !(a.start < b.end && b.start < a.end)) continue;
        if (order.indexOf(a.layer.id) < order.indexOf(b.layer.id))
          expect(laneOf(a.layer.id)).toBeLessThan(laneOf(b.layer.id));
      }
    }
  });

  it('never overlaps two clips on a lane, and leaves out layers without a file', () => {
    for (const lane of lanes) {
      for (let i = 1; i < lane.length; i++) expect(lane[i].start).toBeGreaterThanOrEqual(lane[i - 1].end);
    }
    expect(laneOf('scenes[1].layers[4]')).toBe(-1);
  });

  it('cuts a layer held under the transition at its scene end and names roles', () => {
    const title = lanes.flat().find((c) => c.layer.kind === 'title')!;
    expect([title.start, title.end]).toEqual([0, 75]);
    expect(laneOf('scenes[0].layers[0]')).toBe(0);
    expect(lanes.flat().find((c) => c.layer.kind === 'lowerThird')!.role).toBe('titles.lowerThird');
    expect(lanes.flat().find((c) => c.layer.kind === 'presenter')!.role).toBe('video.presenter');
  });

  it('finds the crossfade between the adjacent clips of the bottom lane', () => {
    const [tr] = laneTransitions(x, lanes);
    expect(tr.before.layer.kind).toBe('title');
    expect(tr.after.layer.kind).toBe('background');
    expect(tr.transition.duration).toBe(12);
  });
});
