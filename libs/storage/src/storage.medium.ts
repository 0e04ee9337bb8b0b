/**
 * ObjectStorage against the real thing: s3rver on loopback (started by test/servers/global-setup.ts
 * or scripts/services.sh) and a real folder. The same contract runs on both backends, so the API and
 * the worker can switch STORAGE without noticing.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { requireServiceEnv } from '../../../test/servers/services';
import { LocalStorage } from './local.storage';
import { scopedKey } from './object-key';
import { ObjectNotFoundError, ObjectStorage } from './object-storage.types';
import { S3Storage } from './s3.storage';
import { storageConfigFromEnv } from './storage.config';

jest.setTimeout(60_000);

function s3FromEnv(): S3Storage {
  requireServiceEnv('S3_ENDPOINT');
  const config = storageConfigFromEnv({ ...process.env, STORAGE: 's3' });
  if (config.driver !== 's3') throw new Error('expected the s3 driver');
  // The smallest part S3 allows, so a 12 MiB body takes three parts.
  return new S3Storage({ ...config, partSizeBytes: 5 * 1024 * 1024 });
}

/** `total` bytes of seeded noise in 64 KiB chunks, produced lazily like an encoder's output. */
function noise(total: number, chunk = 64 * 1024): { stream: Readable; sha256: Promise<string> } {
  const hash = createHash('sha256');
  let sent = 0;
  let resolve!: (h: string) => void;
  const sha256 = new Promise<string>((r) => (resolve = r));
  const stream = new Readable({
    read() {
      if (sent >= total) {
        resolve(hash.digest('hex'));
        this.push(null);
        return;
      }
      const piece = randomBytes(Math.min(chunk, total - sent));
      sent += piece.length;
      hash.update(piece);
      this.push(piece);
    },
  });
  return { stream, sha256 };
}

function breakingBody(bytes: number): Readable {
  const { stream } = noise(bytes);
  let seen = 0;
  return stream.pipe(
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        seen += chunk.length;
        if (seen > bytes / 2) done(new Error('encoder crashed'));
        else done(null, chunk);
      },
    }),
  );
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let localDir: string;
const backends: Array<[string, () => ObjectStorage]> = [
  ['s3rver', () => s3FromEnv()],
  ['local', () => new LocalStorage(localDir)],
];

beforeAll(async () => {
  localDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-storage-medium-'));
});
afterAll(() => fs.rm(localDir, { recursive: true, force: true }));

