/** The error body every Clipwright API answer carries on failure (`{ error: { code, message, path } }`). */
export interface ApiErrorBody {
  error: { code: string; message: string; path?: string };
  /** A rejected batch: each item's verdict. */
  items?: unknown[];
}

/**
 * A failed API call: the HTTP status, the API's stable `code` (libs/core/src/errors.ts), its message,
 * and `path`, the JSON path (`$.data.properties.mag`), header or parameter at fault when the API named
 * one. `code` is `NETWORK` when no answer came back and `BAD_RESPONSE` when the answer was not JSON.
 */
export class ClipwrightApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path?: string,
    /** Seconds the server asked to wait (Retry-After), when it said. */
    readonly retryAfterS?: number,
    /** A rejected batch's per-item verdicts, as the API sent them. */
    readonly items?: unknown[],
  ) {
    super(message);
    this.name = 'ClipwrightApiError';
  }

  /** 429 and 503 are worth retrying after a wait; so is a network failure. */
  get retryable(): boolean {
    return this.status === 429 || this.status === 503 || this.code === 'NETWORK';
  }
}

/** Reads an error answer into a ClipwrightApiError (a body that is not the API's shape still gets one). */
export async function errorFromResponse(res: Response): Promise<ClipwrightApiError> {
  const retryAfterS = parseRetryAfter(res.headers.get('retry-after'));
  const text = await res.text().catch(() => '');
  let body: Partial<ApiErrorBody> | undefined;
  try {
    body = JSON.parse(text) as Partial<ApiErrorBody>;
  } catch {
    body = undefined;
  }
  const e = body?.error;
  if (e && typeof e.code === 'string' && typeof e.message === 'string')
    return new ClipwrightApiError(res.status, e.code, e.message, e.path, retryAfterS, body?.items);
  return new ClipwrightApiError(
    res.status,
    'BAD_RESPONSE',
    `HTTP ${res.status} ${res.statusText}`.trim(),
    undefined,
    retryAfterS,
  );
}

/**
 * Retry-After in seconds: either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). Undefined when
 * absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
