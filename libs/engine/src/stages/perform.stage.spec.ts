import * as path from 'node:path';
import { type AnyLayerKind, defineKind, layerKinds, type PerformContext } from '@app/layers';
import {
  jobFor,
  loadTestTemplate,
  manifestWith,
  useWorkspace,
  throughGenerate,
} from '../testing/engine.testing';

jest.setTimeout(60_000);

describe('perform and generate stages', () => {
  const ws = useWorkspace('perform');

  it("runs each performing layer once, over its scene's extent, with its scene's voice", async () => {
    const calls: { layer: unknown; ctx: PerformContext }[] = [];
    // A kind that performs, standing in for the presenter (whose model needs onnxruntime).
    const performer: AnyLayerKind = defineKind({
      ...(layerKinds.find((k) => k.type === 'background') as AnyLayerKind),
      painter: async () => ({
        perform: async (layer: unknown, _r: unknown, ctx: PerformContext) => (
          calls.push({ layer, ctx }),
          `made for ${ctx.name}`
        ),
        draw: async () => null,
      }),
    });
    const kinds = [performer, ...layerKinds.filter((k) => k.type !== 'background')];
    const template = await loadTestTemplate(
      ws.root,
      manifestWith([
        { id: 'open', duration: 1, layers: [{ type: 'captions' }] },
        {
          id: 'read',
          duration: 'speech',
          narration: 'Two words.',
          transition: { type: 'crossfade' },
          layers: [{ type: 'background' }],
        },
      ]),
    );
    const job = await throughGenerate(jobFor(template, ws.work, { services: { kinds } }));
    const { performances } = job;
    expect(calls).toHaveLength(1);
    expect(calls[0].ctx).toMatchObject({
      name: 'background-s1-l0',
      workDir: ws.work,
      seed: 7,
      scene: { id: 'read', start: 30 },
    });
    expect(calls[0].ctx.voice?.audioPath).toBe(path.join(ws.work, 'voice-1.wav'));
    expect([...performances]).toEqual([['scenes[1].layers[0]', 'made for background-s1-l0']]);
    expect(job.generated.size).toBe(0);
  });
});
