import { pointerToPath } from '@app/core';

const isBlank = (v: unknown): boolean => typeof v === 'string' && v.trim() === '';
const token = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Strings of whitespace only count as missing (a place of " " made a title "M 4.5 –" and a voice
 * "struck, on Friday"). The copy has such properties removed and such array elements set to null,
 * so schemas see a missing field and Liquid's `{% if %}` a false one. `blanks` lists their JSON
 * paths (from `base`, written as schema errors write them), so a required field can be reported as
 * blank rather than absent.
 */
export function dropBlankStrings(value: unknown, base = '$'): { value: unknown; blanks: string[] } {
  const blanks: string[] = [];
  const walk = (v: unknown, pointer: string): unknown => {
    if (Array.isArray(v)) {
      return v.map((item, i) => {
        if (!isBlank(item)) return walk(item, `${pointer}/${i}`);
        blanks.push(pointerToPath(`${pointer}/${i}`, base));
        return null;
      });
    }
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) {
      if (isBlank(item)) blanks.push(pointerToPath(`${pointer}/${token(k)}`, base));
      else out[k] = walk(item, `${pointer}/${token(k)}`);
    }
    return out;
  };
  return { value: walk(value, ''), blanks };
}
