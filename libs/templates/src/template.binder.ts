import { Liquid } from 'liquidjs';
import { ClipwrightError, ErrorCode } from '@app/core';
import { textFilters } from './text.filters';
import { DataItem, LayerSpec, LoadedTemplate, SceneSpec } from './template.types';

/** A template with its texts rendered for one item: what the later stages consume. */
export interface BoundTemplate {
  script: string;
  scenes: SceneSpec[];
}

/**
 * Liquid is the sandbox: no code execution, own properties only, no file access outside the
 * template folder, and limits on parse size, render time and memory so a template cannot hang or
 * exhaust a worker.
 */
function createEngine(root: string): Liquid {
  const engine = new Liquid({
    root: [root],
    partials: [root],
    extname: '.liquid',
    relativeReference: false,
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    parseLimit: 1e5,
    renderLimit: 2000,
    memoryLimit: 1e7,
  });
  for (const [name, fn] of Object.entries(textFilters))
    engine.registerFilter(name, fn as (...args: unknown[]) => string);
  return engine;
}

/** Spoken text: one space between words, no space before punctuation, no empty sentences. */
export function normaliseScript(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/([.!?])(?:\s*[.,])+/g, '$1')
    .trim();
}

export class TemplateBinder {
  private readonly engine: Liquid;

  constructor(private readonly template: LoadedTemplate) {
    this.engine = createEngine(template.dir);
  }

  async bind(item: DataItem): Promise<BoundTemplate> {
    const context = { data: item.data, item: { index: item.index, id: item.id } };
    const script = normaliseScript(
      await this.render(this.template.scriptSource, context, this.template.manifest.script),
    );
    const scenes: SceneSpec[] = [];
    for (const [si, scene] of this.template.manifest.scenes.entries()) {
      const layers: LayerSpec[] = [];
      for (const [li, layer] of scene.layers.entries()) {
        layers.push(await this.bindLayer(layer, { ...context, script }, `$.scenes[${si}].layers[${li}]`));
      }
      scenes.push({ ...scene, layers });
    }
    return { script, scenes };
  }

  private async bindLayer(layer: LayerSpec, context: object, where: string): Promise<LayerSpec> {
    const text = async (value: string | undefined, field: string): Promise<string | undefined> =>
      value === undefined
        ? undefined
        : (await this.render(value, context, `${where}.${field}`)).replace(/\s+/g, ' ').trim();
    switch (layer.type) {
      case 'title':
        return {
          ...layer,
          kicker: (await text(layer.kicker, 'kicker')) ?? '',
          title: (await text(layer.title, 'title')) ?? '',
          subtitle: await text(layer.subtitle, 'subtitle'),
          image: await text(layer.image, 'image'),
        };
      case 'lowerThird':
        return {
          ...layer,
          title: (await text(layer.title, 'title')) ?? '',
          subtitle: await text(layer.subtitle, 'subtitle'),
        };
      case 'dataCard': {
        const rows: { label: string; value: string }[] = [];
        for (const [ri, row] of layer.rows.entries()) {
          const value = (await text(row.value, `rows[${ri}].value`)) ?? '';
          // A row whose value is missing in the data is left out, not shown empty.
          if (value) rows.push({ label: (await text(row.label, `rows[${ri}].label`)) ?? '', value });
        }
        return { ...layer, title: (await text(layer.title, 'title')) ?? '', rows };
      }
      default:
        return layer;
    }
  }

  private async render(source: string, context: object, where: string): Promise<string> {
    try {
      return String(await this.engine.parseAndRender(source, context));
    } catch (e) {
      const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
      const shown = `templates/${this.template.manifest.id}/${where.startsWith('$') ? `template.json#${where}` : where}`;
      throw new ClipwrightError(ErrorCode.TemplateRenderFailed, `${shown}: ${message}`, {
        path: shown,
        cause: e,
      });
    }
  }
}
