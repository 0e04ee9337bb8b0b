import { Transform, TransformCallback } from 'node:stream';
import { ClipwrightError, ErrorCode, ServiceError, ServiceErrorCode } from '@app/core';

/**
 * Passes bytes through and fails the stream, before its end reaches the store, when the body is not
 * the `expected` length. Failing inside the stream (not after it) is what keeps a short or long body
 * from ever becoming a visible object: the local temp file is dropped, the S3 upload aborted.
 */
export class ByteCount extends Transform {
  bytes = 0;

  constructor(
    private readonly key: string,
    private readonly expected?: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.expected !== undefined && this.bytes > this.expected) {
      done(sizeMismatch(this.key, this.expected, `more than ${this.expected}`));
      return;
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.expected !== undefined && this.bytes !== this.expected) {
      done(sizeMismatch(this.key, this.expected, String(this.bytes)));
      return;
    }
    done();
  }
}

export function sizeMismatch(key: string, expected: number, got: string): ClipwrightError {
  return new ServiceError(
    ServiceErrorCode.StorageSizeMismatch,
    `The body for "${key}" was ${got} bytes, but ${expected} were announced; nothing was stored`,
    { path: key, detail: { expected } },
  );
}

export function checkSize(size: number | undefined, key: string): void {
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 0)) {
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `The size for "${key}" must be a whole number >= 0`,
      {
        path: 'size',
      },
    );
  }
}
