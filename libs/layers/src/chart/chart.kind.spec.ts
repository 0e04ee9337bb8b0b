import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ClipwrightError, pointerToPath, readPointer } from '@app/core';
import { defaultTheme } from '@app/graphics';
import { frameRate, layScenes } from '@app/timeline';
import type { LayerAt, LayerText } from '../kind-definition';
import { chartRows } from './chart-data';
import { chartKind } from './chart.kind';
import { fullSpec, renderChart } from './chart.render';
import { graphicStyle } from './chart.theme';
import { checkExpression, checkVegaLiteSpec } from './vega-spec.check';

/** A Yahoo Finance chart API (v8) result, cut to four bars: parallel arrays, a null in a gap. */
const item = {
  meta: { symbol: '^GSPC', currency: 'USD', gmtoffset: -18000 },
  timestamp: [1764599400, 1764599700, 1764600000, 1764600300],
  indicators: { quote: [{ close: [6812.4, 6809.1, null, 6820.75] }] },
  rows: [{ t: 'a', v: 1 }],
};

function textFor(data: unknown): LayerText {
  return {
    parseOnly: false,
    render: async (v) => v,
    read: (pointer) => ({
      value: readPointer(data, pointer),
      path: pointerToPath(pointer, '$.chart.result[0]'),
    }),
  };
}

const line = {
  mark: 'line',
  encoding: { x: { field: 't', type: 'temporal' }, y: { field: 'close', type: 'quantitative' } },
};

function codeAndPath(f: () => unknown): { code?: string; path?: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof ClipwrightError) return { code: e.code, path: e.path };
    throw e;
  }
  return {};
}

describe('chart expressions: only the datum, literals and pure functions', () => {
  it.each([
    'datum.t * 1000',
    "format(datum.close, ',.2f')",
    "datum['% change'] >= 0 ? 'up' : 'down'",
    "utcFormat(datetime(datum.t * 1000), '%H:%M')",
    'isValid(datum.close) && datum.close > PI',
  ])('allows %s', (source) => {
    expect(() => checkExpression(source, 'w')).not.toThrow();
  });

  it.each([
    ['event.view', 'uses "event"'],
    ['datum.constructor', 'reaches "constructor"'],
    ["datum['__proto__']", 'reaches "__proto__"'],
    ['datum[datum.key]', 'computed member'],
    ["data('table')", 'calls data'],
    ["scale('x', 3)", 'calls scale'],
    ['toString.constructor', 'reaches "constructor"'],
    ['datum[x]', 'computed member'],
    ["modify('t', datum)", 'calls modify'],
    ['width', 'uses "width"'],
    ['(datum.a)(1)', 'calls a computed function'],
    ['datum.a +', 'is not a Vega expression'],
  ])('refuses %s', (source, message) => {
    expect(() => checkExpression(source, 'templates/x/c.json#$.transform[0].calculate')).toThrow(message);
  });
});

