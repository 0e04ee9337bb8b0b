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
