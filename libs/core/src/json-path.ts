/** JSON Pointer (RFC 6901, as ajv reports) -> the JSON path people read: /features/0/mag -> $.features[0].mag */
export function pointerToPath(pointer: string, base = '$'): string {
  if (!pointer) return base;
  return pointer
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, token) => {
      if (/^\d+$/.test(token)) return `${path}[${token}]`;
      if (/^[A-Za-z_$][\w$]*$/.test(token)) return `${path}.${token}`;
      return `${path}[${JSON.stringify(token)}]`;
    }, base);
}

/** Read a JSON Pointer from a value; undefined when any step is missing. */
export function readPointer(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let current: unknown = value;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

/**
 * The JSON path (under `base`) of the first string in `value`, depth first in document order, that
 * contains `text`; undefined when none does. Tells a user which field of their data a warning about
 * a piece of text (an emoji no voice reads) came from. Never follows more than `maxDepth` levels.
 */
export function findStringPath(value: unknown, text: string, base = '$', maxDepth = 32): string | undefined {
  if (text === '') return undefined;
  if (typeof value === 'string') return value.includes(text) ? base : undefined;
  if (maxDepth <= 0 || value === null || typeof value !== 'object') return undefined;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [`${base}[${i}]`, v])
    : Object.entries(value).map(([k, v]) => [
        pointerToPath(`/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, base),
        v,
      ]);
  for (const [at, v] of entries) {
    const found = findStringPath(v, text, at, maxDepth - 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The fields of a JSON Schema validator's error that we read (ajv's ErrorObject has them all). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: unknown;
}

/**
 * One message for one schema error, with the JSON path of the value at fault: a missing or
 * unexpected property is named in the path itself, and enum/const/type messages say what is allowed.
 * Every validator of ours (templates, API requests, presenter manifests) reports through this.
 */
export function describeSchemaError(error: SchemaError, base = '$'): { path: string; message: string } {
  let pointer = error.instancePath;
  let message = error.message ?? 'is invalid';
  const params = (error.params ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      pointer += `/${String(params.missingProperty)}`;
      message = 'is required but missing';
      break;
    case 'additionalProperty':
    case 'additionalProperties':
      pointer += `/${String(params.additionalProperty)}`;
      message = 'is not allowed here';
      break;
    case 'enum':
      message = `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'const':
      message = `must be ${JSON.stringify(params.allowedValue)}`;
      break;
    case 'type':
      message = `must be ${String(params.type).replace(',', ' or ')}`;
      break;
  }
  return { path: pointerToPath(pointer, base), message };
}
