import { ClipwrightError, ErrorCode } from '@app/core';
import type { LayerText } from '../kind-definition';

/**
 * Where a chart's rows come from in the item: `values`, a JSON Pointer to an array of rows (objects
 * or plain values), or `columns`, one JSON Pointer per field to parallel arrays (a chart API's
 * `timestamp` and `close` arrays) zipped into rows; a column that points at a single value (a
 * currency, a time-zone offset) is repeated on every row.
 */
export interface ChartData {
  values?: string;
  columns?: Record<string, string>;
}

/** More rows than a still chart can show legibly, and a bound on what one item makes us draw. */
export const MAX_CHART_ROWS = 5000;

type Row = Record<string, unknown> | string | number | boolean | null;

function mismatch(path: string, message: string): ClipwrightError {
  return new ClipwrightError(ErrorCode.DataSchemaMismatch, `${path}: ${message}`, { path });
}

/**
 * A value of the item copied as plain JSON (no prototypes, no functions, no shared references):
 * what reaches the chart is data and nothing else.
 */
function plain(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/**
 * The chart's rows for one item, read through `text.read`. Undefined at load time (no item yet).
 * Throws DATA_SCHEMA_MISMATCH naming the item's JSON path (`$.chart.result[0].timestamp`) when a
 * pointer finds nothing, an array is expected and absent, columns differ in length, or there are
 * more than MAX_CHART_ROWS rows.
 */
export function chartRows(data: ChartData, text: LayerText): Row[] | undefined {
  const read = text.read;
  if (!read) return undefined;
  if (data.values !== undefined) {
    const { value, path } = read(data.values);
    if (!Array.isArray(value)) {
      throw mismatch(
        path,
        value === undefined ? "the chart's rows are missing" : "the chart's rows must be an array",
      );
    }
    if (value.length > MAX_CHART_ROWS) throw mismatch(path, `a chart takes at most ${MAX_CHART_ROWS} rows`);
    return plain(value) as Row[];
  }
  const columns = Object.entries(data.columns ?? {}).map(([field, pointer]) => ({ field, ...read(pointer) }));
  const arrays = columns.filter((c) => Array.isArray(c.value));
  for (const c of columns)
    if (c.value === undefined) throw mismatch(c.path, `the chart's column "${c.field}" is missing`);
  if (arrays.length === 0) {
    throw mismatch(columns[0]?.path ?? '$', "a chart's columns need at least one array");
  }
  const length = (arrays[0].value as unknown[]).length;
  for (const c of arrays) {
    const n = (c.value as unknown[]).length;
    if (n !== length) {
      throw mismatch(
        c.path,
        `column "${c.field}" has ${n} values, column "${arrays[0].field}" has ${length}`,
      );
    }
  }
  if (length > MAX_CHART_ROWS) throw mismatch(arrays[0].path, `a chart takes at most ${MAX_CHART_ROWS} rows`);
  const copies = columns.map((c) => ({ field: c.field, value: plain(c.value) }));
  return Array.from({ length }, (_, i) => {
    const row: Record<string, unknown> = {};
    for (const c of copies) row[c.field] = Array.isArray(c.value) ? (c.value[i] ?? null) : c.value;
    return row;
  });
}
