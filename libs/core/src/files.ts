import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from './errors';

/** A sibling name no reader looks for: `.name.tmp-<random>`; rename() onto the target is atomic on one filesystem. */
export function tempSibling(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
}

/** Write a file so that readers see either the old content or the whole new one, never a part. */
export async function writeFileAtomic(target: string, data: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = tempSibling(target);
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Let `produce` write to a temporary sibling of `target`, then move it into place. If `produce`
 * throws, the temporary file is removed and the target is left as it was.
 */
export async function produceAtomic<T>(target: string, produce: (tmpPath: string) => Promise<T>): Promise<T> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = tempSibling(target);
  try {
    const result = await produce(tmp);
    await fs.rename(tmp, target);
    return result;
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/** Resolve `relative` inside `root`, refusing anything that would land outside it. */
export function resolveInside(root: string, relative: string, what = 'path'): string {
  const base = path.resolve(root);
  const full = path.resolve(base, relative);
  if (full !== base && !full.startsWith(base + path.sep)) {
    throw new ClipwrightError(ErrorCode.PathEscapes, `The ${what} "${relative}" points outside its folder`, {
      path: relative,
    });
  }
  return full;
}

/** JSON with object keys sorted, so equal data gives equal bytes whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
