/**
 * C0 controls other than tab, line feed and carriage return, DEL, and the C1 controls
 * (U+0080-U+009F): invisible in a player or editor, and a NUL cuts a C string short downstream.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** `text` without control characters (tab, LF and CR stay): what text outputs may carry. */
export function stripControlCharacters(text: string): string {
  return text.replace(CONTROL, '');
}

/** True when `text` holds a character `stripControlCharacters` would remove. */
export function hasControlCharacters(text: string): boolean {
  CONTROL.lastIndex = 0;
  const found = CONTROL.test(text);
  CONTROL.lastIndex = 0;
  return found;
}

/**
 * `value` (parsed JSON: objects, arrays, strings, numbers, booleans, null) with
 * `stripControlCharacters` applied to every string in it, keys included; other values unchanged.
 */
export function stripControlCharactersDeep<T>(value: T): T {
  if (typeof value === 'string') return stripControlCharacters(value) as T;
  if (Array.isArray(value)) return value.map((v) => stripControlCharactersDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [stripControlCharacters(k), stripControlCharactersDeep(v)]),
    ) as T;
  }
  return value;
}
