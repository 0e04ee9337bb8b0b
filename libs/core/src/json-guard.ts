/** What `guardJsonText` found first: too deep a nesting, or a number JSON.parse makes Infinity. */
export interface JsonGuardProblem {
  kind: 'depth' | 'non-finite';
  /** JSON path of the value at fault (`$.data.properties.time`). */
  path: string;
}

interface Frame {
  array: boolean;
  index: number;
  /** The current key's quoted text in the source, decoded only when a path is needed. */
  keyStart: number;
  keyEnd: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Checks JSON text before it is parsed, in one pass with no recursion and memory bounded by
 * `maxDepth`: nesting deeper than `maxDepth` containers, and number literals that parse to
 * ±Infinity (`1e400`, or 400 digits). Deep nesting is refused before JSON.parse because parsing it
 * is what holds the event loop (400k levels: over a second here), and every later walk of the
 * value (hashing, storing) would then be bounded by this depth. Malformed JSON is not judged here:
 * JSON.parse reports it after. Returns the first problem, or null.
 */
export function guardJsonText(text: string, maxDepth: number): JsonGuardProblem | null {
  const stack: Frame[] = [];
  let expectKey = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === BACKSLASH) j += 2;
        else if (d === QUOTE) break;
        else j++;
      }
      const top = stack[stack.length - 1];
      if (expectKey && top && !top.array) {
        top.keyStart = i;
        top.keyEnd = j + 1;
        expectKey = false;
      }
      i = j + 1;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) return { kind: 'depth', path: pathOf(text, stack) };
      stack.push({ array: c === 0x5b, index: 0, keyStart: -1, keyEnd: -1 });
      expectKey = c === 0x7b;
      i++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
      i++;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
      else expectKey = true;
      i++;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < n && /[0-9eE.+-]/.test(text[j])) j++;
      if (!Number.isFinite(Number(text.slice(i, j))))
        return { kind: 'non-finite', path: pathOf(text, stack) };
      i = j;
    } else {
      i++;
    }
  }
  return null;
}

/** The JSON path of the value the innermost frame is at. */
function pathOf(text: string, stack: Frame[]): string {
  let path = '$';
  for (const f of stack) {
    if (f.array) {
      path += `[${f.index}]`;
      continue;
    }
    if (f.keyStart < 0) continue;
    let key: string;
    try {
      key = JSON.parse(text.slice(f.keyStart, f.keyEnd)) as string;
    } catch {
      key = text.slice(f.keyStart + 1, f.keyEnd - 1);
    }
    path += IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  }
  return path;
}
