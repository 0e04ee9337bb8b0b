import { ClipwrightError, ErrorCode, ServiceError, ServiceErrorCode } from '@app/core';

/**
 * One key segment: ASCII letters, digits, `_`, `-` and `.`, not starting with `.` or `-`.
 * ASCII only, because the same key must name the same object on S3 (URL-encoded) and on a local
 * filesystem (which may normalise Unicode, as macOS does). No leading dot rules out `.` and `..`
 * and keeps LocalStorage's temporary and metadata files (`.name.tmp-*`, `.name.meta.json`) out of
 * the key space, so no key can ever read a half-written object.
 */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** A filesystem name holds 255 bytes; the temporary sibling adds 17 to the longest one. */
const MAX_SEGMENT = 200;
/** S3's own limit on a key, in UTF-8 bytes (all ASCII here). */
const MAX_KEY = 1024;

function invalid(key: string, why: string, code?: ErrorCode): ClipwrightError {
  const message = `The storage key "${key}" ${why}`;
  return code
    ? new ClipwrightError(code, message, { path: key })
    : new ServiceError(ServiceErrorCode.StorageKeyInvalid, message, { path: key });
}

function checkSegment(segment: string, key: string): void {
  if (segment === '.' || segment === '..')
    throw invalid(key, 'climbs out of its folder', ErrorCode.PathEscapes);
  if (segment.length === 0) throw invalid(key, 'has an empty part (a leading, trailing or double "/")');
  if (segment.length > MAX_SEGMENT) throw invalid(key, `has a part longer than ${MAX_SEGMENT} characters`);
  if (!SEGMENT.test(segment)) {
    throw invalid(key, 'may use only A-Z a-z 0-9 _ - . in each part, and no part may start with "." or "-"');
  }
}

/** Throws unless `key` is a valid object key; returns it, so callers can validate inline. */
export function checkKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0) throw invalid(String(key), 'is empty');
  if (key.length > MAX_KEY) throw invalid(key.slice(0, 64) + '...', `is longer than ${MAX_KEY} characters`);
  if (key.includes('\\')) throw invalid(key, 'contains a backslash', ErrorCode.PathEscapes);
  if (key.startsWith('/')) throw invalid(key, 'is absolute', ErrorCode.PathEscapes);
  for (const segment of key.split('/')) checkSegment(segment, key);
  return key;
}

export function isValidKey(key: string): boolean {
  try {
    checkKey(key);
    return true;
  } catch {
    return false;
  }
}

/**
 * `<workspaceId>/<part>/<part>...`: every object belongs to one workspace, so one workspace's key
 * can never name another's. Each part is a single segment; a part holding `/` is refused rather than
 * split, so an id read from a request cannot smuggle in extra levels.
 */
export function scopedKey(workspaceId: string, ...parts: string[]): string {
  if (parts.length === 0) throw invalid(`${workspaceId}/`, 'names a workspace but no object in it');
  const all = [workspaceId, ...parts];
  const key = all.join('/');
  for (const part of all) {
    if (typeof part !== 'string') throw invalid(key, 'has a part that is not a string');
    if (part === '') throw invalid(key, 'has an empty part');
    if (part.split(/[/\\]/).some((s) => s === '.' || s === '..')) {
      throw invalid(key, 'climbs out of its folder', ErrorCode.PathEscapes);
    }
    if (part.includes('/')) throw invalid(key, `has a part with "/" in it ("${part}")`);
  }
  return checkKey(key);
}
