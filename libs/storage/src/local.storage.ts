import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  ClipwrightError,
  resolveInside,
  ServiceError,
  ServiceErrorCode,
  tempSibling,
  writeFileAtomic,
} from '@app/core';
import { ByteCount, checkSize, sizeMismatch } from './byte-count';
import { checkKey } from './object-key';
import { checkTtl, ObjectNotFoundError, ObjectStat, ObjectStorage, PutOptions } from './object-storage.types';

interface Meta {
  contentType: string;
}

const DEFAULT_TYPE = 'application/octet-stream';

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Objects as files under one root folder (embedded mode). Each object is written to a temporary
 * sibling and renamed into place, so readers never see a part of it; the content type sits beside it
 * in `.<name>.meta.json`. Both names start with a dot, which no valid key may, so neither is reachable
 * as an object.
 */
export class LocalStorage implements ObjectStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The file behind `key`; checkKey refuses `..` first, resolveInside is the second lock on the door. */
  pathOf(key: string): string {
    return resolveInside(this.root, checkKey(key), 'storage key');
  }

  private metaPath(file: string): string {
    return path.join(path.dirname(file), `.${path.basename(file)}.meta.json`);
  }

  async put(key: string, body: Buffer | Readable, opts: PutOptions): Promise<void> {
    const file = this.pathOf(key);
    checkSize(opts.size, key);
    await this.mkdirFor(file, key);
    const tmp = tempSibling(file);
    try {
      const handle = await fs.open(tmp, 'wx');
      try {
        if (Buffer.isBuffer(body)) {
          if (opts.size !== undefined && body.length !== opts.size) {
            throw sizeMismatch(key, opts.size, String(body.length));
          }
          await handle.writeFile(body);
        } else {
          // An async sink writes through the handle we sync and close below; a WriteStream with
          // autoClose: false would never signal the pipeline's end.
          await pipeline(body, new ByteCount(key, opts.size), async (source: AsyncIterable<Buffer>) => {
            for await (const chunk of source) await handle.write(chunk);
          });
        }
        // Data on disk before the rename makes it visible: a crash then leaves the old object or the
        // whole new one, never an empty file under the real name.
        await handle.sync();
      } finally {
        await handle.close();
      }
      // Type first: a new object is never visible without its type. An overwrite may show the new
      // type with the old bytes for a moment; nothing reads both without the API's own record.
      await writeFileAtomic(
        this.metaPath(file),
        JSON.stringify({ contentType: opts.contentType } satisfies Meta),
      );
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      if (errno(e) === 'EISDIR') throw this.conflict(key, e);
      throw e;
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    // Open now, not lazily: a missing key fails here rather than as a stream error later, and the
    // stream keeps reading the object it opened even if a put renames a new one over it meanwhile.
    try {
      const handle = await fs.open(file, 'r');
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        throw new ObjectNotFoundError(key);
      }
      return handle.createReadStream();
    } catch (e) {
      if (e instanceof ObjectNotFoundError) throw e;
      if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR' || errno(e) === 'EISDIR') {
        throw new ObjectNotFoundError(key, e);
      }
      throw e;
    }
  }

  async stat(key: string): Promise<ObjectStat | null> {
    const file = this.pathOf(key);
    let st;
    try {
      st = await fs.stat(file);
    } catch (e) {
      if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') return null;
      throw e;
    }
    // A key that is only a prefix of other keys ("ws/jobs") is a folder here and no object, as on S3.
    if (!st.isFile()) return null;
    return { key, size: st.size, contentType: await this.readType(file), lastModified: st.mtime };
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    // Empty parent folders stay: removing them would race a concurrent put that just created one.
    for (const target of [file, this.metaPath(file)]) {
      try {
        await fs.unlink(target);
      } catch (e) {
        if (!['ENOENT', 'ENOTDIR', 'EISDIR', 'EPERM'].includes(errno(e) ?? '')) throw e;
      }
    }
  }

  /** Local files have no URL of their own: the API streams `get` to the client instead. */
  async signedGetUrl(key: string, ttlSeconds: number): Promise<string | null> {
    checkKey(key);
    checkTtl(ttlSeconds);
    return null;
  }

  private async readType(file: string): Promise<string> {
    try {
      const meta = JSON.parse(await fs.readFile(this.metaPath(file), 'utf8')) as Partial<Meta>;
      return typeof meta.contentType === 'string' ? meta.contentType : DEFAULT_TYPE;
    } catch {
      return DEFAULT_TYPE;
    }
  }

  private async mkdirFor(file: string, key: string): Promise<void> {
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
    } catch (e) {
      if (errno(e) === 'EEXIST' || errno(e) === 'ENOTDIR') throw this.conflict(key, e);
      throw e;
    }
  }

  /** S3 lets "a" and "a/b" both be objects; a filesystem cannot, so the second one is refused. */
  private conflict(key: string, cause: unknown): ClipwrightError {
    return new ServiceError(
      ServiceErrorCode.StorageKeyInvalid,
      `The storage key "${key}" clashes with an existing object or folder of the same name`,
      { path: key, cause },
    );
  }
}
