import type { BoundLayer } from '@app/templates';

/** `scenes[1].layers[2]` (by the bound scene's index): a bound layer's key in the job, and its id in the timeline. */
export function layerKey(layer: BoundLayer): string {
  return layer.key;
}

/** `templates/<id>/template.json#$.scenes[1].layers[2]`: where a layer is, for messages. */
export function layerPath(templateId: string, layer: BoundLayer): string {
  return `templates/${templateId}/template.json#${layer.at}`;
}

/** A file stem for a layer (`presenter-s1-l2`), plus the output's aspect when per output (`-16x9`). */
export function layerFileStem(type: string, layer: BoundLayer, aspect?: string): string {
  const m = /scenes\[(\d+)\]\.layers\[(\d+)\]/.exec(layer.key);
  const kebab = type.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/[^a-z0-9-]/g, '');
  return `${kebab}-s${m?.[1] ?? 0}-l${m?.[2] ?? 0}${aspect ? `-${aspect.replace(':', 'x')}` : ''}`;
}
