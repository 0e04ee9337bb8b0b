import {
  DependencyUnavailableError,
  ErrorCode,
  isClipwrightError,
  isOutage,
  publicError,
  ServiceError,
  ServiceErrorCode,
} from '@app/core';

/**
 * The API's codes are core's service codes (one table for every door, libs/core/src/errors.ts);
 * the name stays for the controllers that read it. Published strings never change.
 */
export const ApiErrorCode = ServiceErrorCode;

export interface ErrorBody {
  error: { code: string; message: string; path?: string };
  /** A batch that no item of passed: each item's verdict. */
  items?: unknown[];
}

/** An HTTP answer for an error: status, body, and headers (Retry-After on a 503). */
export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

export class ApiError extends ServiceError {
  /** Fields added beside `error` in the answer (a rejected batch's `items`). */
  extra?: Pick<ErrorBody, 'items'>;

  constructor(
    readonly status: number,
    code: string,
    message: string,
    path?: string,
  ) {
    super(code as ServiceErrorCode, message, path !== undefined ? { path } : {});
    this.name = 'ApiError';
  }

  static notFound(what: string, path?: string): ApiError {
    return new ApiError(404, ServiceErrorCode.NotFound, `No ${what}`, path);
  }

  static invalid(path: string, message: string, code: string = ErrorCode.InvalidArgument): ApiError {
    return new ApiError(400, code, `${path} ${message}`, path);
  }

  override get isInputError(): boolean {
    return this.status < 500;
  }
}

const NOT_FOUND_CODES = new Set<string>([ErrorCode.TemplateNotFound]);

/** Input codes whose HTTP status is not 400. */
const STATUS_OF: Partial<Record<string, number>> = {
  [ServiceErrorCode.UnsupportedMediaType]: 415,
  [ServiceErrorCode.PayloadTooLarge]: 413,
};

/** RETRY_AFTER_S, set at boot: how long a client should wait after a 503. */
let retryAfterSeconds = 5;
export function setRetryAfterSeconds(s: number): void {
  retryAfterSeconds = s;
}

/**
 * Any thrown value as an HTTP answer. Input errors keep their code and path; a dependency outage
 * (the database, Redis or storage down or too slow) is 503 UNAVAILABLE with Retry-After; anything
 * else is a 500 whose message says nothing of the inside: no stack, no cause, no driver message,
 * no address, host, port or path.
 */
export function toErrorResponse(e: unknown): ErrorResponse {
  const body = (code: string, message: string, path?: string): ErrorBody => ({
    error: { code, message, ...(path !== undefined ? { path } : {}) },
  });
  if (e instanceof ApiError) {
    const shown = publicError(e);
    return { status: e.status, body: { ...body(e.code, shown.message, shown.path), ...e.extra } };
  }
  if (e instanceof DependencyUnavailableError || (!isClipwrightError(e) && isOutage(e))) {
    return {
      status: 503,
      body: body(
        ServiceErrorCode.Unavailable,
        'A service this API depends on is unavailable; retry after the time in Retry-After',
      ),
      headers: { 'retry-after': String(retryAfterSeconds) },
    };
  }
  if (isClipwrightError(e)) {
    if (e.isInputError) {
      const shown = publicError(e);
      // An unknown template named in the URL is a 404; named in a request body, a 400 on that field.
      const inUrl = NOT_FOUND_CODES.has(e.code) && !e.path?.startsWith('$');
      const status = STATUS_OF[e.code] ?? (inUrl ? 404 : 400);
      return { status, body: body(shown.code, shown.message, shown.path) };
    }
    if (e.code === ErrorCode.Cancelled) return { status: 409, body: body(e.code, e.message) };
  }
  const http = httpError(e);
  if (http) return http;
  return { status: 500, body: body(ErrorCode.Internal, 'Internal error; the server log has the details') };
}

/** Errors from express's body parser and Nest's own HttpExceptions (unknown route, ...). */
function httpError(e: unknown): ErrorResponse | undefined {
  const err = e as { type?: string; status?: number; getStatus?: () => number; message?: string };
  if (err?.type === 'entity.too.large')
    return {
      status: 413,
      body: { error: { code: ServiceErrorCode.PayloadTooLarge, message: 'The request body is too large' } },
    };
  if (err?.type === 'entity.parse.failed')
    return {
      status: 400,
      body: {
        error: { code: ErrorCode.DataInvalidJson, message: 'The request body is not valid JSON', path: '$' },
      },
    };
  if (err?.type === 'charset.unsupported' || err?.type === 'encoding.unsupported')
    return {
      status: 415,
      body: { error: { code: ServiceErrorCode.UnsupportedMediaType, message: 'Unsupported body encoding' } },
    };
  const status = typeof err?.getStatus === 'function' ? err.getStatus() : undefined;
  if (status && status >= 400 && status < 500) {
    const code =
      status === 413
        ? ServiceErrorCode.PayloadTooLarge
        : status === 415
          ? ServiceErrorCode.UnsupportedMediaType
          : status === 404
            ? ServiceErrorCode.NotFound
            : status === 401
              ? ServiceErrorCode.Unauthenticated
              : ErrorCode.InvalidArgument;
    // Nest's own messages (a malformed multipart body, a missing route) carry no internals.
    return {
      status,
      body: {
        error: { code, message: status === 404 ? 'No such route' : String(err.message).slice(0, 200) },
      },
    };
  }
  return undefined;
}
