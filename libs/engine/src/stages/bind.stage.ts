import { ClipwrightError, ErrorCode, stripControlCharactersDeep } from '@app/core';
import { layerKind } from '@app/layers';
import { TemplateBinder } from '@app/templates';
import { folderImageSource } from '../image-source';
import type { Bound, JobContext, LayerKey } from '../job.types';
import { layerFileStem, layerKey, layerPath } from '../layer-key';

/**
 * Data + template -> every scene's narration and every layer's texts (Liquid, sandboxed), then the
 * pictures the layers name, read and decoded once for every output. A missing or broken picture and
 * a speech scene with nothing to read fail here, in milliseconds, before any voice runs. Control
 * characters in the data (a NUL, a bell, C1 codes pasted from a CMS) are removed before binding:
 * they are invisible on screen, read as noise by a voice, and cut C strings short downstream.
 */
export async function bind(job: JobContext): Promise<Bound> {
  const { manifest, dir } = job.template;
  const item = { ...job.item, data: stripControlCharactersDeep(job.item.data) };
  const bound = await new TemplateBinder(job.template).bind(item, { now: job.now });
  for (const scene of bound.scenes) {
    if (scene.spec.duration === 'speech' && !scene.narration) {
      const at = `templates/${manifest.id}/template.json#$.scenes[${scene.templateIndex}].narration`;
      throw new ClipwrightError(
        ErrorCode.TemplateRenderFailed,
        `${at}: produced no text to read for this item`,
        {
          path: at,
        },
      );
    }
  }
  const resources = new Map<LayerKey, unknown>();
  const templateImages = folderImageSource(dir);
  const brandLogo = job.brandLogo && {
    ref: job.brandLogo.ref,
    source: job.brandLogo.from === 'request' ? job.images : templateImages,
  };
  for (const scene of bound.scenes) {
    for (const layer of scene.layers) {
      const painter = await layerKind(job.services.kinds, layer.type).painter();
      if (!painter.load) continue;
      const resource = await painter.load(layer.value, {
        images: job.images,
        templateImages,
        media: { ffmpeg: job.services.ffmpeg, workDir: job.workDir, name: layerFileStem(layer.type, layer) },
        where: layerPath(manifest.id, layer),
        signal: job.signal,
        ...(brandLogo ? { brandLogo } : {}),
      });
      resources.set(layerKey(layer), resource);
    }
  }
  return { bound, resources };
}
