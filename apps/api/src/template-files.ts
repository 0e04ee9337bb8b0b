import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ApiError } from './api.error';

/** Sample files a template may ship, in the order they are looked for. */
const SAMPLES: { file: string; kind: 'data' | 'script'; format?: 'markdown' | 'text' }[] = [
  { file: 'sample.json', kind: 'data' },
  { file: 'sample.geojson', kind: 'data' },
  { file: 'sample.md', kind: 'script', format: 'markdown' },
  { file: 'sample.txt', kind: 'script', format: 'text' },
];
const THUMBNAILS: [string, string][] = [
  ['thumbnail.png', 'image/png'],
  ['thumbnail.jpg', 'image/jpeg'],
  ['thumbnail.webp', 'image/webp'],
];

/** A template's sample, as GET /v1/templates/:id/sample answers it. */
export type TemplateSample =
  { file: string; data: unknown } | { file: string; script: { format: 'markdown' | 'text'; text: string } };

/**
 * The sample a template ships (`sample.json` / `.geojson` data, or a `sample.md` / `.txt` script for
 * script templates), read from its folder. 404 NOT_FOUND at `id` when it ships none.
 */
export async function readTemplateSample(dir: string, id: string): Promise<TemplateSample> {
  for (const s of SAMPLES) {
    const text = await fs.readFile(path.join(dir, s.file), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    if (s.kind === 'script')
      return { file: s.file, script: { format: s.format ?? 'text', text: withoutFilePictures(text) } };
    return { file: s.file, data: JSON.parse(text) as unknown };
  }
  throw ApiError.notFound(`sample for template ${id}`, 'id');
}

/**
 * A sample script without its picture lines that name files of the template (`![..](photos/x.jpg)`):
 * a job's pictures are uploads (`asset:<id>`), so a client sending the sample as it is would be
 * refused. The CLI renders the sample with its pictures; a client adds its own uploads.
 */
function withoutFilePictures(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*!\[[^\]]*\]\((?!asset:)[^)]*\)\s*$/.test(line))
    .join('\n');
}

/** The template's thumbnail file and its type; 404 NOT_FOUND at `id` when it ships none. */
export async function templateThumbnail(
  dir: string,
  id: string,
): Promise<{ bytes: Buffer; contentType: string }> {
  for (const [file, contentType] of THUMBNAILS) {
    const bytes = await fs.readFile(path.join(dir, file)).catch(() => undefined);
    if (bytes) return { bytes, contentType };
  }
  throw ApiError.notFound(`thumbnail for template ${id}`, 'id');
}
