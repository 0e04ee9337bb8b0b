import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { ClipwrightError, ErrorCode } from '@app/core';
import { LocalStorage } from './local.storage';
import { ObjectNotFoundError } from './object-storage.types';

/** A body that sends some bytes and then breaks, like an upload whose client hangs up. */
function failingBody(after: Buffer): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(after);
        return;
      }
      setImmediate(() => this.destroy(new Error('client went away')));
    },
  });
}

/** Every file under dir, relative, so the tests can see stray temporaries. */
async function allFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('LocalStorage', () => {
  let dir: string;
  let storage: LocalStorage;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-storage-'));
    storage = new LocalStorage(path.join(dir, 'objects'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('stores a buffer and a stream, and reads them back with type and size', async () => {
    await storage.put('ws/a.txt', Buffer.from('hello'), { contentType: 'text/plain' });
    await storage.put('ws/jobs/1/b.json', Readable.from([Buffer.from('{"a"'), Buffer.from(':1}')]), {
      contentType: 'application/json',
      size: 7,
    });
    expect(await text(await storage.get('ws/a.txt'))).toBe('hello');
    expect(await text(await storage.get('ws/jobs/1/b.json'))).toBe('{"a":1}');
    expect(await storage.stat('ws/jobs/1/b.json')).toMatchObject({
      key: 'ws/jobs/1/b.json',
      size: 7,
      contentType: 'application/json',
    });
    expect(await storage.exists('ws/a.txt')).toBe(true);
    expect(await storage.signedGetUrl('ws/a.txt', 60)).toBeNull();
  });

  it('leaves no object and no temporary file when the body stream fails', async () => {
    await expect(
      storage.put('ws/clip.mp4', failingBody(Buffer.alloc(1024, 1)), { contentType: 'video/mp4' }),
    ).rejects.toThrow('client went away');
    expect(await storage.exists('ws/clip.mp4')).toBe(false);
    await expect(storage.get('ws/clip.mp4')).rejects.toBeInstanceOf(ObjectNotFoundError);
    const left = await allFiles(storage.root);
    expect(left.filter((f) => !f.endsWith('.meta.json'))).toEqual([]);
  });

  it('keeps the previous object whole when an overwrite fails', async () => {
    await storage.put('ws/clip.mp4', Buffer.from('old clip'), { contentType: 'video/mp4' });
    await expect(
      storage.put('ws/clip.mp4', failingBody(Buffer.from('new cl')), { contentType: 'video/mp4' }),
    ).rejects.toThrow('client went away');
    expect(await text(await storage.get('ws/clip.mp4'))).toBe('old clip');
    expect(await allFiles(storage.root)).toEqual(['ws/.clip.mp4.meta.json', 'ws/clip.mp4']);
  });

  it('refuses a body whose length differs from the announced size, storing nothing', async () => {
    await expect(
      storage.put('ws/short', Readable.from([Buffer.from('abc')]), { contentType: 'text/plain', size: 4 }),
    ).rejects.toThrow(/3 bytes, but 4 were announced/);
    await expect(
      storage.put('ws/long', Readable.from([Buffer.from('abcde')]), { contentType: 'text/plain', size: 4 }),
    ).rejects.toThrow(/more than 4/);
    await expect(
      storage.put('ws/buf', Buffer.from('abc'), { contentType: 'text/plain', size: 2 }),
    ).rejects.toThrow(ClipwrightError);
    expect(await allFiles(storage.root).catch(() => [])).toEqual(
      expect.not.arrayContaining(['ws/short', 'ws/long', 'ws/buf']),
    );
    expect(await storage.exists('ws/short')).toBe(false);
  });

  it('never reads or writes outside its root', async () => {
    await fs.writeFile(path.join(dir, 'secret.txt'), 'secret');
    for (const key of ['../secret.txt', 'ws/../../secret.txt', '/etc/passwd', 'ws\\..\\..\\secret.txt']) {
      await expect(storage.get(key)).rejects.toMatchObject({ code: ErrorCode.PathEscapes });
      await expect(storage.put(key, Buffer.from('x'), { contentType: 'text/plain' })).rejects.toMatchObject({
        code: ErrorCode.PathEscapes,
      });
      await expect(storage.delete(key)).rejects.toMatchObject({ code: ErrorCode.PathEscapes });
    }
    expect(await fs.readFile(path.join(dir, 'secret.txt'), 'utf8')).toBe('secret');
    expect(await fs.readdir(dir)).toEqual(['secret.txt']);
  });

  it('cannot reach its own temporary or metadata files through a key', async () => {
    await storage.put('ws/a.txt', Buffer.from('a'), { contentType: 'text/plain' });
    await expect(storage.get('ws/.a.txt.meta.json')).rejects.toMatchObject({
      code: 'STORAGE_KEY_INVALID',
    });
  });

  it('treats a prefix folder as no object, and deletes idempotently', async () => {
    await storage.put('ws/jobs/1/clip.mp4', Buffer.from('x'), { contentType: 'video/mp4' });
    expect(await storage.stat('ws/jobs')).toBeNull();
    await expect(storage.get('ws/jobs')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await storage.delete('ws/jobs');
    await storage.delete('ws/jobs/1/clip.mp4');
    await storage.delete('ws/jobs/1/clip.mp4');
    expect(await storage.exists('ws/jobs/1/clip.mp4')).toBe(false);
    expect(await allFiles(storage.root)).toEqual([]);
  });

  it('refuses a key that clashes with an existing object', async () => {
    await storage.put('ws/a', Buffer.from('x'), { contentType: 'text/plain' });
    await expect(
      storage.put('ws/a/b', Buffer.from('y'), { contentType: 'text/plain' }),
    ).rejects.toMatchObject({
      code: 'STORAGE_KEY_INVALID',
    });
    await expect(storage.put('ws', Buffer.from('y'), { contentType: 'text/plain' })).rejects.toMatchObject({
      code: 'STORAGE_KEY_INVALID',
    });
    expect(await text(await storage.get('ws/a'))).toBe('x');
  });

  it('keeps streaming the object it opened when a new one replaces it', async () => {
    await storage.put('ws/v', Buffer.alloc(256 * 1024, 'a'), { contentType: 'text/plain' });
    const reading = await storage.get('ws/v');
    await storage.put('ws/v', Buffer.alloc(10, 'b'), { contentType: 'text/plain' });
    const old = await text(reading);
    expect(old).toBe('a'.repeat(256 * 1024));
    expect(await text(await storage.get('ws/v'))).toBe('b'.repeat(10));
  });
});
