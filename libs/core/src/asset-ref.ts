import { pointerToPath } from './json-path';

/** An id as the service makes them (uuid7) and as it accepts them: lower-case hex, dashed. */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const UUID_PATTERN = new RegExp(`^${UUID}$`);

/**
 * How job data names an uploaded asset: the string `asset:<id>` (the id `POST /v1/assets` returned).
 * The API checks that every such string names an asset of the caller's workspace; the worker fetches
 * it from storage before the render; the CLI, which has no asset store, takes file paths instead.
 */
export const ASSET_REF = new RegExp(`^asset:(${UUID})$`);

export interface AssetRefAt {
  id: string;
  /** JSON path of the string, from `base` ("$.data.properties.image"). */
  path: string;
}

/**
 * Every `asset:<id>` string in a JSON value, with where it is. An explicit stack, not recursion:
 * the value comes from a request body, and a crafted one may nest as deep as its size allows.
 */
export function findAssetRefs(value: unknown, base = '$'): AssetRefAt[] {
  const found: AssetRefAt[] = [];
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [v, pointer] = stack.pop() as [unknown, string];
    if (typeof v === 'string') {
      const m = ASSET_REF.exec(v);
      if (m) found.push({ id: m[1], path: pointerToPath(pointer, base) });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${pointer}/${i}`]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--)
        stack.push([entries[i][1], `${pointer}/${entries[i][0].replace(/~/g, '~0').replace(/\//g, '~1')}`]);
    }
  }
  return found;
}
