import type { Readable } from 'node:stream';
import { ClipwrightError, ErrorCode } from '@app/core';

export interface PutOptions {
  contentType: string;
  /** When given, a body of any other length is refused and nothing is stored. */
  size?: number;
}

export interface ObjectStat {
  key: string;
  size: number;
  contentType: string;
  lastModified: Date;
}

/**
 * One class per external system (docs/conventions.md §4): services see this interface, never the AWS SDK
 * or the filesystem. Keys are `/`-separated and workspace-scoped by callers (see `scopedKey`).
 * A `put` is all or nothing: a reader sees the previous object or the whole new one, never a part.
 */
export interface ObjectStorage {
  put(key: string, body: Buffer | Readable, opts: PutOptions): Promise<void>;
  /** Throws `ObjectNotFoundError` when there is no such object. */
  get(key: string): Promise<Readable>;
  /** `null` when there is no such object: a missing object is an expected answer, not a failure. */
  stat(key: string): Promise<ObjectStat | null>;
  /** Idempotent, like S3: deleting a missing object succeeds. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** A URL anyone may GET for `ttlSeconds`; `null` when the backend has none (local): callers stream `get`. */
  signedGetUrl(key: string, ttlSeconds: number): Promise<string | null>;
}

/**
 * core has no OBJECT_NOT_FOUND code yet, so this is an Internal error (a job referring to an object
 * that is gone is our inconsistency, not the caller's input) with a class callers can test for.
 */
export class ObjectNotFoundError extends ClipwrightError {
  constructor(key: string, cause?: unknown) {
    super(ErrorCode.Internal, `No stored object "${key}"`, {
      path: key,
      cause,
      detail: { reason: 'OBJECT_NOT_FOUND' },
    });
    this.name = 'ObjectNotFoundError';
  }
}

/** Presigned URLs are capped at 7 days by SigV4 itself; below one second they expire before use. */
export const MAX_SIGNED_URL_TTL_SECONDS = 7 * 24 * 3600;

export function checkTtl(ttlSeconds: number): void {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_SIGNED_URL_TTL_SECONDS) {
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `A signed URL lives 1 to ${MAX_SIGNED_URL_TTL_SECONDS} whole seconds, not ${ttlSeconds}`,
      { path: 'ttlSeconds' },
    );
  }
}
