import { layerKind } from '@app/layers';
import type { AfterCaption, LayerKey, Performed } from '../job.types';
import { layerFileStem, layerKey, layerPath } from '../layer-key';

/**
 * Work done once per job for every output: each layer whose kind performs (the presenter's lip-sync
 * model) runs here over its scene's whole extent; outputs then only scale what it made.
 */
export async function perform(job: AfterCaption): Promise<Performed> {
  const performances = new Map<LayerKey, unknown>();
  const todo = job.bound.scenes.flatMap((scene) => scene.layers.map((layer) => ({ scene, layer })));
  for (const [n, { scene, layer }] of todo.entries()) {
    const painter = await layerKind(job.services.kinds, layer.type).painter();
    if (painter.perform) {
      const key = layerKey(layer);
      const performance = await painter.perform(layer.value, job.resources.get(key), {
        scene: job.clock.scenes[scene.index],
        rate: job.rate,
        voice: job.voice.find((v) => v.scene === scene.index)?.speech,
        presenters: job.services.presenters,
        ffmpeg: job.services.ffmpeg,
        workDir: job.workDir,
        name: layerFileStem(layer.type, layer),
        seed: job.seed,
        where: layerPath(job.template.manifest.id, layer),
        signal: job.signal,
      });
      performances.set(key, performance);
    }
    job.progress((n + 1) / todo.length);
  }
  return { performances };
}
