import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { folderImageSource, MAX_IMAGE_FILE_BYTES } from './image-source';

describe('folderImageSource (the CLI reads images next to the data file)', () => {
  let root: string;
  let data: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'cw-images-'));
    data = path.join(root, 'data');
    mkdirSync(path.join(data, 'photos'), { recursive: true });
    writeFileSync(path.join(data, 'photos', 'quake.jpg'), 'jpeg bytes');
    writeFileSync(path.join(root, 'secret.txt'), 'outside');
    symlinkSync(path.join(root, 'secret.txt'), path.join(data, 'link.jpg'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a file larger than it will read, as an unreadable image', async () => {
    writeFileSync(path.join(data, 'huge.jpg'), Buffer.alloc(MAX_IMAGE_FILE_BYTES + 1));
    await expect(folderImageSource(data)('huge.jpg')).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE' });
  });

  it('reads a path relative to the folder', async () => {
    expect((await folderImageSource(data)('photos/quake.jpg')).toString()).toBe('jpeg bytes');
  });

  it.each([
    ['a path out of the folder', '../secret.txt', 'PATH_ESCAPES'],
    ['an absolute path elsewhere', '/etc/hostname', 'PATH_ESCAPES'],
    ['a link that leads out', 'link.jpg', 'PATH_ESCAPES'],
    ['a missing file', 'photos/none.jpg', 'ASSET_NOT_FOUND'],
    ['a folder', 'photos', 'ASSET_NOT_FOUND'],
    ['an uploaded asset (service only)', 'asset:0192f4a0-1c2b-7d3e-8f40-5a6b7c8d9e0f', 'ASSET_NOT_FOUND'],
  ])('refuses %s', async (_what, ref, code) => {
    await expect(folderImageSource(data)(ref)).rejects.toMatchObject({ code });
  });
});
