import { ClipwrightError, ErrorCode, pointerToPath, readPointer } from '@app/core';
import { DataItem, TemplateManifest } from './template.types';

/**
 * The items a data file holds for a template. A feed (the template's collection pointer resolves to
 * an array, e.g. a GeoJSON FeatureCollection's /features) gives one item per element; a bare array
 * gives its elements; anything else is one item. Feeds are accepted as they come, not reshaped.
 */
export function listItems(data: unknown, manifest: TemplateManifest): DataItem[] {
  const collection = manifest.inputs.collection;
  const pointer = collection?.items ?? '';
  const fromPointer = collection ? readPointer(data, collection.items) : undefined;
  if (Array.isArray(fromPointer)) {
    return fromPointer.map((item, index) =>
      toItem(item, index, pointerToPath(`${pointer}/${index}`), collection?.id),
    );
  }
  if (Array.isArray(data))
    return data.map((item, index) => toItem(item, index, `$[${index}]`, collection?.id));
  return [toItem(data, 0, '$', collection?.id)];
}

function toItem(data: unknown, index: number, path: string, idPointer?: string): DataItem {
  const raw = idPointer ? readPointer(data, idPointer) : undefined;
  const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : null;
  return { index, id, path, data };
}

/**
 * One item by index ("0") or id ("us7000abcd"). `name` is what the caller calls this argument in its
 * own interface (`--select` in the CLI, `$.select` in the API), for the message and the error path.
 */
export function selectItem(items: DataItem[], select: string, name = 'select'): DataItem {
  const byId = items.find((item) => item.id !== null && item.id === select);
  if (byId) return byId;
  if (/^\d+$/.test(select)) {
    const index = Number(select);
    if (index < items.length) return items[index];
    throw new ClipwrightError(
      ErrorCode.SelectOutOfRange,
      `${name} ${select} is out of range: the data holds ${items.length} item${items.length === 1 ? '' : 's'} (0..${items.length - 1})`,
      { path: name },
    );
  }
  const ids = items.map((i) => i.id).filter((id): id is string => id !== null);
  throw new ClipwrightError(
    ErrorCode.SelectOutOfRange,
    `${name} "${select}" matches no item index or id${ids.length ? ` (ids: ${ids.slice(0, 10).join(', ')})` : ''}`,
    { path: name },
  );
}
