import { crc32 } from 'node:zlib';
import { ClipwrightError, ErrorCode } from '@app/core';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The iTXt keyword of an XMP packet in PNG (XMP Specification Part 3, 1.1.5 "PNG"). */
export const PNG_XMP_KEYWORD = 'XML:com.adobe.xmp';
/** The tEXt keyword of the GB 45438 AIGC field in PNG (TC260-PG-20259A, Annex B). */
export const PNG_AIGC_KEYWORD = 'AIGC';

/** One PNG chunk (PNG Specification 3rd ed., 5.3): type, data, and where it sits. */
export interface PngChunk {
  type: string;
  data: Buffer;
  offset: number;
}

function notPng(why: string): ClipwrightError {
  return new ClipwrightError(ErrorCode.InvalidArgument, `Not a readable PNG file: ${why}`);
}

/** The chunks of a PNG, up to and including IEND; CRCs are checked. */
export function readPngChunks(png: Buffer): PngChunk[] {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw notPng('no PNG signature');
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > png.length)
      throw notPng(`chunk "${type}" at ${offset} runs past the end`);
    const crc = png.readUInt32BE(offset + 8 + length);
    if (crc32(png.subarray(offset + 4, offset + 8 + length)) !== crc)
      throw notPng(`chunk "${type}" has a bad CRC`);
    chunks.push({ type, data: png.subarray(offset + 8, offset + 8 + length), offset });
    offset = end;
    if (type === 'IEND') return chunks;
  }
  throw notPng('no IEND chunk');
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** iTXt, uncompressed, no language tag (PNG 11.3.4.5): keyword NUL 0 0 NUL NUL text. */
function iTXt(keyword: string, text: string): Buffer {
  return chunk(
    'iTXt',
    Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]),
  );
}

/** The keyword of a tEXt/iTXt chunk (Latin-1, up to the first NUL). */
function keywordOf(c: PngChunk): string | undefined {
  if (c.type !== 'tEXt' && c.type !== 'iTXt') return undefined;
  const nul = c.data.indexOf(0);
  return nul < 0 ? undefined : c.data.toString('latin1', 0, nul);
}

/** The text of a tEXt or uncompressed iTXt chunk. */
function textOf(c: PngChunk): string | undefined {
  const nul = c.data.indexOf(0);
  if (c.type === 'tEXt') return c.data.toString('latin1', nul + 1);
  if (c.data[nul + 1] !== 0) return undefined;
  const lang = c.data.indexOf(0, nul + 3);
  const translated = lang < 0 ? -1 : c.data.indexOf(0, lang + 1);
  return translated < 0 ? undefined : c.data.toString('utf8', translated + 1);
}

/** tEXt (PNG 11.3.4.3): Latin-1 keyword NUL Latin-1 text. */
function tEXt(keyword: string, text: string): Buffer {
  return chunk(
    'tEXt',
    Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]),
  );
}

/** JSON text with every non-ASCII character as a \uXXXX escape: the same value, in ASCII only. */
export function asciiJson(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Writes the implicit labels into a PNG right after IHDR: the XMP packet as an iTXt
 * `XML:com.adobe.xmp` chunk, and (when given) the AIGC JSON as a tEXt `AIGC` chunk, the image
 * guide's place. tEXt is Latin-1, so the JSON is written with non-ASCII characters escaped (a
 * Chinese workspace name reads back unchanged through any JSON parser). Earlier chunks with either
 * keyword are dropped, so the file has one of each. Pure.
 * @throws ClipwrightError INVALID_ARGUMENT when the buffer is not a PNG.
 */
export function setPngMetadata(png: Buffer, labels: { xmp: string; aigc?: string }): Buffer {
  const chunks = readPngChunks(png);
  if (chunks[0]?.type !== 'IHDR') throw notPng('IHDR is not the first chunk');
  const ours = new Set([PNG_XMP_KEYWORD, PNG_AIGC_KEYWORD]);
  const parts: Buffer[] = [SIGNATURE];
  for (const c of chunks) {
    const keyword = keywordOf(c);
    if (keyword !== undefined && ours.has(keyword)) continue;
    parts.push(png.subarray(c.offset, c.offset + 12 + c.data.length));
    if (c.type === 'IHDR') {
      parts.push(iTXt(PNG_XMP_KEYWORD, labels.xmp));
      if (labels.aigc !== undefined) parts.push(tEXt(PNG_AIGC_KEYWORD, asciiJson(labels.aigc)));
    }
  }
  return Buffer.concat(parts);
}

/** The XMP packet and AIGC text of a PNG (tEXt or uncompressed iTXt), when present. */
export function readPngMetadata(png: Buffer): { xmp?: string; aigc?: string } {
  const out: { xmp?: string; aigc?: string } = {};
  for (const c of readPngChunks(png)) {
    const keyword = keywordOf(c);
    if (keyword === PNG_XMP_KEYWORD) out.xmp ??= textOf(c);
    if (keyword === PNG_AIGC_KEYWORD) out.aigc ??= textOf(c);
  }
  return out;
}
