/**
 * Units of measure as scripts write them after a number, with what a voice says for each (English
 * singular and plural, Chinese). Speech reads "10 km" as "10 kilometers" and "1 km" as "1 kilometer";
 * captions never break a line between the number and its unit.
 */
export interface Unit {
  /** Symbols and spellings as written: case matters ("mm" is not "Mm"). */
  written: readonly string[];
  one: string;
  many: string;
  zh: string;
}

const LIST: readonly Unit[] = [
  { written: ['km'], one: 'kilometer', many: 'kilometers', zh: '公里' },
  { written: ['m'], one: 'meter', many: 'meters', zh: '米' },
  { written: ['cm'], one: 'centimeter', many: 'centimeters', zh: '厘米' },
  { written: ['mm'], one: 'millimeter', many: 'millimeters', zh: '毫米' },
  { written: ['mi'], one: 'mile', many: 'miles', zh: '英里' },
  { written: ['ft'], one: 'foot', many: 'feet', zh: '英尺' },
  { written: ['kg'], one: 'kilogram', many: 'kilograms', zh: '公斤' },
  { written: ['lb', 'lbs'], one: 'pound', many: 'pounds', zh: '磅' },
  { written: ['km/h', 'kph'], one: 'kilometer per hour', many: 'kilometers per hour', zh: '公里每小时' },
  { written: ['mph'], one: 'mile per hour', many: 'miles per hour', zh: '英里每小时' },
  { written: ['m/s'], one: 'meter per second', many: 'meters per second', zh: '米每秒' },
  { written: ['kn', 'kt', 'kts'], one: 'knot', many: 'knots', zh: '节' },
  { written: ['°C'], one: 'degree Celsius', many: 'degrees Celsius', zh: '摄氏度' },
  { written: ['°F'], one: 'degree Fahrenheit', many: 'degrees Fahrenheit', zh: '华氏度' },
  { written: ['hPa'], one: 'hectopascal', many: 'hectopascals', zh: '百帕' },
  { written: ['ha'], one: 'hectare', many: 'hectares', zh: '公顷' },
  { written: ['%'], one: 'percent', many: 'percent', zh: '百分之' },
];

const BY_SYMBOL = new Map<string, Unit>(LIST.flatMap((u) => u.written.map((w) => [w, u] as const)));
// Spelled-out units count as units too when captions decide where not to break.
const SPELLED = new Set(
  LIST.flatMap((u) => [...u.one.split(' ').slice(0, 1), ...u.many.split(' ').slice(0, 1)]),
);
for (const extra of ['metre', 'metres', 'kilometre', 'kilometres', 'percent', 'degrees']) {
  SPELLED.add(extra);
}

/** Every unit of the shared list. */
export const UNITS: readonly Unit[] = LIST;

/** The unit written exactly as `symbol` ("km", "°C"), trailing punctuation ignored. */
export function unitOf(symbol: string): Unit | undefined {
  return BY_SYMBOL.get(symbol.replace(/[.,;:!?)\]]+$/u, ''));
}

/** True for a unit symbol or the spelled-out unit word that follows a number ("km", "kilometers"). */
export function isUnitWord(token: string): boolean {
  const bare = token.replace(/[.,;:!?)\]”’"']+$/u, '');
  return unitOf(bare) !== undefined || SPELLED.has(bare.toLowerCase());
}
