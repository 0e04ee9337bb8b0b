/**
 * Liquid filters for shop data in Google Merchant Center's formats: prices are "<amount> <ISO 4217
 * code>" ("149.00 USD"), sale windows ISO 8601 intervals of two date-times with offsets
 * ("2026-11-27T00:00-0500/2026-12-01T23:59-0500"). A value that is not in the format renders empty,
 * so the template's fallbacks apply.
 */
type Val = unknown;

const PRICE = /^\s*(-?\d+(?:\.\d+)?)\s+([A-Z]{3})\s*$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|([+-])(\d{2}):?(\d{2}))$/;

/** "149.00 USD" -> { amount: 149, currency: "USD" }; anything else undefined. */
export function parsePrice(v: Val): { amount: number; currency: string } | undefined {
  const m = typeof v === 'string' ? PRICE.exec(v) : null;
  return m ? { amount: Number(m[1]), currency: m[2] } : undefined;
}

/** An ISO 8601 date-time with a UTC offset (basic or extended) as epoch milliseconds. */
export function parseDateTime(v: string): number | undefined {
  const m = DATE_TIME.exec(v.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, z, sign, oh, om] = m;
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, s ? +s : 0);
  if (Number.isNaN(utc)) return undefined;
  const offset = z === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (+oh * 60 + +om) * 60_000;
  return utc - offset;
}

function locale(v: Val): string {
  return typeof v === 'string' && v ? v : 'en-US';
}

export const commerceFilters: Record<string, (...args: never[]) => string> = {
  /** "149.00 USD" | money: "en-US" -> "$149.00" (Intl currency format of the locale). */
  money: (v: Val, loc: Val) => {
    const p = parsePrice(v);
    return p
      ? new Intl.NumberFormat(locale(loc), { style: 'currency', currency: p.currency }).format(p.amount)
      : '';
  },
  /** For the voice: "149.00 USD" -> "149 US dollars"; cents only when there are some. */
  money_spoken: (v: Val, loc: Val) => {
    const p = parsePrice(v);
    if (!p) return '';
    const whole = Number.isInteger(p.amount);
    return new Intl.NumberFormat(locale(loc), {
      style: 'currency',
      currency: p.currency,
      currencyDisplay: 'name',
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: whole ? 0 : 2,
    }).format(p.amount);
  },
  /** price | discount_percent: sale_price -> "25" (whole percent off); empty unless both parse in one currency. */
  discount_percent: (price: Val, sale: Val) => {
    const a = parsePrice(price);
    const b = parsePrice(sale);
    if (!a || !b || a.currency !== b.currency || a.amount <= 0 || b.amount >= a.amount) return '';
    return String(Math.round((1 - b.amount / a.amount) * 100));
  },
  /**
   * interval | in_effect: job.time -> "yes" when the time lies inside the ISO 8601 interval
   * (start inclusive, end exclusive), else "". An absent interval is always in effect (Merchant
   * Center: a sale price without sale_price_effective_date applies); a malformed one never is.
   */
  in_effect: (interval: Val, now: Val) => {
    const at = typeof now === 'string' ? Date.parse(now) : NaN;
    if (Number.isNaN(at)) return '';
    if (interval === undefined || interval === null || interval === '') return 'yes';
    if (typeof interval !== 'string') return '';
    const [from, to] = interval.split('/');
    const start = from ? parseDateTime(from) : undefined;
    const end = to ? parseDateTime(to) : undefined;
    if (start === undefined || end === undefined || end <= start) return '';
    return at >= start && at < end ? 'yes' : '';
  },
  /** interval | effective_end: "en-US" -> "December 1" (the end date as its own offset gives it). */
  effective_end: (interval: Val, loc: Val) => {
    if (typeof interval !== 'string') return '';
    const to = interval.split('/')[1] ?? '';
    const m = DATE_TIME.exec(to.trim());
    if (!m || parseDateTime(to) === undefined) return '';
    return new Intl.DateTimeFormat(locale(loc), { month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
      Date.UTC(+m[1], +m[2] - 1, +m[3]),
    );
  },
};
