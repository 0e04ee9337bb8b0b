/**
 * Data-to-text filters that speak the item's language: numbers, money, percentages, dates, relative
 * time, ordinals, plurals, units and lists through the ECMA-402 Intl API (Node's full ICU), and
 * `pick`, a controlled variation. Every filter takes the locale as a BCP 47 tag (default `en`); a
 * value that is not a number (or a date) renders empty, so a missing field drops out as in the
 * other filters. Registered beside text.filters in the Liquid sandbox.
 */

import { timeZoneAt } from './text.filters';

type Arg = unknown;

const DEFAULT_LOCALE = 'en';

function num(v: Arg): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function locale(tag: Arg): string {
  if (typeof tag !== 'string' || !tag) return DEFAULT_LOCALE;
  // An unknown or malformed tag falls back rather than failing the render of a whole feed.
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** Milliseconds since the epoch, or an ISO 8601 string: what feeds carry. */
function instant(v: Arg): number | undefined {
  if (typeof v === 'string' && Number.isNaN(Number(v))) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return num(v);
}

/**
 * FNV-1a, 32 bits (Fowler, Noll, Vo; the IETF draft-eastlake-fnv): a small stable hash of the
 * item's id over its UTF-16 code units, the same on every machine and every run, so a re-render
 * reads the same and two items with different ids often read differently.
 */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Ordinal suffixes per language where Intl gives only the plural category (CLDR ordinal rules). */
const ORDINALS: Readonly<Record<string, (n: string, category: Intl.LDMLPluralRule) => string>> = {
  en: (n, c) => `${n}${({ one: 'st', two: 'nd', few: 'rd' } as Record<string, string>)[c] ?? 'th'}`,
  fr: (n, c) => `${n}${c === 'one' ? 'er' : 'e'}`,
  de: (n) => `${n}.`,
  es: (n) => `${n}.º`,
  it: (n) => `${n}º`,
  pt: (n) => `${n}º`,
  zh: (n) => `第${n}`,
  ja: (n) => `第${n}`,
};

export const localeFilters: Record<string, (...args: never[]) => string> = {
  /** {{ 1234567.891 | format_number: "de", 2 }} -> "1.234.567,89" (at most `digits` decimals, default 0). */
  format_number: (v: Arg, tag: Arg, digits: Arg = 0) => {
    const n = num(v);
    const d = Math.min(20, Math.max(0, num(digits) ?? 0));
    return n === undefined ? '' : new Intl.NumberFormat(locale(tag), { maximumFractionDigits: d }).format(n);
  },
  /** {{ 12.5 | format_currency: "EUR", "fr" }} -> "12,50 €" (ISO 4217 code). */
  format_currency: (v: Arg, code: Arg, tag: Arg) => {
    const n = num(v);
    if (n === undefined || typeof code !== 'string' || !/^[A-Za-z]{3}$/.test(code)) return '';
    return new Intl.NumberFormat(locale(tag), { style: 'currency', currency: code.toUpperCase() }).format(n);
  },
  /** {{ -0.0123 | format_percent: "en", 1 }} -> "-1.2%" (the value is a fraction: 0.05 is 5 %). */
  format_percent: (v: Arg, tag: Arg, digits: Arg = 0) => {
    const n = num(v);
    const d = Math.min(20, Math.max(0, num(digits) ?? 0));
    return n === undefined
      ? ''
      : new Intl.NumberFormat(locale(tag), { style: 'percent', maximumFractionDigits: d }).format(n);
  },
  /**
   * {{ ms | format_date: "zh-CN", "long", "Asia/Shanghai" }} -> "2025年11月21日" (style full, long,
   * medium or short; zone an IANA name, default UTC).
   */
  format_date: (v: Arg, tag: Arg, style: Arg = 'long', zone: Arg = 'UTC') => {
    const t = instant(v);
    if (t === undefined || Math.abs(t) > 8.64e15) return '';
    const dateStyle = (['full', 'long', 'medium', 'short'] as const).find((s) => s === style) ?? 'long';
    try {
      return new Intl.DateTimeFormat(locale(tag), { dateStyle, timeZone: String(zone) }).format(t);
    } catch {
      return new Intl.DateTimeFormat(locale(tag), { dateStyle, timeZone: 'UTC' }).format(t);
    }
  },
  /** {{ ms | format_time: "zh-CN", "Asia/Shanghai" }} -> "13:42" (hours and minutes, 24-hour, default UTC). */
  format_time: (v: Arg, tag: Arg, zone: Arg = 'UTC') => {
    const t = instant(v);
    if (t === undefined || Math.abs(t) > 8.64e15) return '';
    const options = { hour: 'numeric', minute: '2-digit', hourCycle: 'h23' } as const;
    try {
      return new Intl.DateTimeFormat(locale(tag), { ...options, timeZone: String(zone) }).format(t);
    } catch {
      return new Intl.DateTimeFormat(locale(tag), { ...options, timeZone: 'UTC' }).format(t);
    }
  },
  /** {{ lat | zone_at: lon }} -> "Asia/Taipei": the IANA time zone at a point (for format_date, format_time). */
  zone_at: (lat: Arg, lon: Arg) => {
    const zone = timeZoneAt(lat as never, lon as never);
    return typeof zone === 'string' ? zone : '';
  },
  /**
   * {{ ms | relative_time: "en" }} -> "3 hours ago": from `now` (ms; default the time of the
   * render) in the largest unit that is at least 1, rounded (Intl.RelativeTimeFormat, numeric auto).
   */
  relative_time: (v: Arg, tag: Arg, now: Arg) => {
    const t = instant(v);
    if (t === undefined) return '';
    const seconds = (t - (instant(now) ?? Date.now())) / 1000;
    const units: [Intl.RelativeTimeFormatUnit, number][] = [
      ['year', 31_536_000],
      ['month', 2_592_000],
      ['week', 604_800],
      ['day', 86_400],
      ['hour', 3_600],
      ['minute', 60],
      ['second', 1],
    ];
    const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) ?? ['second', 1];
    return new Intl.RelativeTimeFormat(locale(tag), { numeric: 'auto' }).format(
      Math.round(seconds / size),
      unit,
    );
  },
  /** {{ 3 | ordinal: "en" }} -> "3rd"; "fr" 1er, "de" 3., "zh" 第3; other languages the number. */
  ordinal: (v: Arg, tag: Arg) => {
    const n = num(v);
    if (n === undefined || !Number.isInteger(n)) return '';
    const loc = locale(tag);
    const shown = new Intl.NumberFormat(loc).format(n);
    const rule = ORDINALS[new Intl.Locale(loc).language];
    return rule ? rule(shown, new Intl.PluralRules(loc, { type: 'ordinal' }).select(n)) : shown;
  },
  /**
   * {{ 112 | plural: "felt report", "felt reports" }} -> "112 felt reports"; for languages with more
   * forms, CLDR categories: {{ n | plural: "one=отчёт|few=отчёта|many=отчётов|other=отчёта", "ru" }}.
   * The number is written per locale; the form chosen by Intl.PluralRules.
   */
  plural: (v: Arg, one: Arg, other: Arg, tag: Arg) => {
    const n = num(v);
    if (n === undefined || typeof one !== 'string') return '';
    const forms = new Map<string, string>();
    let loc: string;
    if (one.includes('=')) {
      for (const part of one.split('|')) {
        const [k, ...rest] = part.split('=');
        forms.set(k.trim(), rest.join('=').trim());
      }
      loc = locale(other);
    } else {
      forms.set('one', one);
      forms.set('other', typeof other === 'string' ? other : one);
      loc = locale(tag);
    }
    const form = forms.get(new Intl.PluralRules(loc).select(n)) ?? forms.get('other') ?? '';
    return `${new Intl.NumberFormat(loc).format(n)} ${form}`.trim();
  },
  /**
   * {{ 17.2 | format_unit: "kilometer", "en", "long" }} -> "17.2 kilometers" (a sanctioned unit
   * of ECMA-402, or a `-per-` pair; display long, short or narrow; at most 1 decimal).
   */
  format_unit: (v: Arg, unit: Arg, tag: Arg, display: Arg = 'long') => {
    const n = num(v);
    if (n === undefined || typeof unit !== 'string') return '';
    const unitDisplay = (['long', 'short', 'narrow'] as const).find((d) => d === display) ?? 'long';
    try {
      return new Intl.NumberFormat(locale(tag), {
        style: 'unit',
        unit,
        unitDisplay,
        maximumFractionDigits: 1,
      }).format(n);
    } catch {
      return '';
    }
  },
  /** {{ names | join_list: "en" }} -> "Ana, Ben and Cleo"; "or" for disjunction (Intl.ListFormat). */
  join_list: (v: Arg, tag: Arg, kind: Arg = 'and') => {
    if (!Array.isArray(v)) return typeof v === 'string' ? v : '';
    const items = v.filter((x) => x !== null && x !== undefined && String(x).trim() !== '').map(String);
    const type = kind === 'or' ? 'disjunction' : 'conjunction';
    return new Intl.ListFormat(locale(tag), { style: 'long', type }).format(items);
  },
  /**
   * {{ "struck|hit|shook" | pick: data.id }}: one of the `|`-separated phrasings, chosen by the
   * stable hash of the seed (the item's id; stableHash), so re-renders of an item read the same and
   * different items vary. A second seed part varies choices within one item: pick: data.id, "felt".
   */
  pick: (v: Arg, seed: Arg, salt: Arg = '') => {
    if (typeof v !== 'string') return '';
    const options = v.split('|');
    return options[stableHash(`${String(seed ?? '')}\u0000${String(salt ?? '')}`) % options.length];
  },
};
