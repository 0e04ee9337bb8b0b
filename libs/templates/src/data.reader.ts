import { promises as fs } from 'node:fs';
import { ClipwrightError, ErrorCode } from '@app/core';

/** Parse JSON text, turning a syntax error into DATA_INVALID_JSON with the line and column. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    const { line, column } = at ? lineColumn(text, Number(at[1])) : { line: 0, column: 0 };
    const reason = message
      .replace(/\s*in JSON at position \d+.*$/, '')
      .replace(/,? ".*" is not valid JSON$/, '');
    throw new ClipwrightError(
      ErrorCode.DataInvalidJson,
      `${source} is not valid JSON: ${reason}${line ? ` at line ${line}, column ${column}` : ''}`,
      { path: source, detail: { line, column } },
    );
  }
}

export function lineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return { line, column };
}

/** Read and parse a data file; unreadable files give DATA_UNREADABLE naming the file. */
export async function readDataFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : String(code);
    throw new ClipwrightError(ErrorCode.DataUnreadable, `Cannot read the data file ${file}: ${why}`, {
      path: file,
      cause: e,
    });
  }
  return parseJsonText(text, file);
}
