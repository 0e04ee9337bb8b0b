import { promises as fs } from 'node:fs';
import { ClipwrightError, ErrorCode } from '@app/core';
import { MAX_TRANSLATION_CHARS } from '@app/engine';

/** How the CLI names the option in errors (`--caption-translation es`). */
export const CAPTION_TRANSLATION_OPTION = '--caption-translation';

/** Commander collector for a repeatable option: each `lang=file` appended in order. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * `--caption-translation es=guion.txt` (repeatable) -> `{ es: "<text of guion.txt>" }`: each file is a
 * translated script of the whole narration, UTF-8 (a byte-order mark is dropped). The engine checks
 * the languages and texts; this reads the files. Throws INVALID_ARGUMENT for a value without
 * `lang=file`, DATA_UNREADABLE for a file it cannot read, naming the option and the language.
 */
export async function readCaptionTranslations(values: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const language = eq > 0 ? value.slice(0, eq).trim() : '';
    const file = eq > 0 ? value.slice(eq + 1).trim() : '';
    if (language === '' || file === '') {
      throw new ClipwrightError(
        ErrorCode.InvalidArgument,
        `${CAPTION_TRANSLATION_OPTION} takes LANG=FILE (es=guion.txt), not "${value}"`,
        { path: CAPTION_TRANSLATION_OPTION },
      );
    }
    const at = `${CAPTION_TRANSLATION_OPTION} ${language}`;
    let text: string;
    try {
      const stat = await fs.stat(file);
      // Read no more than the engine accepts (4 bytes a character at most in UTF-8).
      if (stat.size > MAX_TRANSLATION_CHARS * 4) {
        throw new ClipwrightError(
          ErrorCode.InvalidArgument,
          `${at}: ${file} is ${stat.size} bytes, too long for a clip's script`,
          { path: at },
        );
      }
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if (e instanceof ClipwrightError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(code);
      throw new ClipwrightError(ErrorCode.DataUnreadable, `${at}: cannot read ${file}: ${why}`, {
        path: at,
        cause: e,
      });
    }
    out[language] = text.replace(/^\uFEFF/, '');
  }
  return out;
}
