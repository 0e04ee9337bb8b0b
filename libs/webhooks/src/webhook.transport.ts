import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';

export interface TransportRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
  /** Aborts the whole attempt: connect, send, response and body. */
  signal: AbortSignal;
  /** Resolves the host for the socket; the URL guard's, so the checked address is the one used. */
  lookup: LookupFunction;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The first bytes of the body, for the delivery record; the rest is read and dropped. */
  bodyExcerpt: string;
}

/** One POST; swapped for a fake in unit tests (docs/conventions.md §4). */
export interface WebhookTransport {
  post(req: TransportRequest): Promise<TransportResponse>;
}

const EXCERPT_BYTES = 1024;
/** A receiver answering with megabytes would hold the worker; past this the connection is dropped. */
const MAX_DRAIN_BYTES = 256 * 1024;

/**
 * node:http rather than fetch, for two reasons: it takes a `lookup`, so the address check happens on
 * the very address the socket connects to; and it never follows redirects, so a 302 to an internal
 * host stays a 302. `agent: false` gives each attempt a fresh connection, so every attempt resolves
 * (and checks) the host again instead of reusing a pooled socket.
 */
export class NodeHttpTransport implements WebhookTransport {
  post(req: TransportRequest): Promise<TransportResponse> {
    const client = req.url.protocol === 'https:' ? https : http;
    return new Promise<TransportResponse>((resolve, reject) => {
      const request = client.request(
        req.url,
        {
          method: 'POST',
          headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
          agent: false,
          lookup: req.lookup,
          signal: req.signal,
        },
        (res) => {
          const kept: Buffer[] = [];
          let keptBytes = 0;
          let seen = 0;
          res.on('data', (chunk: Buffer) => {
            seen += chunk.length;
            if (keptBytes < EXCERPT_BYTES) {
              kept.push(chunk.subarray(0, EXCERPT_BYTES - keptBytes));
              keptBytes += Math.min(chunk.length, EXCERPT_BYTES - keptBytes);
            }
            if (seen > MAX_DRAIN_BYTES) res.destroy();
          });
          const finish = () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              bodyExcerpt: Buffer.concat(kept).toString('utf8'),
            });
          res.on('end', finish);
          // Past the drain limit the answer is already known; the status is what counts.
          res.on('close', () => {
            if (seen > MAX_DRAIN_BYTES) finish();
            else if (!res.complete) {
              reject(
                Object.assign(new Error('The receiver closed the connection mid-response'), {
                  code: 'ECONNRESET',
                }),
              );
            }
          });
          res.on('error', (e) => (seen > MAX_DRAIN_BYTES ? finish() : reject(e)));
        },
      );
      request.on('error', reject);
      request.end(req.body);
    });
  }
}
