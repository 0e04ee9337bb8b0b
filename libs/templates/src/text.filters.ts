import tzlookup from 'tz-lookup';
import { COMPASS, MAGNITUDE_NOTATION } from '@app/core';

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

/**
 * USGS gives a distance and direction ("38 km SW of Hualien City, Taiwan") only from a populated
 * place (GeoNames, 1,000 people or more); otherwise it names a Flinn-Engdahl region ("central
 * Mid-Atlantic Ridge", "Fiji region", "off the coast of Oregon"). Local clock time is said only for
 * the first kind and where the point has a civil time zone: no one keeps local time on a ridge.
 */
const NEAR_POPULATED_PLACE = /^\s*\d+(?:\.\d+)?\s*km\s+[NSEW]{1,3}\s+of\s+\S/;

function livesNear(place: Num, lat: Num, lon: Num): boolean {
  return (
    typeof place === 'string' && NEAR_POPULATED_PLACE.test(place) && !timeZoneAt(lat, lon).startsWith('Etc/')
  );
}

// Region names that take "the": features, seas and regions ("the central Mid-Atlantic Ridge").
const FEATURE_LAST_WORD =
  /\b(?:Ridge|Rise|Trench|Sea|Ocean|Basin|region|Islands|Gulf|Strait|Peninsula|Plateau|Zone|Channel|Passage|Sound|Bay|Arc|Trough)$/;
const FEATURE_FIRST_WORD = /^(?:Gulf|Bay|Sea|Strait|Mid-|East Pacific|West Chile)/;
// Region names that already open with a preposition or an article ("off the coast of Oregon").
const PREPOSITION = /^(?:near|off|in|on|at|along|the)\b|^(?:north|south|east|west)(?:east|west)? of\b/i;

/** Whole calendar days from one instant (ms) to another, as the days fall in `zone`. */
function calendarDays(from: number, to: number, zone: string): number {
  const day = (t: number): number => {
    const [y, m, d] = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
      .format(new Date(t))
      .split('-')
      .map(Number);
    return Date.UTC(y, m - 1, d) / 86_400_000;
  };
  return day(to) - day(from);
}

/**
 * "on Friday" within a week of now (AP style: the day of the week for the week around today),
 * otherwise "on November 21", with the year whenever it is not the current one.
 */
function newsDate(ms: number, zone: string, now: number): string {
  if (Math.abs(calendarDays(ms, now, zone)) < 7) return `on ${format(ms, zone, { weekday: 'long' })}`;
  const sameYear = format(ms, zone, { year: 'numeric' }) === format(now, zone, { year: 'numeric' });
  return `on ${format(ms, zone, { month: 'long', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) })}`;
}

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
  /**
   * {{ q.time | card_time: lat, lon, q.place }} -> "13:42 local · 05:42 UTC" near a populated
   * place, "17:55 UTC" elsewhere (the same rule as news_when), for graphics.
   */
  card_time: (ms: Num, lat: Num, lon: Num, place: Num) => {
    const utc = format(ms, 'UTC', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    if (utc === '') return '';
    if (!livesNear(place, lat, lon)) return `${utc} UTC`;
    const local = format(ms, timeZoneAt(lat, lon), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    return `${local} local · ${utc} UTC`;
  },
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
  /** {{ "mww" | magnitude_type }} -> "moment magnitude" (USGS magType codes, said in words) */
  magnitude_type: (code: Num) =>
    typeof code === 'string' ? (MAGNITUDE_NOTATION[code.trim().toLowerCase()]?.spoken ?? '') : '',
  /** {{ "mww" | magnitude_notation }} -> "Mw"; "mb" -> "mb"; "ml" -> "ML" (IASPEI notation, for cards) */
  magnitude_notation: (code: Num) =>
    typeof code === 'string' ? (MAGNITUDE_NOTATION[code.trim().toLowerCase()]?.written ?? '') : '',
  /**
   * {{ q.time | news_when: lat, lon, q.place }} -> "at 1:42 p.m. local time on Friday" near a
   * populated place; "at 17:55 UTC on November 21, 2025" at sea or on a ridge (see livesNear).
   */
  news_when: (ms: Num, lat: Num, lon: Num, place: Num) => {
    const t = toNumber(ms);
    // 8.64e15 ms is the furthest a JavaScript date reaches.
    if (t === undefined || Math.abs(t) > 8.64e15) return '';
    const now = Date.now();
    if (livesNear(place, lat, lon)) {
      const zone = timeZoneAt(lat, lon);
      return `at ${apTime(t, zone)} local time ${newsDate(t, zone, now)}`;
    }
    const utc = format(t, 'UTC', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    return `at ${utc} UTC ${newsDate(t, 'UTC', now)}`;
  },
  /**
   * {{ q.place | news_place }} -> "38 kilometers southwest of Hualien City, Taiwan"; a region that
   * is a feature takes its article: "the central Mid-Atlantic Ridge", "the Fiji region".
   */
  news_place: (place: Num) => {
    if (typeof place !== 'string' || place.trim() === '') return '';
    const spoken = textFilters.spoken_place(place.trim() as never);
    if (NEAR_POPULATED_PLACE.test(place) || PREPOSITION.test(spoken)) return spoken;
    const feature =
      FEATURE_LAST_WORD.test(spoken) || FEATURE_FIRST_WORD.test(spoken) || /^[a-z]/.test(spoken);
    return feature ? `the ${spoken}` : spoken;
  },
  /**
   * {{ depth | depth_phrase }} -> "17 kilometers deep", "1 kilometer deep". USGS measures depth from
   * the WGS84 geoid or a network's datum, and a depth of 0 or less marks a very shallow event (an
   * artefact of locating it, never one in the air: USGS FAQ "How can an earthquake have a negative
   * depth?") -> "very shallow, near the surface".
   */
  depth_phrase: (depth: Num) => {
    const d = toNumber(depth);
    if (d === undefined) return '';
    const km = Math.round(d);
    if (km <= 0) return 'very shallow, near the surface';
    return `${km} ${km === 1 ? 'kilometer' : 'kilometers'} deep`;
  },
  /** {{ "38 km SW of Hualien City, Taiwan" | spoken_place }} -> "38 kilometers southwest of Hualien City, Taiwan" */
  spoken_place: (place: Num) =>
    typeof place === 'string'
      ? place
          .replace(
            /\b(\d+(?:\.\d+)?) km\b/g,
            (_m, d: string) => `${d} ${d === '1' ? 'kilometer' : 'kilometers'}`,
          )
          .replace(/\b(N|S|E|W|NE|NW|SE|SW|NNE|ENE|ESE|SSE|SSW|WSW|WNW|NNW)\b(?= of\b)/g, (d) => COMPASS[d])
          .trim()
      : '',
};
