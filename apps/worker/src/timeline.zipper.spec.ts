import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import AdmZip from 'adm-zip';
import type { RenderResult } from '@app/core';
import { zipTimelineFolders } from './timeline.zipper';

describe('zipTimelineFolders', () => {
  let out: string;
  const result = {
    createdAt: '2026-11-30T07:00:00.000Z',
    timelines: [
      { aspect: '16:9', folder: 'timeline-16x9', formats: [], media: [] },
      { aspect: '9:16', folder: 'timeline-9x16', formats: [], media: [] },
    ],
  } as unknown as RenderResult;

  beforeEach(async () => {
    out = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-tlzip-'));
    for (const folder of ['timeline-16x9', 'timeline-9x16']) {
      await fs.mkdir(path.join(out, folder, 'media'), { recursive: true });
      await fs.writeFile(path.join(out, folder, 'clip.otio'), `{"name":"${folder} 新闻 ✓"}`);
      await fs.writeFile(path.join(out, folder, 'media', 'a.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      await fs.writeFile(path.join(out, folder, 'media', 'voice.wav'), Buffer.alloc(4096, 7));
    }
  });
  afterEach(() => fs.rm(out, { recursive: true, force: true }));

  it('zips each folder under its own name, media/ included, and names the folders it replaced', async () => {
    expect([...(await zipTimelineFolders(out, result))]).toEqual(['timeline-16x9', 'timeline-9x16']);
    const zip = new AdmZip(path.join(out, 'timeline-9x16.zip'));
    const entries = zip.getEntries();
    expect(entries.map((e) => e.entryName)).toEqual([
      'timeline-9x16/clip.otio',
      'timeline-9x16/media/a.png',
      'timeline-9x16/media/voice.wav',
    ]);
    expect(zip.readAsText('timeline-9x16/clip.otio')).toBe('{"name":"timeline-9x16 新闻 ✓"}');
    expect(zip.readFile('timeline-9x16/media/voice.wav')).toEqual(Buffer.alloc(4096, 7));
    // PNG stored as it is (method 0), the WAV deflated (method 8).
    expect(entries.map((e) => e.header.method)).toEqual([8, 0, 8]);
    expect((await fs.readdir(out)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('keeps a zip already in place (an earlier run finished it); the same folder zips to the same bytes', async () => {
    await zipTimelineFolders(out, result);
    const first = await fs.readFile(path.join(out, 'timeline-16x9.zip'));
    await fs.rm(path.join(out, 'timeline-16x9.zip'));
    await zipTimelineFolders(out, result);
    expect(await fs.readFile(path.join(out, 'timeline-16x9.zip'))).toEqual(first);
    await fs.writeFile(path.join(out, 'timeline-16x9', 'clip.otio'), 'changed');
    await zipTimelineFolders(out, result);
    expect(await fs.readFile(path.join(out, 'timeline-16x9.zip'))).toEqual(first);
  });

  it('refuses a folder holding a link (never followed out of it) and leaves no zip, whole or temporary', async () => {
    await fs.rm(path.join(out, 'timeline-16x9', 'media', 'voice.wav'));
    await fs.symlink(path.join(out, 'gone.wav'), path.join(out, 'timeline-16x9', 'media', 'voice.wav'));
    await fs.mkdir(path.join(out, 'gone.wav'));
    await expect(zipTimelineFolders(out, result)).rejects.toThrow();
    expect((await fs.readdir(out)).sort()).toEqual(['gone.wav', 'timeline-16x9', 'timeline-9x16']);
  });

  it('does nothing for a job without timelines', async () => {
    const plain = { createdAt: result.createdAt } as RenderResult;
    expect((await zipTimelineFolders(out, plain)).size).toBe(0);
    expect((await fs.readdir(out)).sort()).toEqual(['timeline-16x9', 'timeline-9x16']);
  });
});
