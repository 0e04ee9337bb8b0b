import type { Liquid } from 'liquidjs';
import { ClipwrightError, ErrorCode, pointerToPath, readPointer } from '@app/core';
import { dropBlankStrings } from './blank-strings';
import { kindOf, type LayerText } from '@app/layers';
import { createLiquid, liquidMessage, liquidPosition } from './liquid.sandbox';
import type { DataItem, LoadedTemplate, SceneSpec } from './template.types';

/** One layer with its texts rendered: `value` is what its kind's `bind` returned. */
export interface BoundLayer {
  type: string;
  /** `$.scenes[1].layers[2]` inside template.json. */
  at: string;
  /**
   * `scenes[3].layers[2]` by the bound scene's index: unique in the job (a repeated scene's layers
   * share their `at`), so it keys the layer's resources, files and timeline entries.
   */
  key: string;
  value: unknown;
}

export interface BoundScene {
  /** The template scene's id; `<id>-<n>` (from 1) for each scene of a `repeat`. */
  id: string;
  /** Position in the clip (the scene clock's index); differs from the template's with `repeat`. */
  index: number;
  /** Index of the scene in template.json that made it (`$.scenes[<templateIndex>]`). */
  templateIndex: number;
  spec: SceneSpec;
  /** What the voice reads in this scene, normalised; empty for a silent scene. */
  narration: string;
  layers: BoundLayer[];
}

/** A template with its texts rendered for one item: what the later stages consume. */
export interface BoundTemplate {
  /** Every scene's narration, in order, one paragraph each (script.txt, result.json). */
  script: string;
  scenes: BoundScene[];
}

/**
 * Spoken text: one space between words, no space before punctuation nor after Chinese and Japanese
 * full-width punctuation (their sentences run on without spaces), no empty sentences.
 */
export function normaliseScript(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/([\u3001\u3002\uff01\uff0c\uff1a\uff1b\uff1f\u300d\u300f\uff09]) /g, '$1')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/([.!?])(?:\s*[.,])+/g, '$1')
    .trim();
}

/** Renders a template's narrations and every layer's Liquid fields for one item, through its kinds. */
export class TemplateBinder {
  private readonly engine: Liquid;

  constructor(private readonly template: LoadedTemplate) {
    this.engine = createLiquid(template.dir);
  }

  /**
   * `now` is the job's time (default the clock's): Liquid sees it as `job.time` (ISO 8601, UTC), so a
   * sale window or a relative date reads the same on a re-render given the same time.
   */
  async bind(item: DataItem, options: { now?: Date } = {}): Promise<BoundTemplate> {
    // Blank strings count as missing here too, whoever validated the item.
    const data = dropBlankStrings(item.data, item.path).value;
    const job = { time: (options.now ?? new Date()).toISOString() };
    const context = { data, item: { index: item.index, id: item.id }, job };
    const { manifest, narrations, kinds } = this.template;
    const instances = manifest.scenes.flatMap((scene, si) => this.instances(scene, si, data));
    const spoken: string[] = [];
    for (const { si, locals } of instances) {
      const source = narrations[si];
      const where =
        typeof manifest.scenes[si].narration === 'object'
          ? (manifest.scenes[si].narration as { file: string }).file
          : `$.scenes[${si}].narration`;
      spoken.push(
        source === undefined
          ? ''
          : normaliseScript(await this.render(source, { ...context, ...locals }, where)),
      );
    }
    const script = spoken.filter(Boolean).join('\n\n');
    const scenes: BoundScene[] = [];
    for (const [index, { si, spec, locals }] of instances.entries()) {
      const layers: BoundLayer[] = [];
      for (const [li, layer] of spec.layers.entries()) {
        const at = `$.scenes[${si}].layers[${li}]`;
        const kind = kindOf(kinds, layer.type);
        if (!kind) {
          throw new ClipwrightError(
            ErrorCode.TemplateInvalid,
            `${this.shown(at)}: no layer kind "${layer.type}"`,
            {
              path: this.shown(`${at}.type`),
            },
          );
        }
        const scope = { ...context, ...locals, script, narration: spoken[index] };
        const text: LayerText = {
          parseOnly: false,
          render: async (value, field) =>
            value === undefined
              ? undefined
              : (await this.render(value, scope, `${at}.${field}`)).replace(/\s+/g, ' ').trim(),
          read: (pointer) => ({ value: readPointer(data, pointer), path: pointerToPath(pointer, item.path) }),
        };
        const key = `scenes[${index}].layers[${li}]`;
        layers.push({ type: layer.type, at, key, value: await kind.bind(layer as never, text) });
      }
      scenes.push({ id: spec.id, index, templateIndex: si, spec, narration: spoken[index], layers });
    }
    return { script, scenes };
  }

  /**
   * The scenes one template scene makes for this item: itself, or with `repeat` one per element of
   * the array it names (none for an absent or empty one). Throws TEMPLATE_RENDER_FAILED on
   * `$.scenes[i].repeat.each` when the data holds something other than an array there.
   */
  private instances(
    scene: SceneSpec,
    si: number,
    data: unknown,
  ): { si: number; spec: SceneSpec; locals: Record<string, unknown> }[] {
    if (!scene.repeat) return [{ si, spec: scene, locals: {} }];
    const { each, as } = scene.repeat;
    const list = each
      .split('.')
      .slice(1)
      .reduce<unknown>(
        (at, key) =>
          at && typeof at === 'object' && Object.prototype.hasOwnProperty.call(at, key)
            ? (at as Record<string, unknown>)[key]
            : undefined,
        data,
      );
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) {
      const shown = this.shown(`$.scenes[${si}].repeat.each`);
      throw new ClipwrightError(
        ErrorCode.TemplateRenderFailed,
        `${shown}: ${each} is not an array for this item`,
        { path: shown },
      );
    }
    return list.map((element: unknown, n) => ({
      si,
      spec: { ...scene, id: `${scene.id}-${n + 1}` },
      locals: { [as]: element, repeat: { index: n, count: list.length } },
    }));
  }

  /** `templates/<id>/template.json#<at>`, or `templates/<id>/<file>` for a narration file. */
  private shown(where: string): string {
    const id = this.template.manifest.id;
    return `templates/${id}/${where.startsWith('$') ? `template.json#${where}` : where}`;
  }

  private async render(source: string, context: object, where: string): Promise<string> {
    try {
      return String(await this.engine.parseAndRender(source, context));
    } catch (e) {
      const shown = this.shown(where);
      const [line, column] = liquidPosition(e);
      throw new ClipwrightError(
        ErrorCode.TemplateRenderFailed,
        `${shown}:${line}:${column}: ${liquidMessage(e)}`,
        {
          path: shown,
          cause: e,
          detail: { position: { line, column } },
        },
      );
    }
  }
}
