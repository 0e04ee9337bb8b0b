import { guardJsonText } from './json-guard';

describe('guardJsonText', () => {
  it('passes ordinary JSON, strings holding brackets and escaped quotes included', () => {
    const text = JSON.stringify({ a: [1, -2.5e3, { b: 'x[{"}]\\"' }], c: null, d: 'é 台湾 🌋' });
    expect(guardJsonText(text, 4)).toBeNull();
  });

  it('names the path where the nesting passes the limit', () => {
    expect(guardJsonText('{"data":{"a":[[{"b":1}]]}}', 4)).toEqual({ kind: 'depth', path: '$.data.a[0][0]' });
    expect(guardJsonText('[1,[2,[3]]]', 2)).toEqual({ kind: 'depth', path: '$[1][1]' });
    expect(guardJsonText('{"a b":{"c":{}}}', 2)).toEqual({ kind: 'depth', path: '$["a b"].c' });
  });

  it('refuses 400,000 levels without recursion, quickly', () => {
    const deep = '['.repeat(400_000) + ']'.repeat(400_000);
    expect(guardJsonText(deep, 64)).toEqual({ kind: 'depth', path: '$' + '[0]'.repeat(64) });
  });

  it('names numbers that parse to Infinity, in exponent form and as long digit runs', () => {
    expect(guardJsonText('{"data":{"properties":{"time":1e400}}}', 64)).toEqual({
      kind: 'non-finite',
      path: '$.data.properties.time',
    });
    expect(guardJsonText(`{"a":[0,-${'9'.repeat(400)}]}`, 64)).toEqual({
      kind: 'non-finite',
      path: '$.a[1]',
    });
    expect(guardJsonText('{"a":1e308,"b":-1e-400}', 64)).toBeNull();
  });

  it('does not judge malformed JSON (JSON.parse does)', () => {
    expect(guardJsonText('{"a": ', 64)).toBeNull();
    expect(guardJsonText(']]]"', 64)).toBeNull();
  });
});
