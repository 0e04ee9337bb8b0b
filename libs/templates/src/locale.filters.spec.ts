import { createLiquid } from './liquid.sandbox';
import { stableHash } from './locale.filters';

const liquid = createLiquid('.');
const render = (source: string, data: object = {}) => liquid.parseAndRenderSync(source, { data });
const NOV_21 = Date.UTC(2025, 10, 21, 5, 42);

describe('locale-aware data-to-text filters (Intl)', () => {
  it.each([
    ['{{ 1234567.891 | format_number: "de", 2 }}', '1.234.567,89'],
    ['{{ 1234567.891 | format_number: "en" }}', '1,234,568'],
    ['{{ 12345 | format_number: "zh-CN" }}', '12,345'],
    ['{{ 12.5 | format_currency: "EUR", "fr" }}', '12,50\u00a0€'],
    ['{{ 1999 | format_currency: "usd", "en-US" }}', '$1,999.00'],
    ['{{ -0.0123 | format_percent: "en", 1 }}', '-1.2%'],
    [
      '{{ 3 | ordinal: "en" }} {{ 22 | ordinal: "en" }} {{ 11 | ordinal: "en" }} {{ 101 | ordinal: "en" }}',
      '3rd 22nd 11th 101st',
    ],
    [
      '{{ 1 | ordinal: "fr" }} {{ 2 | ordinal: "fr" }} {{ 3 | ordinal: "de" }} {{ 3 | ordinal: "zh-CN" }}',
      '1er 2e 3. 第3',
    ],
    [
      '{{ 1 | plural: "felt report", "felt reports" }}; {{ 112 | plural: "felt report", "felt reports" }}',
      '1 felt report; 112 felt reports',
    ],
    ['{{ 3 | plural: "one=отчёт|few=отчёта|many=отчётов|other=отчёта", "ru" }}', '3 отчёта'],
    ['{{ 5 | plural: "one=отчёт|few=отчёта|many=отчётов|other=отчёта", "ru" }}', '5 отчётов'],
    ['{{ 17.24 | format_unit: "kilometer", "en" }}', '17.2 kilometers'],
    ['{{ 17.24 | format_unit: "kilometer", "zh-CN" }}', '17.2公里'],
    ['{{ 30 | format_unit: "kilometer-per-hour", "en", "short" }}', '30 km/h'],
    ['{{ data.names | join_list: "en" }}', 'Ana, Ben, and Cleo'],
    ['{{ data.names | join_list: "zh-CN" }}', 'Ana、Ben和Cleo'],
    ['{{ data.names | join_list: "es", "or" }}', 'Ana, Ben o Cleo'],
  ])('%s -> %s', (source, expected) => {
    expect(render(source, { names: ['Ana', 'Ben', null, ' ', 'Cleo'] })).toBe(expected);
  });

  it('writes dates per locale and zone, and time relative to an instant', () => {
    expect(render(`{{ ${NOV_21} | format_date: "zh-CN", "long", "Asia/Shanghai" }}`)).toBe('2025年11月21日');
    expect(render(`{{ ${NOV_21} | format_date: "fr", "full" }}`)).toBe('vendredi 21 novembre 2025');
    expect(render('{{ "2025-11-21T05:42:00Z" | format_date: "en", "medium" }}')).toBe('Nov 21, 2025');
    expect(render(`{{ ${NOV_21} | format_time: "zh-CN", "Asia/Shanghai" }}`)).toBe('13:42');
    expect(render('{{ 23.77 | zone_at: 121.34 }}')).toBe('Asia/Taipei');
    expect(render(`{{ ${NOV_21} | relative_time: "en", ${NOV_21 + 3 * 3600_000 + 60_000} }}`)).toBe(
      '3 hours ago',
    );
    expect(render(`{{ ${NOV_21} | relative_time: "zh-CN", ${NOV_21 + 3 * 3600_000} }}`)).toBe('3小时前');
    expect(render(`{{ ${NOV_21} | relative_time: "en", ${NOV_21 + 86_400_000} }}`)).toBe('yesterday');
  });

  it('renders nothing for what is not a number or a date, and falls back on a bad locale', () => {
    expect(
      render('[{{ data.none | format_number: "en" }}{{ "x" | format_percent }}{{ data.none | ordinal }}]'),
    ).toBe('[]');
    expect(
      render('[{{ 5 | format_currency: "euro" }}{{ "soon" | format_date }}{{ 5 | format_unit: "furlong" }}]'),
    ).toBe('[]');
    expect(render('{{ 1234.5 | format_number: "not a locale!", 1 }}')).toBe('1,234.5');
  });

  it('picks a phrasing from the item id: the same id always, different ids not all alike', () => {
    const pick = (id: string) => render('{{ "struck|hit|shook" | pick: data.id }}', { id });
    expect(pick('us7000abcd')).toBe(pick('us7000abcd'));
    const ids = Array.from({ length: 30 }, (_, i) => `us7000ab${i}`);
    expect(new Set(ids.map(pick))).toEqual(new Set(['struck', 'hit', 'shook']));
    expect(render('{{ "a|b" | pick: data.id, "felt" }}', { id: 'x' })).toBe(
      ['a', 'b'][stableHash('x\u0000felt') % 2],
    );
    // FNV-1a test vectors (draft-eastlake-fnv, 32-bit): "" and "a".
    expect([stableHash(''), stableHash('a')]).toEqual([0x811c9dc5, 0xe40c292c]);
  });
});
