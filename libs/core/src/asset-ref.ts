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

/** Every `asset:<id>` string in a JSON value, with where it is. */
export function findAssetRefs(value: unknown, base = '$'): AssetRefAt[] {
  const found: AssetRefAt[] = [];
  const walk = (v: unknown, pointer: string): void => {
    if (typeof v === 'string') {
      const m = ASSET_REF.exec(v);
      if (m) found.push({ id: m[1], path: pointerToPath(pointer, base) });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${pointer}/${i}`));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v))
        walk(item, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walk(value, '');
  return found;
}
