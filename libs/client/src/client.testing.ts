import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** A recorded API answer from ./fixtures, as a fetch Response. Unit specs only. */
export function recorded(file: string, status: number, headers: Record<string, string> = {}): Response {
  const body = readFileSync(path.join(__dirname, 'fixtures', file), 'utf8');
  const type = file.endsWith('.sse.txt') ? 'text/event-stream' : 'application/json';
  return new Response(body, { status, headers: { 'content-type': type, ...headers } });
}

/** A fetch that answers from a script of responses (or errors) and records what was asked. */
export function scriptedFetch(answers: (Response | Error | (() => Response))[]): {
  fetch: typeof fetch;
  calls: { url: string; init: RequestInit }[];
} {
  const calls: { url: string; init: RequestInit }[] = [];
  const queue = [...answers];
  const f = async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    const next = queue.shift();
    if (!next) throw new Error(`unexpected request ${String(input)}`);
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next() : next;
  };
  return { fetch: f as typeof fetch, calls };
}
