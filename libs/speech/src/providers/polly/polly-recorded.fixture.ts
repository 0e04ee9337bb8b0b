import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';

/** A request as the SDK sent it, after serialising and signing (what a server would see). */
export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body: string;
}

/** An answer as Polly's HTTP API gives it. */
export interface RecordedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

const FIXTURES = path.join(__dirname, 'fixtures');

/** Polly's error answer (restJson1): the type in `x-amzn-ErrorType` and `__type`, and a message. */
export function pollyError(status: number, type: string, message: string): RecordedAnswer {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazonaws.tts/`,
    },
    body: JSON.stringify({ __type: `com.amazonaws.tts#${type}`, message }),
  };
}

/** 2.8 s of 16 kHz PCM, s16le: a 440 Hz tone from each word mark to the next `sil`, silence elsewhere. */
export function recordedPcm(spans: ReadonlyArray<[number, number]>): Buffer {
  const sr = 16000;
  const pcm = Buffer.alloc(Math.round(2.8 * sr) * 2);
  for (const [from, to] of spans) {
    for (let i = Math.round(from * sr); i < Math.round(to * sr); i++) {
      pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / sr)), 2 * i);
    }
  }
  return pcm;
}

/**
 * A request handler for PollyClient that answers as Polly's HTTP API would, from the recorded
 * answers in fixtures/: the SDK still serialises, signs, sends and parses for real; only the socket
 * is replaced. Queued failures are answered first, one per request.
 */
export class RecordedPolly {
  readonly seen: SeenRequest[] = [];
  constructor(private readonly failures: RecordedAnswer[] = []) {}

  /** What PollyClient takes as `requestHandler`. */
  get handler() {
    return {
      handle: async (request: {
        method: string;
        path: string;
        query?: Record<string, string | string[] | null>;
        headers: Record<string, string>;
        body?: unknown;
      }) => {
        const raw = request.body;
        // The SDK hands a Uint8Array (a subclass whose string methods warn): read its bytes directly.
        const body =
          raw instanceof Uint8Array
            ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8')
            : String(raw ?? '');
        this.seen.push({
          method: request.method,
          path: request.path,
          query: request.query ?? {},
          headers: request.headers,
          body,
        });
        const answer =
          this.failures.shift() ??
          (await this.answer(request.method, request.path, request.query ?? {}, body));
        return {
          response: {
            statusCode: answer.status,
            headers: answer.headers,
            body: Readable.from([Buffer.from(answer.body)]),
          },
        };
      },
    };
  }

  private async answer(
    method: string,
    p: string,
    query: Record<string, unknown>,
    body: string,
  ): Promise<RecordedAnswer> {
    if (method === 'GET' && p === '/v1/voices') {
      const page = query.NextToken === 'page-2' ? 2 : 1;
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: await fs.readFile(path.join(FIXTURES, `describe-voices.page-${page}.json`)),
      };
    }
    if (method === 'POST' && p === '/v1/speech') {
      const input = JSON.parse(body) as { OutputFormat: string };
      if (input.OutputFormat === 'json') {
        return {
          status: 200,
          headers: { 'content-type': 'application/x-json-stream', 'x-amzn-requestcharacters': '43' },
          body: await fs.readFile(path.join(FIXTURES, 'speech-marks.Joanna.jsonl')),
        };
      }
      return {
        status: 200,
        headers: { 'content-type': 'audio/pcm', 'x-amzn-requestcharacters': '43' },
        body: recordedPcm([
          [0.05, 1.488],
          [1.7, 2.525],
        ]),
      };
    }
    return pollyError(404, 'UnknownOperationException', `no ${method} ${p}`);
  }
}
