import type { Liquid, Template } from 'liquidjs';
import type { JsonSchema } from '@app/layers';

/** A variable a Liquid text reads that neither its context nor the input schema has. */
export interface UndefinedVariable {
  /** As written, from its root: `data.properties.magg`. */
  name: string;
  /** The first segment the schema does not declare: `data.properties.magg` -> `magg`. */
  missing: string;
  /** 1-based, inside the Liquid text. */
  line: number;
  column: number;
}

/** Where a path leads in a schema: the schema there, nowhere said (`open`), or ruled out (`absent`). */
export type Walk = { schema: JsonSchema } | 'open' | 'absent';

/** Properties Liquid answers on any array or string (`size`, `first`, `last`). */
const BUILT_IN_PROPERTIES = new Set(['size', 'first', 'last']);

function resolve(schema: unknown, root: JsonSchema): JsonSchema | undefined {
  let s = schema;
  for (
    let hops = 0;
    hops < 16 && s && typeof s === 'object' && typeof (s as JsonSchema).$ref === 'string';
    hops++
  ) {
    const ref = (s as JsonSchema).$ref as string;
    // Only local references (`#/definitions/x`): an input schema is one file.
    if (!ref.startsWith('#')) return undefined;
    s = ref
      .slice(1)
      .split('/')
      .filter(Boolean)
      .reduce<unknown>(
        (at, key) =>
          (at as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        root,
      );
  }
  return s && typeof s === 'object' ? (s as JsonSchema) : undefined;
}

/** The schema and its allOf/anyOf/oneOf branches, each resolved: any of them may declare a key. */
function branches(schema: JsonSchema, root: JsonSchema): JsonSchema[] {
  const out = [schema];
  for (const k of ['allOf', 'anyOf', 'oneOf', 'then', 'else']) {
    const list = schema[k];
    for (const b of Array.isArray(list) ? list : list ? [list] : []) {
      const r = resolve(b, root);
      if (r) out.push(...branches(r, root));
    }
  }
  return out;
}

/**
 * One step down the input schema. A key is `absent` only when the schema declares its properties
 * and leaves no door open for others (no patternProperties, no additionalProperties schema): a
 * schema that says nothing is `open`, so the check never flags what the data may well hold.
 */
function step(schema: JsonSchema, key: string | number, root: JsonSchema): Walk {
  const all = branches(schema, root);
  if (typeof key === 'number') {
    const items = all.map((b) => resolve(b.items, root)).find(Boolean);
    return items ? { schema: items } : 'open';
  }
  const declared = all
    .map((b) => resolve((b.properties as JsonSchema | undefined)?.[key], root))
    .find(Boolean);
  if (declared) return { schema: declared };
  if (BUILT_IN_PROPERTIES.has(key)) return 'open';
  const closed =
    all.some((b) => b.properties && typeof b.properties === 'object') &&
    !all.some(
      (b) => b.patternProperties || (b.additionalProperties && typeof b.additionalProperties === 'object'),
    );
  return closed ? 'absent' : 'open';
}

/**
 * The variables a parsed Liquid text reads that cannot hold a value: a root the context lacks
 * (`roots` maps each root to the schema of what it holds, `true` for anything), or a path the input
 * schema does not declare (`data.propertes.mag`). Locals (`assign`, `capture`, `for`) are Liquid's
 * own and never reported; a path through a computed index (`data.list[i].x`) is checked up to it.
 */
export function undefinedVariables(
  liquid: Liquid,
  parsed: Template[],
  roots: Readonly<Record<string, JsonSchema | true>>,
): UndefinedVariable[] {
  const found: UndefinedVariable[] = [];
  const { globals } = liquid.analyzeSync(parsed, { partials: false });
  for (const [root, uses] of Object.entries(globals)) {
    for (const use of uses) {
      const name = use.toString();
      const at = { line: use.location.row, column: use.location.col };
      const holds = roots[root];
      if (holds === undefined) {
        found.push({ name, missing: root, ...at });
        continue;
      }
      if (holds === true) continue;
      let walk: Walk = { schema: holds };
      for (const segment of use.segments.slice(1)) {
        if (typeof segment !== 'string' && typeof segment !== 'number') break;
        walk = step(walk.schema, segment, holds);
        if (walk === 'absent') found.push({ name, missing: String(segment), ...at });
        if (typeof walk !== 'object') break;
      }
    }
  }
  return found;
}

/**
 * The schema of what `segments` reach inside `schema` (`['paragraphs', 0]`: one paragraph), `open`
 * where the schema does not say, `absent` where it rules the path out.
 */
export function schemaAt(schema: JsonSchema, segments: readonly (string | number)[]): Walk {
  let walk: Walk = { schema };
  for (const segment of segments) {
    if (typeof walk !== 'object') return walk;
    walk = step(walk.schema, segment, schema);
  }
  return walk;
}
