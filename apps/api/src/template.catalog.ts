import { canonicalJson, ClipwrightError, ErrorCode } from '@app/core';
import { InputValidator, LoadedTemplate, TemplateLoader } from '@app/templates';

interface Entry<T> {
  at: number;
  value: T;
}

/** A template with its compiled input validator. */
export interface CatalogTemplate {
  template: LoadedTemplate;
  validator: InputValidator;
}

/**
 * The API's view of the templates folder, kept in memory: reading and parsing a template and
 * compiling its input schema cost more than the rest of a job create. Entries live for `ttlMs`;
 * after that the old one keeps answering while one re-read runs behind it (stale-while-revalidate),
 * so expiry never becomes a latency spike, and concurrent misses share one load. A template edited
 * on disk is seen within the TTL; its schema is recompiled only when it changed.
 */
export class TemplateCatalog {
  static readonly TTL_MS = 10_000;

  private readonly templates = new Map<string, Entry<CatalogTemplate & { schemaKey: string }>>();
  private ids: Entry<string[]> | undefined;
  private readonly loading = new Map<string, Promise<unknown>>();

  constructor(
    private readonly loader: TemplateLoader,
    private readonly ttlMs = TemplateCatalog.TTL_MS,
  ) {}

  /** The template ids in the folder, sorted. */
  list(): Promise<string[]> {
    return this.cached(
      'list',
      () => this.ids,
      async () => (this.ids = { at: Date.now(), value: await this.loader.list() }).value,
      () => (this.ids = undefined),
    );
  }

  /**
   * One template and its validator. `path` names the request field that held the id, so an
   * unknown template is reported there (`$.template` in a job body, `id` in a URL).
   */
  async get(id: string, path = '$.template'): Promise<CatalogTemplate> {
    try {
      return await this.cached(
        `template:${id}`,
        () => this.templates.get(id),
        () => this.read(id),
        () => this.templates.delete(id),
      );
    } catch (e) {
      if (e instanceof ClipwrightError && e.code === ErrorCode.TemplateNotFound)
        throw new ClipwrightError(e.code, e.message, { path });
      throw e;
    }
  }

  private async read(id: string): Promise<CatalogTemplate> {
    const template = await this.loader.load(id);
    const schemaKey = canonicalJson(template.inputSchema);
    const previous = this.templates.get(id)?.value;
    const validator =
      previous && previous.schemaKey === schemaKey
        ? previous.validator
        : new InputValidator(
            template.inputSchema,
            `templates/${template.manifest.id}/${template.manifest.inputs.schema}`,
          );
    const value = { template, validator, schemaKey };
    this.templates.set(id, { at: Date.now(), value });
    return value;
  }

  private cached<T>(
    key: string,
    current: () => Entry<T> | undefined,
    load: () => Promise<T>,
    evict: () => void,
  ): Promise<T> {
    const hit = current();
    if (hit && Date.now() - hit.at < this.ttlMs) return Promise.resolve(hit.value);
    let pending = this.loading.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = load().finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    if (!hit) return pending;
    // Stale: answer with what we have; a failed re-read (template deleted) drops the entry.
    pending.catch(evict);
    return Promise.resolve(hit.value);
  }
}
