/** One server-sent event as dispatched (HTML Living Standard §9.2.6 "Interpreting an event stream"). */
export interface ServerSentEvent {
  /** `message` unless the stream named another type. */
  event: string;
  data: string;
  /** The last event id seen so far on this stream ('' when none). */
  id: string;
}

/**
 * An incremental `text/event-stream` parser (HTML Living Standard §9.2.5/§9.2.6): feed it decoded
 * text in any chunking; it returns the events each chunk completes. Lines end in CRLF, LF or CR;
 * `:` lines are comments; `retry:` sets the reconnection time (ms) read from `retryMs`.
 * Written here because the browser's EventSource cannot send an Authorization header, and the API
 * key must never ride in a URL.
 */
export class EventStreamParser {
  /** The server's `retry:` value, when it sent one. */
  retryMs: number | undefined;
  lastEventId = '';
  private buffer = '';
  private data: string[] = [];
  private type = '';
  private pendingCr = false;

  push(chunk: string): ServerSentEvent[] {
    const out: ServerSentEvent[] = [];
    let text = chunk;
    // A CR at the end of the last chunk may be the first half of a CRLF.
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      if (!m) break;
      if (m[0] === '\r' && m.index === this.buffer.length - 1) this.pendingCr = true;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      const ev = this.line(line);
      if (ev) out.push(ev);
    }
    return out;
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return undefined;
  }

  private dispatch(): ServerSentEvent | undefined {
    const data = this.data;
    const type = this.type;
    this.data = [];
    this.type = '';
    if (data.length === 0) return undefined;
    return { event: type || 'message', data: data.join('\n'), id: this.lastEventId };
  }
}
