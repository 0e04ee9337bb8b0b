import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { canonicalJson, produceAtomic, resolveInside, writeFileAtomic } from './files';
import { ClipwrightError } from './errors';

describe('files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-core-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('writes atomically and leaves no temporary file', async () => {
    const target = path.join(dir, 'a', 'result.json');
    await writeFileAtomic(target, '{"ok":true}');
    expect(await fs.readFile(target, 'utf8')).toBe('{"ok":true}');
    expect(await fs.readdir(path.dirname(target))).toEqual(['result.json']);
  });

  it('keeps the old file and removes the temporary one when the producer fails', async () => {
    const target = path.join(dir, 'clip.mp4');
    await fs.writeFile(target, 'old');
    await expect(
      produceAtomic(target, async (tmp) => {
        await fs.writeFile(tmp, 'half');
        throw new Error('encoder died');
      }),
    ).rejects.toThrow('encoder died');
    expect(await fs.readFile(target, 'utf8')).toBe('old');
    expect(await fs.readdir(dir)).toEqual(['clip.mp4']);
  });

  it('refuses paths that escape their folder', () => {
    expect(resolveInside('/srv/t', 'assets/a.png')).toBe('/srv/t/assets/a.png');
    expect(() => resolveInside('/srv/t', '../etc/passwd')).toThrow(ClipwrightError);
    expect(() => resolveInside('/srv/t', '/etc/passwd')).toThrow(/outside its folder/);
  });

  it('gives the same canonical JSON whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { y: 2, z: 1 }] }, b: 1 }),
    );
  });
});
