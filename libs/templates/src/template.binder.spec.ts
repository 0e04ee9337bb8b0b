import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import { ClipwrightError } from '@app/core';
import { TemplateLoader } from './template.loader';
import { TemplateBinder } from './template.binder';
import { listItems, selectItem } from './item.selector';
import { InputValidator } from './schema.validator';
import { parseJsonText, readDataFile } from './data.reader';

const templatesDir = path.resolve(__dirname, '../../../templates');
const sample = path.join(templatesDir, 'news-brief/sample.geojson');

async function newsBrief() {
  const template = await new TemplateLoader(templatesDir).load('news-brief');
  const data = await readDataFile(sample);
  return { template, data, items: listItems(data, template.manifest) };
}

function caught(fn: () => unknown): ClipwrightError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ClipwrightError) return e;
    throw e;
  }
  throw new Error('expected a ClipwrightError');
}

describe('news-brief binding', () => {
  it('takes the USGS FeatureCollection as it comes, one item per feature with its id', async () => {
    const { items } = await newsBrief();
    expect(items.map((i) => [i.index, i.id, i.path])).toEqual([
      [0, 'us7000abcd', '$.features[0]'],
      [1, 'us7000abce', '$.features[1]'],
    ]);
    expect(selectItem(items, 'us7000abce').index).toBe(1);
    expect(selectItem(items, '0').id).toBe('us7000abcd');
  });

  it('writes the script from every field that is present', async () => {
    // The brief's golden text is in text.filters.spec.ts; this holds the binding around it.
    jest.spyOn(Date, 'now').mockReturnValue(Date.UTC(2025, 10, 22, 12));
    const { template, items } = await newsBrief();
    const bound = await new TemplateBinder(template).bind(items[0]);
    expect(bound.script).toMatch(/^An earthquake of moment magnitude 5\.8 struck 38 kilometers southwest/);
    const card = bound.scenes[1].layers.find((l) => l.type === 'dataCard')?.value;
    expect(card).toMatchObject({
      rows: [
        { label: 'Magnitude', value: 'Mw 5.8' },
        { label: 'Depth', value: '17 km' },
        { label: 'Time', value: '13:42 local · 05:42 UTC' },
        { label: 'Felt reports', value: '112' },
        { label: 'Alert level', value: 'Yellow' },
      ],
    });
    jest.restoreAllMocks();
  });

  it('drops sentences and card rows whose field is null, and never prints "null"', async () => {
    const { template, items } = await newsBrief();
    const bound = await new TemplateBinder(template).bind(items[1]);
    expect(bound.script).not.toMatch(/null|felt|alert/i);
    expect(bound.script).toContain('central Mid-Atlantic Ridge');
    expect(bound.script).toContain('body-wave magnitude');
    const card = bound.scenes[1].layers.find((l) => l.type === 'dataCard')?.value as
      { rows: { label: string }[] } | undefined;
    expect(card ? card.rows.map((r) => r.label) : []).toEqual(['Magnitude', 'Depth', 'Time']);
  });

  it('names the JSON path at fault when an item does not fit the input schema', async () => {
    const { template, data } = await newsBrief();
    const bad = JSON.parse(JSON.stringify(data)) as { features: { properties: Record<string, unknown> }[] };
    bad.features[1].properties.mag = 'strong';
    delete bad.features[0].properties.place;
    const items = listItems(bad, template.manifest);
    const validator = new InputValidator(template.inputSchema, 'inputs.schema.json');
    const e1 = caught(() => validator.check(items[1].data, items[1].path));
    expect([e1.code, e1.path, e1.message]).toEqual([
      'DATA_SCHEMA_MISMATCH',
      '$.features[1].properties.mag',
      'The data does not fit the template: $.features[1].properties.mag must be number',
    ]);
    const e0 = caught(() => validator.check(items[0].data, items[0].path));
    expect([e0.path, e0.message]).toEqual([
      '$.features[0].properties.place',
      'The data does not fit the template: $.features[0].properties.place is required but missing',
    ]);
  });

  it('reports invalid JSON with its line and column', () => {
    const e = caught(() => parseJsonText('{\n  "a": 1,\n  "b" 2\n}', 'feed.json'));
    expect(e.code).toBe('DATA_INVALID_JSON');
    expect(e.message).toMatch(/^feed\.json is not valid JSON: .* at line 3, column 7$/);
  });

  it('reports --select out of range and unknown ids, in the words of the caller', async () => {
    const { items } = await newsBrief();
    expect(caught(() => selectItem(items, '5', '--select')).message).toBe(
      '--select 5 is out of range: the data holds 2 items (0..1)',
    );
    expect(caught(() => selectItem(items, 'nope')).code).toBe('SELECT_OUT_OF_RANGE');
    expect(caught(() => selectItem(items, '5')).path).toBe('select');
  });
});

