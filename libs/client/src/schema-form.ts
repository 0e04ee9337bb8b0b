/**
 * A form model from a template's input JSON Schema (draft-07, the subset templates use: objects,
 * scalars, enums, `const`, nullable type unions, tuple arrays). The studio renders the schema with
 * @rjsf/core; the editor panels render these fields as plain inputs. Both map the API's error path
 * onto the field with `fieldPathOf` so the message shows beside the input at fault.
 */

/** One part of a path into the data: a property name or an array index. */
export type PathPart = string | number;

export type FieldKind = 'text' | 'number' | 'integer' | 'boolean' | 'choice' | 'fixed';

export interface FormField {
  path: PathPart[];
  /** A stable DOM id / name: `data.properties.mag`. */
  key: string;
  /** The schema's title, else the property name made readable; parents' labels prefixed. */
  label: string;
  kind: FieldKind;
  required: boolean;
  /** `null` is allowed (a `["string", "null"]` union): an empty input sends null. */
  nullable: boolean;
  description?: string;
  choices?: unknown[];
  /** `fixed`: the `const` value, sent as is and not shown. */
  value?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

type Schema = {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema | Schema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
};

/** Field paths as keys: `["geometry", "coordinates", 1]` -> `data.geometry.coordinates.1`. */
export function keyOf(path: PathPart[]): string {
  return ['data', ...path].join('.');
}

function readable(name: PathPart): string {
  if (typeof name === 'number') return `#${name + 1}`;
  const spaced = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The flat list of inputs a schema asks for, depth first, in the schema's property order. */
export function formFields(schema: Record<string, unknown>): FormField[] {
  const out: FormField[] = [];
  walk(schema as Schema, [], [], true, out);
  return out;
}

function walk(s: Schema, path: PathPart[], labels: string[], required: boolean, out: FormField[]): void {
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const nullable = types.includes('null') || (s.enum?.includes(null) ?? false);
  const main = types.find((t) => t !== 'null');
  const name = path.length ? (s.title ?? readable(path[path.length - 1])) : '';
  const label = [...labels, name].filter(Boolean).join(' › ');
  if (s.const !== undefined) {
    out.push({ path, key: keyOf(path), label, kind: 'fixed', required, nullable, value: s.const });
    return;
  }
  if (main === 'object' || (s.properties && !main)) {
    const req = new Set(s.required ?? []);
    // The root's title describes the whole item; nested groups prefix their fields' labels.
    const nextLabels = path.length ? [...labels, name] : labels;
    for (const [k, child] of Object.entries(s.properties ?? {}))
      walk(child, [...path, k], nextLabels, req.has(k), out);
    return;
  }
  if (main === 'array' && Array.isArray(s.items)) {
    s.items.forEach((item, i) => walk(item, [...path, i], [...labels, name], required, out));
    return;
  }
  const base = { path, key: keyOf(path), label, required, nullable };
  const extra = {
    ...(s.description ? { description: s.description } : {}),
    ...(s.minimum !== undefined ? { minimum: s.minimum } : {}),
    ...(s.maximum !== undefined ? { maximum: s.maximum } : {}),
    ...(s.maxLength !== undefined ? { maxLength: s.maxLength } : {}),
  };
  if (s.enum) out.push({ ...base, ...extra, kind: 'choice', choices: s.enum });
  else if (main === 'number' || main === 'integer' || main === 'boolean')
    out.push({ ...base, ...extra, kind: main });
  else out.push({ ...base, ...extra, kind: 'text' });
}

/** The value at `path` in `data`, or undefined. */
export function getAt(data: unknown, path: PathPart[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[p as string];
  }
  return v;
}

/** A copy of `data` with `value` at `path`, making objects and arrays on the way. */
export function setAt(data: unknown, path: PathPart[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const base: Record<string | number, unknown> | unknown[] =
    data !== null && typeof data === 'object'
      ? Array.isArray(data)
        ? [...data]
        : { ...(data as Record<string, unknown>) }
      : typeof head === 'number'
        ? []
        : {};
  (base as Record<string | number, unknown>)[head] = setAt(
    (base as Record<string | number, unknown>)[head],
    rest,
    value,
  );
  return base;
}

/**
 * The typed value of an input's text for a field: numbers parsed, '' as null for nullable fields
 * and undefined (left out) otherwise. A number that does not parse is kept as text, so the API's
 * own check names the field.
 */
export function valueOfInput(field: FormField, text: string): unknown {
  if (field.kind === 'fixed') return field.value;
  if (text === '') return field.nullable ? null : undefined;
  if (field.kind === 'number' || field.kind === 'integer') {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (field.kind === 'boolean') return text === 'true';
  if (field.kind === 'choice') return field.choices?.find((c) => String(c) === text) ?? text;
  return text;
}

/** Every field's value set into one data object (`fixed` fields included). */
export function dataFromInputs(
  fields: FormField[],
  texts: Record<string, string>,
  start: unknown = {},
): unknown {
  let data = start;
  for (const f of fields) {
    const v = valueOfInput(f, texts[f.key] ?? '');
    if (v !== undefined) data = setAt(data, f.path, v);
  }
  return data;
}

/**
 * The data path an API error names, relative to the item: `$.data.properties.mag` ->
 * `["properties", "mag"]`; `$.data.features[2].geometry.coordinates[1]` with `itemPrefix`
 * `$.data.features[2]` -> `["geometry", "coordinates", 1]`. Undefined when the path is outside the
 * data (`$.template`, a header) or absent.
 */
export function fieldPathOf(apiPath: string | undefined, itemPrefix = '$.data'): PathPart[] | undefined {
  if (
    !apiPath ||
    !(apiPath === itemPrefix || apiPath.startsWith(`${itemPrefix}.`) || apiPath.startsWith(`${itemPrefix}[`))
  )
    return undefined;
  const rest = apiPath.slice(itemPrefix.length);
  const parts: PathPart[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = re.exec(rest)) !== null) {
    if (m.index !== at) return undefined;
    at = re.lastIndex;
    parts.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : JSON.parse(`"${m[3]}"`)));
  }
  return at === rest.length ? parts : undefined;
}

/**
 * An error tree in @rjsf/core's `extraErrors` shape (`{ properties: { mag: { __errors: [msg] } } }`)
 * for one API error, so the form shows it on the field at fault.
 */
export function errorTree(path: PathPart[], message: string): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  let node = tree;
  for (const p of path) {
    const next: Record<string, unknown> = {};
    node[String(p)] = next;
    node = next;
  }
  node.__errors = [message];
  return tree;
}
