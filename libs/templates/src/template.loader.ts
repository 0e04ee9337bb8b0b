import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { clipwrightPackage, ClipwrightError, ErrorCode } from '@app/core';
import { parseJsonText } from './data.reader';
import {
  folderPresenterIndex,
  type JsonSchema,
  layerKinds,
  type LayerKindRegistry,
  type PresenterIndex,
} from '@app/layers';
import { InputValidator, manifestProblems } from './schema.validator';
import { checkTemplate, readTemplateFile } from './template.checks';
import { ProblemList } from './template.problems';
import type { LoadedTemplate, TemplateManifest } from './template.types';

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

  /**
   * Loads and checks one template; throws the first problem, every problem in `detail.problems`
   * (see `inspect`). Errors: TEMPLATE_NOT_FOUND (path: `template`), TEMPLATE_INVALID naming the
   * field, and the kinds' own codes.
   */
  async load(id: string): Promise<LoadedTemplate> {
    const { template, problems } = await this.inspect(id);
    if (!template) throw problems.toError();
    return template;
  }

  /**
   * Checks one template whole and collects every problem instead of stopping at the first (what
   * `clipwright validate` prints): schema errors at each JSON path, each layer's own checks, Liquid
   * that does not parse or reads a variable the input schema lacks (file, line, column). `template`
   * is set only when there is no problem. Throws only TEMPLATE_NOT_FOUND.
   */
  async inspect(id: string): Promise<{ template?: LoadedTemplate; problems: ProblemList }> {
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
    const problems = new ProblemList();
    const shown = `templates/${id}/template.json`;
    const value = await problems.attempt(() => parseJsonText(text, shown));
    if (value === undefined) return { problems };
    for (const p of manifestProblems(value, shown, this.kinds)) problems.add(p);
    // Past a schema error the manifest's shape is not known: deeper checks would only guess.
    if (!problems.empty) return { problems };
    const manifest = value as TemplateManifest;
    if (manifest.id !== id) {
      problems.addError(
        new ClipwrightError(
          ErrorCode.TemplateInvalid,
          `${shown}: id "${manifest.id}" does not match its folder "${id}"`,
          {
            path: `${shown}#$.id`,
          },
        ),
      );
    }
    const schemaSource = `templates/${id}/${manifest.inputs.schema}`;
    const inputs = await problems.attempt(async () => {
      const schemaText = await readTemplateFile(dir, manifest.inputs.schema, `${shown}#$.inputs.schema`);
      const inputSchema = parseJsonText(schemaText, schemaSource);
      if (!inputSchema || typeof inputSchema !== 'object') {
        throw new ClipwrightError(ErrorCode.TemplateInvalid, `${schemaSource} is not a JSON Schema object`, {
          path: schemaSource,
        });
      }
      return { inputSchema, validator: new InputValidator(inputSchema, schemaSource) };
    });
    const narrations = await checkTemplate(
      manifest,
      dir,
      this.kinds,
      { templateDir: dir, presenters: this.presenters },
      problems,
      inputs?.inputSchema as JsonSchema | undefined,
    );
    if (!problems.empty || !inputs) return { problems };
    return { template: { manifest, dir, ...inputs, narrations, kinds: this.kinds }, problems };
  }
}
