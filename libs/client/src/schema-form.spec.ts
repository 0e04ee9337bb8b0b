import schema from './fixtures/news-brief.schema.json';
import { captionChecks } from './qc';
import { dataFromInputs, errorTree, fieldPathOf, formFields, getAt, setAt } from './schema-form';

describe('formFields (news-brief input schema, as GET /v1/templates/news-brief/schema answers)', () => {
  const fields = formFields(schema);
  const byKey = new Map(fields.map((f) => [f.key, f]));

  it('flattens nested objects and tuple arrays into labelled inputs', () => {
    expect(byKey.get('data.properties.mag')).toMatchObject({
      kind: 'number',
      required: true,
      nullable: false,
      minimum: -2,
      maximum: 10,
      label: 'Properties › Mag',
    });
    expect(byKey.get('data.properties.url')).toMatchObject({ kind: 'text', nullable: true, required: false });
    expect(byKey.get('data.properties.alert')).toMatchObject({ kind: 'choice', nullable: true });
    expect(byKey.get('data.geometry.coordinates.1')).toMatchObject({ kind: 'number', minimum: -90 });
    expect(byKey.get('data.type')).toMatchObject({ kind: 'fixed', value: 'Feature' });
  });

  it('builds the data object from the inputs, numbers typed and blanks dropped or null', () => {
    const data = dataFromInputs(fields, {
      'data.properties.mag': '4.6',
      'data.properties.place': '上海',
      'data.properties.time': '1700000000000',
      'data.properties.url': '',
      'data.geometry.coordinates.0': '121.47',
      'data.geometry.coordinates.1': '31.23',
      'data.geometry.coordinates.2': '',
    });
    expect(getAt(data, ['properties', 'mag'])).toBe(4.6);
    expect(getAt(data, ['properties', 'place'])).toBe('上海');
    expect(getAt(data, ['properties', 'url'])).toBeNull();
    expect(getAt(data, ['id'])).toBeUndefined();
    expect(getAt(data, ['geometry', 'coordinates'])).toEqual([121.47, 31.23, null]);
    expect(getAt(data, ['type'])).toBe('Feature');
  });

  it('keeps a number that does not parse as text, for the API to name', () => {
    const data = dataFromInputs(fields, { 'data.properties.mag': 'eleven' });
    expect(getAt(data, ['properties', 'mag'])).toBe('eleven');
  });
});

describe('fieldPathOf / errorTree', () => {
  it("maps the API's JSON path onto the field", () => {
    expect(fieldPathOf('$.data.properties.mag')).toEqual(['properties', 'mag']);
    expect(fieldPathOf('$.data.geometry.coordinates[1]')).toEqual(['geometry', 'coordinates', 1]);
    expect(fieldPathOf('$.data["odd key"].x')).toEqual(['odd key', 'x']);
    expect(fieldPathOf('$.data.features[2].properties.mag', '$.data.features[2]')).toEqual([
      'properties',
      'mag',
    ]);
    expect(fieldPathOf('$.template')).toBeUndefined();
    expect(fieldPathOf('$.database')).toBeUndefined();
    expect(fieldPathOf('header:Authorization')).toBeUndefined();
    expect(fieldPathOf(undefined)).toBeUndefined();
  });

  it("builds @rjsf's extraErrors shape", () => {
    expect(errorTree(['properties', 'mag'], 'must be <= 10')).toEqual({
      properties: { mag: { __errors: ['must be <= 10'] } },
    });
  });

  it('setAt copies instead of mutating', () => {
    const a = { p: { x: 1 } };
    const b = setAt(a, ['p', 'y'], 2);
    expect(a).toEqual({ p: { x: 1 } });
    expect(b).toEqual({ p: { x: 1, y: 2 } });
  });
});

describe('captionChecks', () => {
  it('passes cues within the bars and fails each bar broken', () => {
    const ok = captionChecks([
      { startTime: 0, endTime: 3, text: 'A magnitude 4.6 earthquake\nstruck near Ridgecrest' },
      { startTime: 3, endTime: 5, text: '上海发生地震' },
    ]);
    expect(ok.every((c) => c.pass)).toBe(true);
    const bad = captionChecks([
      { startTime: 0, endTime: 1, text: 'one\ntwo\nthree' },
      { startTime: 1, endTime: 4, text: '上海市发生了一次四点六级的地震震中位于城区' },
    ]);
    expect(Object.fromEntries(bad.map((c) => [c.id, c.pass]))).toEqual({
      'captions:lines': false,
      'captions:length': false,
      'captions:speed': true,
    });
    const fast = captionChecks([{ startTime: 0, endTime: 1, text: 'far too many words for one second' }]);
    expect(fast.find((c) => c.id === 'captions:speed')?.pass).toBe(false);
  });

  it('counts characters without markup', () => {
    const [, length] = captionChecks([
      { startTime: 0, endTime: 10, text: `<v Anchor>${'a'.repeat(42)}</v>` },
    ]);
    expect(length.pass).toBe(true);
  });
});
