import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { toErrorResponse } from './api.error';
import { TemplateLoader } from '@app/templates';
import { TemplateCatalog } from './template.catalog';

const root = path.resolve(__dirname, '../../..');

describe('TemplateCatalog', () => {
  let dir: string;
  let loader: TemplateLoader;
  let catalog: TemplateCatalog;
  let clock: jest.SpyInstance<number, []>;
  let now: number;
  /** Waits for every load the spy has seen, then for what runs after them (no timing guess). */
  const settled = async (spy: jest.SpyInstance) => {
    await Promise.allSettled(spy.mock.results.map((r) => r.value as unknown));
    await new Promise((r) => setImmediate(r));
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cw-catalog-'));
    cpSync(path.join(root, 'templates/news-brief'), path.join(dir, 'news-brief'), { recursive: true });
    loader = new TemplateLoader(dir);
    catalog = new TemplateCatalog(loader, 1000);
    now = Date.now();
    clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => {
    clock.mockRestore();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads a template once under concurrent requests, and serves it stale while re-reading it', async () => {
    const load = jest.spyOn(loader, 'load');
    const first = await Promise.all(Array.from({ length: 20 }, () => catalog.get('news-brief')));
    expect(load).toHaveBeenCalledTimes(1);
    expect(new Set(first).size).toBe(1);
    now += 1001;
    const stale = await Promise.all(Array.from({ length: 5 }, () => catalog.get('news-brief')));
    expect(stale.every((t) => t === first[0])).toBe(true);
    expect(load).toHaveBeenCalledTimes(2);
    await settled(load);
    const fresh = await catalog.get('news-brief');
    expect(fresh).not.toBe(first[0]);
    // Same schema text: the compiled validator is kept.
    expect(fresh.validator).toBe(first[0].validator);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('recompiles the validator when the schema on disk changed', async () => {
    const load = jest.spyOn(loader, 'load');
    const before = await catalog.get('news-brief');
    const schemaFile = path.join(dir, 'news-brief', before.template.manifest.inputs.schema);
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(schemaFile, JSON.stringify({ ...schema, description: 'edited' }));
    now += 1001;
    await catalog.get('news-brief');
    await settled(load);
    const after = await catalog.get('news-brief');
    expect(after.validator).not.toBe(before.validator);
  });

  it('lists from memory within the TTL and sees a new template after it', async () => {
    const list = jest.spyOn(loader, 'list');
    expect(await catalog.list()).toEqual(['news-brief']);
    expect(await catalog.list()).toEqual(['news-brief']);
    expect(list).toHaveBeenCalledTimes(1);
    cpSync(path.join(dir, 'news-brief'), path.join(dir, 'other-brief'), { recursive: true });
    now += 1001;
    await catalog.list();
    await settled(list);
    expect(await catalog.list()).toEqual(['news-brief', 'other-brief']);
  });

  it('forgets a template deleted from disk, and reports an unknown one at the field that named it', async () => {
    const load = jest.spyOn(loader, 'load');
    await catalog.get('news-brief');
    rmSync(path.join(dir, 'news-brief'), { recursive: true });
    now += 1001;
    await catalog.get('news-brief'); // stale answer; the re-read fails behind it
    await settled(load);
    let caught: unknown;
    await catalog.get('news-brief', 'id').catch((e: unknown) => (caught = e));
    expect(toErrorResponse(caught)).toEqual({
      status: 404,
      body: { error: { code: 'TEMPLATE_NOT_FOUND', message: 'Unknown template "news-brief"', path: 'id' } },
    });
  });
});
