import { ClipwrightError, isClipwrightError, ServiceError, ServiceErrorCode } from './errors';

/** The dependencies a service process talks to. */
export type Dependency = 'database' | 'queue' | 'storage';

/**
 * A dependency did not answer, or answered "not now": the caller should try again later (HTTP 503
 * with Retry-After; a worker puts the job back without spending an attempt). The message says
 * nothing of addresses, hosts or ports; the cause, kept for the log, does.
 */
export class DependencyUnavailableError extends ServiceError {
  constructor(
    readonly dependency: Dependency,
    cause?: unknown,
  ) {
    super(ServiceErrorCode.Unavailable, `The ${dependency} is unavailable; try again shortly`, {
      cause,
      detail: { dependency },
    });
    this.name = 'DependencyUnavailableError';
  }
}

/** Socket-level failures: the peer is down, unreachable, or cut the connection. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTCONN',
]);

/**
 * PostgreSQL SQLSTATEs that mean "the server, not the statement": class 08 (connection exception),
 * 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now), 53300 (too many connections).
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
function isPgOutage(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);
}

/** Messages of node-postgres, TypeORM and ioredis for a lost or refused connection. */
const OUTAGE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Query read timeout/i,
  /Connection is closed/i,
  /Reached the max retries per request limit/i,
  /Stream isn't writeable and enableOfflineQueue options is false/i,
  /the database system is (starting up|shutting down)/i,
  /Client has encountered a connection error/i,
];

/**
 * True when `e` (or anything in its cause chain) is a dependency being down rather than a bug or
 * bad input: network errno codes, PostgreSQL connection SQLSTATEs, driver "connection closed"
 * messages, S3 throttling/5xx answers, and our own DependencyUnavailableError.
 */
export function isOutage(e: unknown): boolean {
  for (let cur = e, depth = 0; cur && depth < 8; cur = (cur as { cause?: unknown }).cause, depth++) {
    if (cur instanceof DependencyUnavailableError) return true;
    if (isClipwrightError(cur) && cur.code !== 'INTERNAL') return false;
    const err = cur as { code?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
    if (typeof err.code === 'string' && (NETWORK_CODES.has(err.code) || isPgOutage(err.code))) return true;
    const status = err.$metadata?.httpStatusCode;
    if (status !== undefined && (status === 429 || status >= 500)) return true;
    if (typeof err.message === 'string' && OUTAGE_MESSAGES.some((re) => re.test(err.message as string)))
      return true;
    for (const inner of (cur as { errors?: unknown[] }).errors ?? []) if (isOutage(inner)) return true;
  }
  return false;
}

/** `e` as a DependencyUnavailableError when it is an outage of `dependency`; otherwise unchanged. */
export function asOutage(e: unknown, dependency: Dependency): unknown {
  if (e instanceof DependencyUnavailableError) return e;
  return isOutage(e) ? new DependencyUnavailableError(dependency, e) : e;
}

/** Thrown by `withTimeout` when the wait runs out: an outage as far as the caller can tell. */
export class DependencyTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'DependencyTimeoutError';
  }
}

/**
 * `work` bounded by `ms`: every call a request path makes to Redis, the database or storage goes
 * through this, so no request waits on a dependency without a limit. The work itself is not
 * cancelled (a Redis command stays in the client's queue); its late answer is dropped.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DependencyTimeoutError(what, ms)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Absolute paths, URLs with a host, IPv4/IPv6 literals and host:port pairs: what must not leave. */
const INTERNALS: [RegExp, string][] = [
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s"')]+/gi, '<url>'],
  [/(^|[\s"'(=])\/(?:[\w.@+-]+\/)*[\w.@+-]+/g, '$1<path>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<address>'],
  [
    /\[[0-9a-f.]*:[0-9a-f:.]*\](?::\d+)?|\b[0-9a-f]{0,4}::[0-9a-f:.]*|\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b/gi,
    '<address>',
  ],
  [/\blocalhost(?::\d+)?\b/gi, '<address>'],
];

/** `text` with addresses, URLs and absolute paths replaced by placeholders. */
export function scrubInternals(text: string): string {
  let out = text;
  for (const [re, to] of INTERNALS) out = out.replace(re, to);
  return out;
}

/** What clients (API answers, job rows, webhooks) may see of an error. */
export interface PublicError {
  code: string;
  message: string;
  path?: string;
}

/**
 * The client's view of any error: an input error keeps its code, path and message (scrubbed as a
 * last line of defence); an outage says which kind of dependency; anything else is a generic
 * message with the code, pointing at the server log, which keeps the details with the job id.
 */
export function publicError(e: unknown): PublicError {
  if (e instanceof DependencyUnavailableError || (!isClipwrightError(e) && isOutage(e))) {
    const dep = e instanceof DependencyUnavailableError ? e.dependency : 'a dependency';
    return {
      code: ServiceErrorCode.Unavailable,
      message: `${dep === 'a dependency' ? 'A dependency' : `The ${dep}`} was unavailable; it is retried`,
    };
  }
  if (isClipwrightError(e)) {
    if (e.isInputError)
      return {
        code: e.code,
        message: scrubInternals(e.message),
        ...(e.path !== undefined ? { path: scrubInternals(e.path) } : {}),
      };
    if (e.code === 'CANCELLED') return { code: e.code, message: 'The job was cancelled' };
    return { code: e.code, message: GENERIC[e.code] ?? GENERIC.INTERNAL };
  }
  return { code: 'INTERNAL', message: GENERIC.INTERNAL };
}

const GENERIC: Record<string, string> = {
  INTERNAL: 'Internal error; the server log has the details',
  FFMPEG_FAILED: 'Encoding the video failed; the server log has the details',
  SPEECH_FAILED: 'Synthesising the voice failed; the server log has the details',
  TOOL_MISSING: 'A program the render needs is missing on the worker; the server log names it',
  UNAVAILABLE: 'A dependency was unavailable; it is retried',
};

/** For tests and logs: whether `e` is ours with this code. */
export function hasCode(e: unknown, code: string): e is ClipwrightError {
  return isClipwrightError(e) && e.code === code;
}
