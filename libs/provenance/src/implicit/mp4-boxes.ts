import { ClipwrightError, ErrorCode } from '@app/core';

/** One ISO BMFF box (ISO/IEC 14496-12, 4.2): where it starts, its total size and its payload. */
export interface Mp4Box {
  type: string;
  /** Offset of the box's first byte in the buffer. */
  offset: number;
  /** Whole box, header included. */
  size: number;
  /** Offset of the payload (after size, type, largesize and the uuid's 16 bytes). */
  start: number;
  /** For `uuid` boxes: the extended type, 32 lowercase hex digits. */
  uuid?: string;
}

/** The XMP box's extended type (XMP Specification Part 3, 1.1.4 "MPEG-4"). */
export const XMP_UUID = 'be7acfcb97a942e89c71999491e3afac';

function notMp4(why: string): ClipwrightError {
  return new ClipwrightError(ErrorCode.InvalidArgument, `Not a readable MP4 (ISO BMFF) file: ${why}`);
}

/** The boxes between `from` and `to`, in order. A size that runs past `to` is refused. */
export function readBoxes(buf: Buffer, from = 0, to = buf.length): Mp4Box[] {
  const boxes: Mp4Box[] = [];
  let offset = from;
  while (offset < to) {
    if (to - offset < 8) throw notMp4(`${to - offset} stray bytes at ${offset}`);
    let size = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    let start = offset + 8;
    if (size === 1) {
      if (to - offset < 16) throw notMp4(`truncated largesize at ${offset}`);
      const large = buf.readBigUInt64BE(offset + 8);
      if (large > BigInt(Number.MAX_SAFE_INTEGER)) throw notMp4(`box "${type}" larger than 2^53 bytes`);
      size = Number(large);
      start += 8;
    } else if (size === 0) {
      size = to - offset;
    }
    if (size < start - offset || offset + size > to)
      throw notMp4(`box "${type}" at ${offset} has size ${size}`);
    let uuid: string | undefined;
    if (type === 'uuid') {
      if (offset + size < start + 16) throw notMp4(`uuid box at ${offset} too short`);
      uuid = buf.toString('hex', start, start + 16);
      start += 16;
    }
    boxes.push({ type, offset, size, start, ...(uuid ? { uuid } : {}) });
    offset += size;
  }
  return boxes;
}

/** The top-level boxes of an MP4; the first must be `ftyp`. */
export function readTopLevelBoxes(buf: Buffer): Mp4Box[] {
  if (buf.length < 8 || buf.toString('latin1', 4, 8) !== 'ftyp')
    throw notMp4('it does not start with an ftyp box');
  return readBoxes(buf);
}

/** A box's header: 32-bit size (or largesize when needed), type, and the uuid's extended type. */
function boxHeader(type: string, payloadSize: number, uuid?: string): Buffer {
  const extra = uuid ? 16 : 0;
  const size = 8 + extra + payloadSize;
  const header = Buffer.alloc(8 + extra);
  header.writeUInt32BE(size, 0);
  header.write(type, 4, 'latin1');
  if (uuid) Buffer.from(uuid, 'hex').copy(header, 8);
  return header;
}

/**
 * Puts an XMP packet into an MP4 as a top-level `uuid` box (XMP Specification Part 3, 1.1.4),
 * appended after the last box, so no sample offset in `stco`/`co64` moves. An XMP box already in the
 * file is turned into a `free` box of the same size (its bytes zeroed), for the same reason: the
 * file keeps exactly one packet. Pure: returns a new buffer.
 * @throws ClipwrightError INVALID_ARGUMENT when the buffer is not an MP4.
 */
export function setMp4Xmp(mp4: Buffer, packet: string): Buffer {
  const boxes = readTopLevelBoxes(mp4);
  const out = Buffer.from(mp4);
  for (const box of boxes) {
    if (box.type !== 'uuid' || box.uuid !== XMP_UUID) continue;
    const headerSize = box.start - box.offset - 16;
    out.write('free', box.offset + 4, 'latin1');
    out.fill(0, box.offset + headerSize, box.offset + box.size);
  }
  const body = Buffer.from(packet, 'utf8');
  return Buffer.concat([out, boxHeader('uuid', body.length, XMP_UUID), body]);
}

/** The XMP packet of an MP4, or undefined when it has none. */
export function readMp4Xmp(mp4: Buffer): string | undefined {
  const box = readTopLevelBoxes(mp4).find((b) => b.type === 'uuid' && b.uuid === XMP_UUID);
  return box ? mp4.toString('utf8', box.start, box.offset + box.size) : undefined;
}

/** Children of a `meta` box, which is a FullBox in ISO files and a plain box in QuickTime ones. */
function metaChildren(buf: Buffer, meta: Mp4Box): Mp4Box[] {
  const end = meta.offset + meta.size;
  const plain = buf.toString('latin1', meta.start + 4, meta.start + 8) === 'hdlr';
  return readBoxes(buf, plain ? meta.start : meta.start + 4, end);
}

/**
 * The `mdta` string tags of `moov/udta/meta` (QuickTime File Format, "Metadata": `keys` names the
 * keys, each `ilst` item's type is a 1-based key index holding a `data` atom), as ffmpeg writes them
 * with `use_metadata_tags`. UTF-8 values only (well-known type 1).
 */
export function readMp4MetadataTags(mp4: Buffer): Record<string, string> {
  const tags: Record<string, string> = {};
  const moov = readTopLevelBoxes(mp4).find((b) => b.type === 'moov');
  if (!moov) return tags;
  const udta = readBoxes(mp4, moov.start, moov.offset + moov.size).find((b) => b.type === 'udta');
  if (!udta) return tags;
  for (const meta of readBoxes(mp4, udta.start, udta.offset + udta.size).filter((b) => b.type === 'meta')) {
    const kids = metaChildren(mp4, meta);
    const keysBox = kids.find((b) => b.type === 'keys');
    const ilst = kids.find((b) => b.type === 'ilst');
    if (!keysBox || !ilst) continue;
    const keys: string[] = [];
    const count = mp4.readUInt32BE(keysBox.start + 4);
    let p = keysBox.start + 8;
    for (let i = 0; i < count && p + 8 <= keysBox.offset + keysBox.size; i++) {
      const size = mp4.readUInt32BE(p);
      if (size < 8 || p + size > keysBox.offset + keysBox.size) break;
      keys.push(mp4.toString('utf8', p + 8, p + size));
      p += size;
    }
    for (const item of readBoxes(mp4, ilst.start, ilst.offset + ilst.size)) {
      const index = mp4.readUInt32BE(item.offset + 4);
      const data = readBoxes(mp4, item.start, item.offset + item.size).find((b) => b.type === 'data');
      if (!data || index < 1 || index > keys.length || data.size < 16) continue;
      if (mp4.readUInt32BE(data.start) !== 1) continue;
      tags[keys[index - 1]] = mp4.toString('utf8', data.start + 8, data.offset + data.size);
    }
  }
  return tags;
}
