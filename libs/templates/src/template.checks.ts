import { promises as fs } from 'node:fs';
import { ClipwrightError, ErrorCode, resolveInside } from '@app/core';
import {
  kindOf,
  type LayerAt,
  type LayerKindRegistry,
  type LayerText,
  type TemplateCheckContext,
} from '@app/layers';
import { createLiquid, liquidMessage } from './liquid.sandbox';
import type { TemplateManifest } from './template.types';

function invalid(path: string, message: string, cause?: unknown): ClipwrightError {
  return new ClipwrightError(ErrorCode.TemplateInvalid, `${path}: ${message}`, { path, cause });
}

/** Reads a file the template names, inside its folder; `where` is the template field that names it. */
export async function readTemplateFile(dir: string, relative: string, where: string): Promise<string> {
  const file = resolveInside(dir, relative, 'template file');
  return fs.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw invalid(where, `cannot read "${relative}" (${e.code})`, e);
  });
}

/**
 * Everything about a template that can be known without data, checked at load so a bad template is
 * refused in milliseconds, before any voice runs: scene ids, narrations (read and parsed), what each
 * scene duration needs, transitions, and every layer's own checks and Liquid. Returns each scene's
 * narration source. Errors name the field: `templates/<id>/template.json#$.scenes[1].narration`.
 */
export async function checkTemplate(
  manifest: TemplateManifest,
  dir: string,
  kinds: LayerKindRegistry,
  ctx: TemplateCheckContext,
): Promise<(string | undefined)[]> {
  const shown = `templates/${manifest.id}/template.json#`;
  const liquid = createLiquid(dir);
  const parse = (source: string, where: string): void => {
    try {
      liquid.parse(source);
    } catch (e) {
      throw invalid(where, `the Liquid does not parse: ${liquidMessage(e)}`, e);
    }
  };
  const seen = new Set<string>();
  const narrations: (string | undefined)[] = [];
  for (const [si, scene] of manifest.scenes.entries()) {
    const at = `${shown}$.scenes[${si}]`;
    if (seen.has(scene.id)) throw invalid(`${at}.id`, `a second scene is called "${scene.id}"`);
    seen.add(scene.id);

    let narration: string | undefined;
    if (typeof scene.narration === 'string') narration = scene.narration;
    else if (scene.narration)
      narration = await readTemplateFile(dir, scene.narration.file, `${at}.narration.file`);
    if (narration !== undefined) parse(narration, `${at}.narration`);
    narrations.push(narration);

    if (scene.duration === 'speech' && narration === undefined) {
      throw invalid(
        `${at}.duration`,
        'a "speech" scene lasts as long as its narration, and this scene has none',
      );
    }
    const layerKinds = scene.layers.map((l) => kindOf(kinds, l.type));
    if (
      scene.duration === 'media' &&
      !scene.layers.some((l, i) => layerKinds[i]?.hasMediaLength?.(l as never))
    ) {
      throw invalid(
        `${at}.duration`,
        'a "media" scene lasts as long as its timed media (a clip), and this scene has none',
      );
    }
    if (
      scene.duration === 'auto' &&
      narration === undefined &&
      !scene.layers.some((l, i) => (layerKinds[i]?.endsAt?.(l as never) ?? 0) > 0)
    ) {
      throw invalid(`${at}.duration`, 'an "auto" scene needs a narration or a layer with an end in seconds');
    }
    if (si === 0 && scene.transition && scene.transition.type !== 'cut') {
      throw invalid(`${at}.transition`, 'the first scene has nothing before it to transition from');
    }

    for (const [li, layer] of scene.layers.entries()) {
      const kind = layerKinds[li];
      const where: LayerAt = {
        scene: si,
        layer: li,
        path: `${at}.layers[${li}]`,
        aspects: manifest.outputs.map((o) => o.aspect),
        sceneId: scene.id,
        narrated: narration !== undefined,
        outputs: manifest.outputs,
        sceneClaims: [...new Set(layerKinds.flatMap((k) => k?.claims ?? []))],
      };
      if (!kind) throw invalid(`${where.path}.type`, `no layer kind "${layer.type}"`);
      await kind.check?.(layer as never, where, ctx);
      const text: LayerText = {
        parseOnly: true,
        render: async (value, field) =>
          value === undefined ? undefined : (parse(value, `${where.path}.${field}`), value),
      };
      await kind.bind(layer as never, text);
    }
  }
  return narrations;
}
