import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { clipwrightPackage, ClipwrightError, ErrorCode } from '@app/core';
import { parseJsonText } from './data.reader';
import { folderPresenterIndex, layerKinds, type LayerKindRegistry, type PresenterIndex } from '@app/layers';
import { checkManifest, InputValidator } from './schema.validator';
import { checkTemplate, readTemplateFile } from './template.checks';
import { LoadedTemplate } from './template.types';

const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface TemplateLoaderOptions {
  /** The layer kinds templates may use; default every registered kind (`layerKinds` of @app/layers). */
  kinds?: LayerKindRegistry;
  /** The presenters folder templates may name; default the package's models/presenters. */
  presentersDir?: string;
  /** Instead of a folder: which presenters exist (tests). */
  presenters?: PresenterIndex;
}

/**
 * Finds templates by id in one folder (templates/ of the project, or a configured one) and checks
 * each one whole when it loads (schema, narrations, durations, every layer kind's own checks), so the
 * API answers a bad template with 400 and the CLI exits 2 before any voice or ffmpeg runs. Nothing
 * here draws or spawns (the kinds' drawing halves are never imported): the API loads templates with
 * it too, and gets the same checks as the CLI and the worker.
 */
export class TemplateLoader {
  readonly kinds: LayerKindRegistry;
  private readonly presenters: PresenterIndex;

  constructor(
    private readonly templatesDir: string,
    options: TemplateLoaderOptions = {},
  ) {
    this.kinds = options.kinds ?? layerKinds;
    this.presenters =
      options.presenters ??
      folderPresenterIndex(
        options.presentersDir ?? path.join(clipwrightPackage().root, 'models', 'presenters'),
      );
  }

  async list(): Promise<string[]> {
    const entries = await fs.readdir(this.templatesDir, { withFileTypes: true }).catch(() => []);
    const ids: string[] = [];
    for (const e of entries) {
      if (e.isDirectory() && TEMPLATE_ID.test(e.name)) {
        const has = await fs.stat(path.join(this.templatesDir, e.name, 'template.json')).then(
          () => true,
          () => false,
        );
        if (has) ids.push(e.name);
      }
    }
    return ids.sort();
  }

  /** Loads and checks one template. Errors: TEMPLATE_NOT_FOUND (path: `template`), TEMPLATE_INVALID naming the field, and the kinds' own codes. */
  async load(id: string): Promise<LoadedTemplate> {
    if (!TEMPLATE_ID.test(id)) {
      throw new ClipwrightError(
        ErrorCode.TemplateNotFound,
        `"${id}" is not a template id (lowercase letters, digits, -)`,
        {
          path: 'template',
        },
      );
    }
    const dir = path.join(this.templatesDir, id);
    const text = await fs.readFile(path.join(dir, 'template.json'), 'utf8').catch(async () => {
      const known = await this.list();
      throw new ClipwrightError(
        ErrorCode.TemplateNotFound,
        `Unknown template "${id}"${known.length ? `; available: ${known.join(', ')}` : ''}`,
        { path: 'template' },
      );
    });
    const shown = `templates/${id}/template.json`;
    const manifest = checkManifest(parseJsonText(text, shown), shown, this.kinds);
    if (manifest.id !== id) {
      throw new ClipwrightError(
        ErrorCode.TemplateInvalid,
        `${shown}: id "${manifest.id}" does not match its folder "${id}"`,
        {
          path: `${shown}#$.id`,
        },
      );
    }
    const schemaText = await readTemplateFile(dir, manifest.inputs.schema, `${shown}#$.inputs.schema`);
    const schemaSource = `templates/${id}/${manifest.inputs.schema}`;
    const inputSchema = parseJsonText(schemaText, schemaSource);
    if (!inputSchema || typeof inputSchema !== 'object') {
      throw new ClipwrightError(ErrorCode.TemplateInvalid, `${schemaSource} is not a JSON Schema object`, {
        path: schemaSource,
      });
    }
    const validator = new InputValidator(inputSchema, schemaSource);
    const narrations = await checkTemplate(manifest, dir, this.kinds, {
      templateDir: dir,
      presenters: this.presenters,
    });
    return { manifest, dir, inputSchema, validator, narrations, kinds: this.kinds };
  }
}