describe('chart specs: checked at load, with the path at fault', () => {
  const where = 'templates/x/template.json#$.scenes[1].layers[0].spec';

  it('accepts a line chart with a calculate, a field filter and a label expression', () => {
    expect(() =>
      checkVegaLiteSpec(
        {
          ...line,
          data: { name: 'session' },
          transform: [{ calculate: 'datum.t * 1000', as: 'ms' }, { filter: { field: 'close', valid: true } }],
          encoding: {
            ...line.encoding,
            y: { ...line.encoding.y, axis: { labelExpr: "datum.label + ' pts'" } },
          },
        },
        where,
      ),
    ).not.toThrow();
  });

  it.each([
    [{ ...line, data: { url: 'http://169.254.169.254/latest' } }, `${where}.data`, 'TEMPLATE_INVALID'],
    [{ ...line, data: { values: [{ t: 1 }] } }, `${where}.data`, 'TEMPLATE_INVALID'],
    [{ ...line, params: [{ name: 'p', value: 1 }] }, `${where}.params`, 'TEMPLATE_INVALID'],
    [{ ...line, width: { signal: 'innerWidth' } }, `${where}.width.signal`, 'TEMPLATE_INVALID'],
    [
      { ...line, transform: [{ calculate: "data('x')", as: 'y' }] },
      `${where}.transform[0].calculate`,
      'TEMPLATE_INVALID',
    ],
    [
      { ...line, mark: { type: 'line', color: { expr: 'event.x' } } },
      `${where}.mark.color.expr`,
      'TEMPLATE_INVALID',
    ],
    [
      { ...line, layer: [{ mark: 'rule', transform: [{ filter: 'window.x' }] }] },
      `${where}.layer[0].transform[0].filter`,
      'TEMPLATE_INVALID',
    ],
    [
      { ...line, encoding: { x: { field: 't', type: 'nominal', axis: { formatType: 'evil' } } } },
      `${where}.encoding.x.axis.formatType`,
      'TEMPLATE_INVALID',
    ],
    [{ ...line, datasets: { a: [] } }, `${where}.datasets`, 'TEMPLATE_INVALID'],
  ])('refuses %j', (spec, at, code) => {
    expect(codeAndPath(() => checkVegaLiteSpec(spec, where))).toEqual({ code, path: at });
  });

  it('fails a file spec at load naming the file and the path inside it, and a spec Vega-Lite cannot compile', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chart-'));
    writeFileSync(
      path.join(dir, 'bad.vl.json'),
      JSON.stringify({ ...line, transform: [{ filter: 'event.x' }] }),
    );
    writeFileSync(path.join(dir, 'broken.vl.json'), '{ "mark": ');
    const at: LayerAt = {
      scene: 1,
      layer: 0,
      path: 'templates/x/template.json#$.scenes[1].layers[0]',
      aspects: ['16:9'],
      sceneId: 'chart',
      narrated: false,
      outputs: [{ aspect: '16:9', width: 1920, height: 1080 }],
      sceneClaims: [],
    };
    const check = (spec: unknown): Promise<unknown> =>
      (chartKind.check as (l: unknown, a: LayerAt, c: { templateDir: string }) => Promise<unknown>)(
        { type: 'chart', spec, data: { values: '/rows' } },
        at,
        { templateDir: dir },
      );
    await expect(check('bad.vl.json')).rejects.toMatchObject({
      code: 'TEMPLATE_INVALID',
      path: 'templates/x/bad.vl.json#$.transform[0].filter',
    });
    await expect(check('broken.vl.json')).rejects.toMatchObject({
      code: 'TEMPLATE_INVALID',
      path: 'templates/x/broken.vl.json',
    });
    await expect(check('missing.vl.json')).rejects.toMatchObject({ code: 'ASSET_NOT_FOUND' });
    await expect(check('../outside.vl.json')).rejects.toMatchObject({ code: 'PATH_ESCAPES' });
    await expect(check({ mark: 'nonsense', encoding: {} })).rejects.toMatchObject({
      code: 'TEMPLATE_INVALID',
      path: `${at.path}.spec`,
    });
    await expect(check(line)).resolves.toBeUndefined();
  });
});

