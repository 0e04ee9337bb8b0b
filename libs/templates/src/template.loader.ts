import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode, resolveInside } from '@app/core';
import { parseJsonText } from './data.reader';
import { checkManifest } from './schema.validator';
import { LoadedTemplate } from './template.types';

const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Finds templates by id in one folder (templates/ of the project, or a configured one). */
export class TemplateLoader {
  constructor(private readonly templatesDir: string) {}

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

  async load(id: string): Promise<LoadedTemplate> {
    if (!TEMPLATE_ID.test(id)) {
      throw new ClipwrightError(
        ErrorCode.TemplateNotFound,
        `"${id}" is not a template id (lowercase letters, digits, -)`,
        {
          path: '--template',
        },
      );
    }
    const dir = path.join(this.templatesDir, id);
    const manifestFile = path.join(dir, 'template.json');
    const text = await fs.readFile(manifestFile, 'utf8').catch(async () => {
      const known = await this.list();
      throw new ClipwrightError(
        ErrorCode.TemplateNotFound,
        `Unknown template "${id}"${known.length ? `; available: ${known.join(', ')}` : ''}`,
        { path: '--template' },
      );
    });
    const shown = `templates/${id}/template.json`;
    const manifest = checkManifest(parseJsonText(text, shown), shown);
    if (manifest.id !== id) {
      throw new ClipwrightError(
        ErrorCode.TemplateInvalid,
        `${shown}: id "${manifest.id}" does not match its folder "${id}"`,
        {
          path: `${shown}#$.id`,
        },
      );
    }
    const schemaText = await this.readInside(dir, manifest.inputs.schema, `${shown}#$.inputs.schema`);
    const scriptSource = await this.readInside(dir, manifest.script, `${shown}#$.script`);
    const inputSchema = parseJsonText(schemaText, `templates/${id}/${manifest.inputs.schema}`);
    if (!inputSchema || typeof inputSchema !== 'object') {
      throw new ClipwrightError(
        ErrorCode.TemplateInvalid,
        `templates/${id}/${manifest.inputs.schema} is not a JSON Schema object`,
      );
    }
    return { manifest, dir, inputSchema, scriptSource };
  }

  private async readInside(dir: string, relative: string, where: string): Promise<string> {
    const file = resolveInside(dir, relative, 'template file');
    return fs.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new ClipwrightError(
        ErrorCode.TemplateInvalid,
        `${where}: cannot read "${relative}" (${e.code})`,
        { path: where, cause: e },
      );
    });
  }
}
