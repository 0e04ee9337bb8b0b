type Schema = Record<string, unknown>;

/**
 * A JSON Schema (draft-07, as ajv checks requests) in the OpenAPI 3.0 Schema Object's dialect
 * (OAS 3.0.3 §4.7.24): `type: [t, "null"]` becomes `type: t, nullable: true`, a list of several
 * types a `oneOf`, numeric `exclusiveMinimum`/`exclusiveMaximum` the 3.0 boolean form, `const` an
 * `enum` of one. Pure; the validation schemas stay as they are.
 */
export function toOas30(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toOas30);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema as Schema)) {
    if (k === '$schema') continue;
    if (k === 'const') out.enum = [v];
    else if ((k === 'exclusiveMinimum' || k === 'exclusiveMaximum') && typeof v === 'number') {
      out[k === 'exclusiveMinimum' ? 'minimum' : 'maximum'] = v;
      out[k] = true;
    } else if (k === 'properties' || k === 'patternProperties' || k === 'definitions') {
      out[k] = Object.fromEntries(Object.entries(v as Schema).map(([name, s]) => [name, toOas30(s)]));
    } else out[k] = toOas30(v);
  }
  if (Array.isArray(out.type)) {
    const types = (out.type as string[]).filter((t) => t !== 'null');
    if (types.length < (out.type as string[]).length) out.nullable = true;
    if (types.length === 1) out.type = types[0];
    else {
      delete out.type;
      out.oneOf = types.map((t) => ({ type: t }));
    }
  }
  return out;
}