describe('template loading and the sandbox', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-tpl-'));
    await fs.cp(path.join(templatesDir, 'news-brief'), path.join(dir, 'news-brief'), { recursive: true });
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const editManifest = async (edit: (m: Record<string, unknown>) => void) => {
    const file = path.join(dir, 'news-brief/template.json');
    const m = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    edit(m);
    await fs.writeFile(file, JSON.stringify(m));
  };

  it('names unknown templates and lists the ones there are', async () => {
    await expect(new TemplateLoader(dir).load('weather')).rejects.toMatchObject({
      code: 'TEMPLATE_NOT_FOUND',
      message: 'Unknown template "weather"; available: news-brief',
    });
    await expect(new TemplateLoader(dir).load('../etc')).rejects.toMatchObject({
      code: 'TEMPLATE_NOT_FOUND',
    });
  });

  it('points at the template path of an invalid manifest', async () => {
    await editManifest((m) => {
      (m.scenes as { layers: { type: string }[] }[])[1].layers[1].type = 'hologram';
    });
    await expect(new TemplateLoader(dir).load('news-brief')).rejects.toMatchObject({
      code: 'TEMPLATE_INVALID',
      path: expect.stringMatching(/^templates\/news-brief\/template\.json#\$\.scenes\[1\]\.layers\[1\]/),
    });
  });

  it('refuses template files outside the template folder', async () => {
    await editManifest((m) => {
      (m.scenes as Record<string, unknown>[])[1].narration = { file: '../../etc/passwd' };
    });
    await expect(new TemplateLoader(dir).load('news-brief')).rejects.toMatchObject({
      code: 'TEMPLATE_INVALID',
    });
  });

  it('cannot reach JavaScript from Liquid', async () => {
    await fs.writeFile(
      path.join(dir, 'news-brief/script.liquid'),
      '{{ data.constructor.constructor }}|{{ data.__proto__ }}|{{ "x" | undefined_filter }}',
    );
    // Refused when the template loads, before any item is bound: the filter and both variables.
    await expect(new TemplateLoader(dir).load('news-brief')).rejects.toMatchObject({
      code: 'TEMPLATE_INVALID',
      message: expect.stringContaining('undefined filter: undefined_filter'),
    });
    await fs.writeFile(path.join(dir, 'news-brief/script.liquid'), '{{ data.constructor.constructor }}');
    await expect(new TemplateLoader(dir).load('news-brief')).rejects.toMatchObject({
      message: expect.stringContaining('undefined variable data.constructor.constructor'),
    });
    // And were such Liquid bound all the same, the sandbox gives it nothing.
    const { template, items } = await newsBrief();
    const narrations = template.narrations.map((n) =>
      n === undefined ? n : '[{{ data.constructor.constructor }}{{ data.__proto__ }}]',
    );
    const bound = await new TemplateBinder({ ...template, narrations }).bind(items[0]);
    expect(bound.script).toBe('[]');
  });
});