describe.each(backends)('ObjectStorage contract on %s', (_name, make) => {
  let storage: ObjectStorage;
  // A fresh workspace each run: s3rver keeps its data between runs.
  const ws = `ws_${randomUUID()}`;
  beforeAll(() => {
    storage = make();
  });

  it('round-trips a buffer with its type and size', async () => {
    const key = scopedKey(ws, 'renders', 'job-1', 'result.json');
    const body = Buffer.from(JSON.stringify({ ok: true, clip: 'clip-16x9.mp4' }));
    await storage.put(key, body, { contentType: 'application/json', size: body.length });
    expect(await text(await storage.get(key))).toBe(body.toString());
    const stat = await storage.stat(key);
    expect(stat).toMatchObject({ key, size: body.length, contentType: 'application/json' });
    expect(Math.abs(stat!.lastModified.getTime() - Date.now())).toBeLessThan(120_000);
    expect(await storage.exists(key)).toBe(true);
  });

  it('overwrites, then deletes idempotently', async () => {
    const key = scopedKey(ws, 'captions.vtt');
    await storage.put(key, Buffer.from('WEBVTT\n\nold'), { contentType: 'text/vtt' });
    await storage.put(key, Buffer.from('WEBVTT\n\nnew'), { contentType: 'text/vtt' });
    expect(await text(await storage.get(key))).toBe('WEBVTT\n\nnew');
    await storage.delete(key);
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.stat(key)).toBeNull();
    await expect(storage.get(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('streams a 12 MiB body in and out intact', async () => {
    const key = scopedKey(ws, 'renders', 'job-2', 'clip-16x9.mp4');
    const size = 12 * 1024 * 1024 + 123;
    const { stream, sha256 } = noise(size);
    await storage.put(key, stream, { contentType: 'video/mp4', size });
    const back = await buffer(await storage.get(key));
    expect(back.length).toBe(size);
    expect(sha(back)).toBe(await sha256);
    expect((await storage.stat(key))?.size).toBe(size);
  });

  it('stores nothing when the body stream fails halfway', async () => {
    const key = scopedKey(ws, 'renders', 'job-3', 'clip.mp4');
    await expect(
      storage.put(key, breakingBody(11 * 1024 * 1024), { contentType: 'video/mp4' }),
    ).rejects.toThrow('encoder crashed');
    expect(await storage.exists(key)).toBe(false);
  });

  it('refuses keys that climb out of their scope before touching the store', async () => {
    await expect(
      storage.put(`${ws}/../other/x`, Buffer.from('x'), { contentType: 'text/plain' }),
    ).rejects.toThrow(/climbs out/);
    await expect(storage.get('../etc/passwd')).rejects.toMatchObject({ code: 'PATH_ESCAPES' });
  });
});

describe('S3Storage against s3rver', () => {
  const ws = `ws_${randomUUID()}`;
  let storage: S3Storage;
  const commands: string[] = [];
  beforeAll(() => {
    storage = s3FromEnv();
    // Record each S3 call, to see that a large stream really went up in parts.
    storage.client.middlewareStack.add(
      (next, context) => (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
  });

  it('uploads a >10 MB stream as a multipart upload', async () => {
    commands.length = 0;
    const key = scopedKey(ws, 'big.bin');
    const size = 11 * 1024 * 1024;
    const { stream, sha256 } = noise(size);
    await storage.put(key, stream, { contentType: 'application/octet-stream' });
    expect(commands.filter((c) => c === 'CreateMultipartUploadCommand')).toHaveLength(1);
    expect(commands.filter((c) => c === 'UploadPartCommand')).toHaveLength(3);
    expect(commands).toContain('CompleteMultipartUploadCommand');
    expect(sha(await buffer(await storage.get(key)))).toBe(await sha256);
  });

  it('never completes a multipart upload whose stream fails, and reports the stream error', async () => {
    commands.length = 0;
    const key = scopedKey(ws, 'broken.bin');
    await expect(
      storage.put(key, breakingBody(16 * 1024 * 1024), { contentType: 'video/mp4' }),
    ).rejects.toThrow('encoder crashed');
    expect(commands).not.toContain('CompleteMultipartUploadCommand');
    expect(await storage.exists(key)).toBe(false);
  });

  it('gives a presigned URL that plain fetch can read, until it expires', async () => {
    const key = scopedKey(ws, 'poster.jpg');
    const body = randomBytes(4096);
    await storage.put(key, body, { contentType: 'image/jpeg' });

    const url = await storage.signedGetUrl(key, 2);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[^/]+\/ws_/);
    expect(url).toContain('X-Amz-Expires=2');
    const ok = await fetch(url!);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await ok.arrayBuffer()).equals(body)).toBe(true);

    // X-Amz-Date has whole seconds, so the URL dies between 2 and 3 s after signing.
    await new Promise((r) => setTimeout(r, 3_500));
    const late = await fetch(url!);
    expect(late.status).toBe(403);
    expect(await late.text()).toMatch(/expired/i);
    // s3rver checks expiry but not the signature itself, so tampering is not tested here.
  });

  it('refuses nonsense lifetimes for signed URLs', async () => {
    await expect(storage.signedGetUrl(scopedKey(ws, 'x'), 0)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(storage.signedGetUrl(scopedKey(ws, 'x'), 8 * 24 * 3600)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
