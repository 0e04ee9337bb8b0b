import { layerKind } from '@app/layers';
import type { AfterPerform, Generated, LayerKey } from '../job.types';
import { layerKey, layerPath } from '../layer-key';

/**
 * Generated pictures (backdrops, b-roll): each layer whose kind generates (`generate`) asks the
 * engine's image generator once per job, before compose, so every output draws the same picture.
 * The generator caches by model and parameters: a re-render of the same data makes nothing again.
 */
export async function generate(job: AfterPerform): Promise<Generated> {
  const generated = new Map<LayerKey, unknown>();
  const pending = [];
  for (const scene of job.bound.scenes)
    for (const layer of scene.layers) {
      const painter = await layerKind(job.services.kinds, layer.type).painter();
      if (painter.generate) pending.push({ layer, painter });
    }
  for (const [n, { layer, painter }] of pending.entries()) {
    const key = layerKey(layer);
    const made = await painter.generate!(layer.value, job.resources.get(key), {
      ...(job.services.images ? { images: job.services.images } : {}),
      seed: job.seed,
      where: layerPath(job.template.manifest.id, layer),
      ...(job.signal ? { signal: job.signal } : {}),
      progress: (f) => job.progress((n + f) / pending.length),
    });
    generated.set(key, made);
  }
  return { generated };
}
