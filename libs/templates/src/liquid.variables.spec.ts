import { createLiquid } from './liquid.sandbox';
import { undefinedVariables } from './liquid.variables';
import { nearestName } from './nearest-name';

const schema = {
  type: 'object',
  definitions: { place: { type: 'object', properties: { name: { type: 'string' } } } },
  properties: {
    title: { type: 'string' },
    place: { $ref: '#/definitions/place' },
    tags: { type: 'array', items: { type: 'object', properties: { label: {} } } },
    extra: { type: 'object' },
    either: { anyOf: [{ properties: { a: {} } }, { properties: { b: {} } }] },
  },
};

function missing(source: string): string[] {
  const liquid = createLiquid('.');
  return undefinedVariables(liquid, liquid.parse(source), { data: schema, item: true }).map((v) => v.name);
}

describe('undefined variables, looked up in the input schema', () => {
  it('follows $ref, array items, anyOf branches and Liquid built-ins', () => {
    expect(
      missing(
        '{{ data.title }}{{ data.place.name }}{{ data.tags[0].label }}{{ data.tags.size }}{{ data.either.b }}{{ item.id }}',
      ),
    ).toEqual([]);
  });

  it('reports misspelled paths and unknown roots, never locals', () => {
    expect(
      missing(
        '{% assign t = data.titel %}{{ t.anything }}{{ data.place.nmae }}{{ data.tags[0].lable }}{{ nothere }}{% for x in data.tags %}{{ x.whatever }}{% endfor %}',
      ),
    ).toEqual(['data.titel', 'data.place.nmae', 'data.tags[0].lable', 'nothere']);
  });

  it('leaves open what the schema leaves open', () => {
    expect(
      missing('{{ data.extra.anything.deeper }}{% for i in (0..1) %}{{ data.tags[i].nope }}{% endfor %}'),
    ).toEqual([]);
  });
});

describe('nearestName', () => {
  it('finds the typo, prefers the longer common start, refuses a stranger', () => {
    expect(nearestName('imgae', ['image', 'title'])).toBe('image');
    expect(nearestName('fixd', ['find', 'fixed'])).toBe('fixed');
    expect(nearestName('hologram', ['image', 'title'])).toBeUndefined();
  });
});