describe('chart data: the item reaches the chart only as values', () => {
  it('zips parallel columns into rows and repeats a single value on every row', () => {
    const rows = chartRows(
      {
        columns: {
          t: '/timestamp',
          close: '/indicators/quote/0/close',
          offset: '/meta/gmtoffset',
        },
      },
      textFor(item),
    );
    expect(rows).toEqual([
      { t: 1764599400, close: 6812.4, offset: -18000 },
      { t: 1764599700, close: 6809.1, offset: -18000 },
      { t: 1764600000, close: null, offset: -18000 },
      { t: 1764600300, close: 6820.75, offset: -18000 },
    ]);
  });

  it('names the data path when rows are missing, not an array, or columns differ in length', () => {
    const text = textFor({ ...item, short: [1, 2] });
    expect(codeAndPath(() => chartRows({ values: '/nothing' }, text))).toEqual({
      code: 'DATA_SCHEMA_MISMATCH',
      path: '$.chart.result[0].nothing',
    });
    expect(codeAndPath(() => chartRows({ values: '/meta' }, text))).toEqual({
      code: 'DATA_SCHEMA_MISMATCH',
      path: '$.chart.result[0].meta',
    });
    expect(codeAndPath(() => chartRows({ columns: { t: '/timestamp', s: '/short' } }, text))).toEqual({
      code: 'DATA_SCHEMA_MISMATCH',
      path: '$.chart.result[0].short',
    });
    expect(chartRows({ values: '/rows' }, { parseOnly: true, render: async (v) => v })).toBeUndefined();
  });

  it('keeps spec-looking data and titles as plain values: nothing from the item becomes spec', () => {
    const hostile = { rows: [{ t: '{"signal": "event"}', v: 1, transform: [{ calculate: 'data("x")' }] }] };
    const values = chartRows({ values: '/rows' }, textFor(hostile)) as unknown[];
    const spec = fullSpec({
      spec: line,
      values,
      title: '{"expr": "event.view"}',
      width: 960,
      height: 540,
      unit: 0.5,
      style: graphicStyle(defaultTheme),
    }) as unknown as Record<string, unknown>;
    expect(spec.data).toEqual({ values: hostile.rows });
    expect(spec.title).toEqual({ text: '{"expr": "event.view"}' });
    expect(spec.transform).toBeUndefined();
    expect(spec.mark).toBe('line');
    expect([spec.width, spec.height]).toEqual([1920, 1080]);
  });
});

describe('chart drawing and timing', () => {
  it('draws the chart as a PNG of the box width with the theme panel behind it', async () => {
    const rows =
      chartRows({ columns: { t: '/timestamp', close: '/indicators/quote/0/close' } }, textFor(item)) ?? [];
    const out = await renderChart({
      spec: { ...line, transform: [{ calculate: 'datum.t * 1000', as: 't' }] },
      values: rows,
      title: 'S&P 500 — 标普500',
      width: 800,
      height: 450,
      unit: 0.5,
      style: graphicStyle(defaultTheme),
      where: 'w',
    });
    expect(out.png.subarray(1, 4).toString()).toBe('PNG');
    expect([out.width, out.height]).toEqual([800, 450]);
  });

  it('refuses to load anything even when a spec with a URL got past the check', async () => {
    await expect(
      renderChart({
        spec: { layer: [{ ...line, data: { url: 'http://127.0.0.1:9/rows.json' } }] },
        values: [],
        width: 400,
        height: 300,
        unit: 0.5,
        style: graphicStyle(defaultTheme),
        where: 'w',
      }),
    ).rejects.toThrow(/may not load "http:\/\/127.0.0.1:9\/rows.json"/);
  });

  it('wipes the chart on over the reveal, from its start in the scene', () => {
    const rate = frameRate(30);
    const [scene] = layScenes([{ id: 'chart', rule: 'fixed', seconds: 6 }], rate).scenes;
    const drawn = {
      media: { type: 'still' as const, file: 'c.png', opaque: false },
      rect: { x: 0, y: 0, width: 9, height: 9 },
    };
    const bound = {
      spec: { inline: line },
      reveal: { type: 'wipe' as const, direction: 'up' as const, duration: 1.2 },
      start: 0.5,
    };
    expect(
      chartKind.place(bound, drawn, scene, { frame: { aspect: '16:9', width: 1920, height: 1080 }, rate }),
    ).toEqual({
      plane: 'scene',
      window: { start: 15, end: 180 },
      fadeIn: 0,
      fadeOut: 0,
      motion: { type: 'wipe', direction: 'up', duration: 36 },
    });
    const still = { ...bound, reveal: { ...bound.reveal, type: 'none' as const } };
    expect(
      chartKind.place(still, drawn, scene, { frame: { aspect: '16:9', width: 1920, height: 1080 }, rate })
        ?.motion,
    ).toEqual({
      type: 'still',
    });
  });
});
