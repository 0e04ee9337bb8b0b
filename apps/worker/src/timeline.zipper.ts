import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { RenderResult } from '@app/core';

/** Already compressed: stored as they are, since deflating ProRes or PNG costs CPU and saves nothing. */
const STORED = new Set(['.mov', '.mp4', '.png', '.jpg', '.jpeg']);

/**
 * The files under `dir`, relative to it with `/` separators, sorted (the zip's entry order). The
 * export stage writes plain files only: a link or anything else is refused rather than followed
 * out of the folder or silently left out.
 */
async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await filesUnder(path.join(dir, entry.name), rel)));
    else if (entry.isFile()) found.push(rel);
    else
      throw new Error(
        `${path.join(dir, entry.name)} is not a plain file; a timeline folder holds files only`,
      );
  }
  return found.sort();
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Writes `<folder>/` (the timeline files and `media/`) into the zip `target`, every entry under the
 * folder's own name so that unzipping gives the folder the CLI writes. Entries carry `mtime`, so the
 * same render zips to the same bytes.
 */
async function writeZip(outDir: string, folder: string, target: string, mtime: Date): Promise<void> {
  const files = await filesUnder(path.join(outDir, folder));
  const zip = new ZipFile();
  const written = pipeline(zip.outputStream, createWriteStream(target));
  const failed = new Promise<never>((_, reject) =>
    zip.on('error', (e: Error) => {
      // A file that cannot be read: close the half-written zip too, so the caller can remove it.
      (zip.outputStream as Readable).destroy(e);
      reject(e);
    }),
  );
  for (const rel of files) {
    zip.addFile(path.join(outDir, folder, rel), `${folder}/${rel}`, {
      mtime,
      compress: !STORED.has(path.extname(rel).toLowerCase()),
    });
  }
  zip.end();
  await Promise.race([written, failed]);
}

/**
 * Zips each output's timeline folder that the render wrote (result.json `timelines[]`) into
 * `<folder>.zip` beside it, and returns the folders' names (the zips stand for them in storage).
 * A zip is written under a hidden temporary name and renamed into place when complete, so a run
 * that crashes half way leaves no zip that looks whole: the next run (which adopts the kept render)
 * finds no `<folder>.zip` and writes it again; a zip already in place is kept.
 */
export async function zipTimelineFolders(outDir: string, result: RenderResult): Promise<Set<string>> {
  const folders = new Set<string>();
  for (const { folder } of result.timelines ?? []) {
    folders.add(folder);
    const zip = path.join(outDir, `${folder}.zip`);
    if (await exists(zip)) continue;
    const temp = path.join(outDir, `.${folder}.zip.${process.pid}.tmp`);
    try {
      await writeZip(outDir, folder, temp, new Date(result.createdAt));
      await fs.rename(temp, zip);
    } finally {
      await fs.rm(temp, { force: true });
    }
  }
  return folders;
}
