import tzlookup from 'tz-lookup';

/**
 * Data-to-text filters available to every template (the wire-bot vocabulary). Pure functions of
 * their arguments: templates cannot run code, only call these. Missing values (null/undefined)
 * give an empty string, never "null", so a sentence guarded by `{% if %}` or left empty disappears.
 */
type Num = number | string | null | undefined;

function toNumber(v: Num): number | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** The IANA zone at a point (offline lookup); the nautical zone (Etc/GMT±n) at sea. */
export function timeZoneAt(lat: Num, lon: Num): string {
  const la = toNumber(lat);
  const lo = toNumber(lon);
  if (la === undefined || lo === undefined || Math.abs(la) > 90 || Math.abs(lo) > 180) return 'UTC';
  return tzlookup(la, lo);
}

function format(ms: Num, zone: string, options: Intl.DateTimeFormatOptions): string {
  const t = toNumber(ms);
  if (t === undefined) return '';
  return new Intl.DateTimeFormat('en-US', { timeZone: zone, ...options }).format(new Date(t));
}

/** "1:42 p.m." — AP style, as a news script reads. */
function apTime(ms: Num, zone: string): string {
  return format(ms, zone, { hour: 'numeric', minute: '2-digit', hour12: true })
    .replace(/\u202f|\s/g, ' ')
    .replace(' AM', ' a.m.')
    .replace(' PM', ' p.m.');
}

const MAGNITUDE_TYPES: Record<string, string> = {
  mww: 'moment magnitude',
  mwc: 'moment magnitude',
  mwb: 'moment magnitude',
  mwr: 'moment magnitude',
  mw: 'moment magnitude',
  mb: 'body-wave magnitude',
  mb_lg: 'short-period surface-wave magnitude',
  ms: 'surface-wave magnitude',
  ms_20: 'surface-wave magnitude',
  ml: 'local magnitude',
  md: 'duration magnitude',
  mi: 'energy magnitude',
  me: 'energy magnitude',
  mh: 'hand-computed magnitude',
};

const COMPASS: Record<string, string> = {
  N: 'north',
  S: 'south',
  E: 'east',
  W: 'west',
  NE: 'northeast',
  NW: 'northwest',
  SE: 'southeast',
  SW: 'southwest',
  NNE: 'north-northeast',
  ENE: 'east-northeast',
  ESE: 'east-southeast',
  SSE: 'south-southeast',
  SSW: 'south-southwest',
  WSW: 'west-southwest',
  WNW: 'west-northwest',
  NNW: 'north-northwest',
};

export const textFilters: Record<string, (...args: never[]) => string> = {
  /** {{ ms | utc_time }} -> "05:42 UTC" */
  utc_time: (ms: Num) => {
    const s = format(ms, 'UTC', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    return s ? `${s} UTC` : '';
  },
  /** {{ ms | utc_date }} -> "November 21, 2025" */
  utc_date: (ms: Num) => format(ms, 'UTC', { month: 'long', day: 'numeric', year: 'numeric' }),
  /** {{ ms | local_time: lat, lon }} -> "1:42 p.m." in the zone at that point */
  local_time: (ms: Num, lat: Num, lon: Num) => apTime(ms, timeZoneAt(lat, lon)),
  /** {{ ms | local_date: lat, lon }} -> "Friday, November 21" */
  local_date: (ms: Num, lat: Num, lon: Num) =>
    format(ms, timeZoneAt(lat, lon), { weekday: 'long', month: 'long', day: 'numeric' }),
  /** {{ ms | local_clock: lat, lon }} -> "13:42" (for graphics) */
  local_clock: (ms: Num, lat: Num, lon: Num) =>
    format(ms, timeZoneAt(lat, lon), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  /** {{ 17.23 | fixed: 1 }} -> "17.2"; empty for missing values */
  fixed: (v: Num, digits: Num = 0) => {
    const n = toNumber(v);
    return n === undefined ? '' : n.toFixed(toNumber(digits) ?? 0);
  },
  /** {{ 1234567 | grouped }} -> "1,234,567" */
  grouped: (v: Num) => {
    const n = toNumber(v);
    return n === undefined ? '' : new Intl.NumberFormat('en-US').format(n);
  },
  /** {{ "mww" | magnitude_type }} -> "moment magnitude" (USGS magType codes) */
  magnitude_type: (code: Num) =>
    typeof code === 'string' ? (MAGNITUDE_TYPES[code.toLowerCase()] ?? '') : '',
  /** {{ "38 km SW of Hualien City, Taiwan" | spoken_place }} -> "38 kilometers southwest of Hualien City, Taiwan" */
  spoken_place: (place: Num) =>
    typeof place === 'string'
      ? place
          .replace(
            /\b(\d+(?:\.\d+)?) km\b/g,
            (_m, d: string) => `${d} ${d === '1' ? 'kilometer' : 'kilometers'}`,
          )
          .replace(/\b(N|S|E|W|NE|NW|SE|SW|NNE|ENE|ESE|SSE|SSW|WSW|WNW|NNW)\b(?= of\b)/g, (d) => COMPASS[d])
      : '',
};
