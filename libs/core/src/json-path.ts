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
