import type { Socket } from 'node:net';
import { getMosTypes, IMOSAckStatus, MosModel, xml2js } from '@mos-connection/connector';

const mosTypes = getMosTypes(false);
const OPEN = '<mos>';
const CLOSE = '</mos>';
/** Unframed bytes kept at most, so a peer cannot grow the buffer without end. */
const MAX_BUFFER_CHARS = 4 * 1024 * 1024;

/** UTF-16BE, the MOS wire encoding (MOS 2.8.5 §1.3), to and from JS strings. */
export function encodeUtf16be(text: string): Buffer {
  const b = Buffer.from(text, 'utf16le');
  return b.swap16();
}

function decodeUtf16be(bytes: Buffer): string {
  const copy = Buffer.from(bytes);
  return copy.swap16().toString('utf16le');
}

/** Splits complete `<mos>...</mos>` messages off the front of `buf` (nested tags balanced). */
export function takeMessages(buf: string): { messages: string[]; rest: string } {
  const messages: string[] = [];
  let rest = buf;
  for (;;) {
    const start = rest.indexOf(OPEN);
    if (start < 0) return { messages, rest: '' };
    rest = rest.slice(start);
    let depth = 0;
    let i = 0;
    let end = -1;
    while (i < rest.length) {
      const o = rest.indexOf(OPEN, i);
      const c = rest.indexOf(CLOSE, i);
      if (c < 0) break;
      if (o >= 0 && o < c) {
        depth++;
        i = o + OPEN.length;
      } else {
        depth--;
        i = c + CLOSE.length;
        if (depth === 0) {
          end = i;
          break;
        }
      }
    }
    if (end < 0) return { messages, rest };
    messages.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
}

function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]{0,128})</${name}>`).exec(xml)?.[1];
}

/** The reply to a message that does not parse: a mosAck NACK with the parser's reason. */
export function malformedNack(xml: string, mosId: string, reason: string): string {
  const msg = new MosModel.MOSAck(
    {
      ID: mosTypes.mosString128.create('0'),
      Revision: 0,
      Status: IMOSAckStatus.NACK,
      Description: mosTypes.mosString128.create(`Malformed XML: ${reason}`.slice(0, 128)),
    },
    false,
  );
  msg.mosID = tag(xml, 'mosID') || mosId;
  msg.ncsID = tag(xml, 'ncsID') || 'unknown';
  const id = Number(tag(xml, 'messageID'));
  msg.prepare(Number.isSafeInteger(id) && id > 0 ? id : undefined);
  return msg.toString();
}

/**
 * Reads one incoming MOS socket beside @mos-connection (which parses and answers well-formed
 * messages) and answers each message that is not well-formed XML with a NACK, which the library
 * would leave unanswered until the sender's timeout.
 */
export class MalformedMessageGuard {
  private buf = '';
  private odd: Buffer | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly mosId: string,
    private readonly onRefused: (r: { reason: string; messageId?: string; ncsId?: string }) => void,
  ) {
    socket.on('data', (d: Buffer) => this.data(d));
  }

  private data(chunk: Buffer): void {
    let bytes = this.odd ? Buffer.concat([this.odd, chunk]) : chunk;
    this.odd = null;
    if (bytes.length % 2 === 1) {
      this.odd = bytes.subarray(bytes.length - 1);
      bytes = bytes.subarray(0, bytes.length - 1);
    }
    const { messages, rest } = takeMessages(this.buf + decodeUtf16be(bytes));
    this.buf = rest.length > MAX_BUFFER_CHARS ? '' : rest;
    for (const xml of messages) {
      try {
        xml2js(xml);
      } catch (e) {
        const reason = String(e instanceof Error ? e.message : e)
          .split('\n')
          .join(' ');
        this.onRefused({ reason, messageId: tag(xml, 'messageID'), ncsId: tag(xml, 'ncsID') });
        if (!this.socket.destroyed) this.socket.write(encodeUtf16be(malformedNack(xml, this.mosId, reason)));
      }
    }
  }
}
