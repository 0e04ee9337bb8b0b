import type { Liquid } from 'liquidjs';
import { ClipwrightError, ErrorCode } from '@app/core';
import { dropBlankStrings } from './blank-strings';
import { kindOf, type LayerText } from '@app/layers';
import { createLiquid, liquidMessage } from './liquid.sandbox';
import type { DataItem, LoadedTemplate, SceneSpec } from './template.types';

/** One layer with its texts rendered: `value` is what its kind's `bind` returned. */
export interface BoundLayer {
  type: string;
  /** `$.scenes[1].layers[2]` inside template.json. */
  at: string;
  value: unknown;
}

export interface BoundScene {
  id: string;
  index: number;
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

/** Spoken text: one space between words, no space before punctuation, no empty sentences. */
export function normaliseScript(text: string): string {
  return text
    .replace(/\s+/g, ' ')
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
    const spoken: string[] = [];
    for (const [si, source] of narrations.entries()) {
      const where =
        typeof manifest.scenes[si].narration === 'object'
          ? (manifest.scenes[si].narration as { file: string }).file
          : `$.scenes[${si}].narration`;
      spoken.push(source === undefined ? '' : normaliseScript(await this.render(source, context, where)));
    }
    const script = spoken.filter(Boolean).join('\n\n');
    const scenes: BoundScene[] = [];
    for (const [si, scene] of manifest.scenes.entries()) {
      const layers: BoundLayer[] = [];
      for (const [li, layer] of scene.layers.entries()) {
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
        const text: LayerText = {
          parseOnly: false,
          render: async (value, field) =>
            value === undefined
              ? undefined
              : (await this.render(value, { ...context, script, narration: spoken[si] }, `${at}.${field}`))
                  .replace(/\s+/g, ' ')
                  .trim(),
        };
        layers.push({ type: layer.type, at, value: await kind.bind(layer as never, text) });
      }
      scenes.push({ id: scene.id, index: si, spec: scene, narration: spoken[si], layers });
    }
    return { script, scenes };
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
      throw new ClipwrightError(ErrorCode.TemplateRenderFailed, `${shown}: ${liquidMessage(e)}`, {
        path: shown,
        cause: e,
      });
    }
  }
}
