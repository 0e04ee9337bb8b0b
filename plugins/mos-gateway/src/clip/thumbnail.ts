import { spawn } from 'node:child_process';
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { OutputSource } from '../api/clipwright-api.client';

/** Width of the thumbnail in pixels (height follows the clip's aspect, rounded to even). */
export const THUMBNAIL_WIDTH = 320;

/**
 * ffmpeg arguments that grab one frame at `atSeconds` of `input` as a JPEG `THUMBNAIL_WIDTH` wide.
 * Pure: tested as an exact string (docs/conventions.md §5).
 */
export function thumbnailArgs(input: string, atSeconds: number, output: string): string[] {
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-ss',
    atSeconds.toFixed(3),
    '-i',
    input,
    '-frames:v',
    '1',
    '-vf',
    `scale=${THUMBNAIL_WIDTH}:-2`,
    '-q:v',
    '4',
    '-f',
    'image2',
    '-y',
    output,
  ];
}

/** When to take the frame: inside the title open, where the clip says what it is. */
export function thumbnailTime(durationSeconds: number | null): number {
  return Math.max(0, Math.min(1.5, (durationSeconds ?? 0) / 2));
}

function run(ffmpeg: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`ffmpeg exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`)),
    );
  });
}

/**
 * Writes a JPEG thumbnail of the clip at `source` to `outFile` (through a temporary name, renamed
 * into place, so a reader never sees half a file). A signed URL is read by ffmpeg directly;
 * bytes the API streams are staged in a temporary file first. Throws with ffmpeg's last lines.
 */
export async function makeThumbnail(
  ffmpeg: string,
  source: OutputSource,
  durationSeconds: number | null,
  outFile: string,
): Promise<void> {
  await fs.mkdir(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.${process.pid}.${Date.now()}.tmp`;
  let staged: string | null = null;
  try {
    let input: string;
    if ('url' in source) input = source.url;
    else {
      staged = `${tmp}.mp4`;
      const body = source.response.body as unknown as WebReadableStream<Uint8Array>;
      await pipeline(Readable.fromWeb(body), createWriteStream(staged));
      input = staged;
    }
    await run(ffmpeg, thumbnailArgs(input, thumbnailTime(durationSeconds), tmp));
    await fs.rename(tmp, outFile);
  } finally {
    await fs.rm(tmp, { force: true });
    if (staged) await fs.rm(staged, { force: true });
  }
}
