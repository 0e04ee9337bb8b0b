import { ErrorCode, isClipwrightError } from '@app/core';

/**
 * HTTP error codes of the API, stable once published (CONVENTIONS.md §9). The engine's own input
 * codes (DATA_SCHEMA_MISMATCH, TEMPLATE_NOT_FOUND, ...) pass through unchanged with a 4xx.
 */
export const ApiErrorCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  NotFound: 'NOT_FOUND',
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  JobNotCancellable: 'JOB_NOT_CANCELLABLE',
  OutputNotReady: 'OUTPUT_NOT_READY',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  Unavailable: 'UNAVAILABLE',
} as const;

export interface ErrorBody {
  error: { code: string; message: string; path?: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static notFound(what: string, path?: string): ApiError {
    return new ApiError(404, ApiErrorCode.NotFound, `No ${what}`, path);
  }

  static invalid(path: string, message: string): ApiError {
    return new ApiError(400, ErrorCode.InvalidArgument, `${path} ${message}`, path);
  }
}

const NOT_FOUND_CODES = new Set<string>([ErrorCode.TemplateNotFound]);

/**
 * Any thrown value as (status, body). Input errors keep their code and path; anything else is a 500
 * whose message says nothing of the inside: no stack, no cause, no driver message.
 */
export function toErrorResponse(e: unknown): { status: number; body: ErrorBody } {
  const body = (code: string, message: string, path?: string): ErrorBody => ({
    error: { code, message, ...(path !== undefined ? { path } : {}) },
  });
  if (e instanceof ApiError) return { status: e.status, body: body(e.code, e.message, e.path) };
  if (isClipwrightError(e)) {
    if (e.isInputError) {
      // An unknown template named in the URL is a 404; named in a request body, a 400 on that field.
      const inUrl = NOT_FOUND_CODES.has(e.code) && !e.path?.startsWith('$');
      return { status: inUrl ? 404 : 400, body: body(e.code, e.message, e.path) };
    }
    if (e.code === ErrorCode.Cancelled) return { status: 409, body: body(e.code, e.message) };
  }
  const http = httpError(e);
  if (http) return http;
  return { status: 500, body: body(ErrorCode.Internal, 'Internal error; the server log has the details') };
}

/** Errors from express's body parser and Nest's own HttpExceptions (unknown route, ...). */
function httpError(e: unknown): { status: number; body: ErrorBody } | undefined {
  const err = e as { type?: string; status?: number; getStatus?: () => number; message?: string };
  if (err?.type === 'entity.too.large')
    return {
      status: 413,
      body: { error: { code: ApiErrorCode.PayloadTooLarge, message: 'The request body is too large' } },
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
      body: { error: { code: ApiErrorCode.UnsupportedMediaType, message: 'Unsupported body encoding' } },
    };
  const status = typeof err?.getStatus === 'function' ? err.getStatus() : undefined;
  if (status && status >= 400 && status < 500) {
    const code =
      status === 413
        ? ApiErrorCode.PayloadTooLarge
        : status === 415
          ? ApiErrorCode.UnsupportedMediaType
          : status === 404
            ? ApiErrorCode.NotFound
            : status === 401
              ? ApiErrorCode.Unauthenticated
              : ErrorCode.InvalidArgument;
    return {
      status,
      body: { error: { code, message: status === 404 ? 'No such route' : String(err.message) } },
    };
  }
  return undefined;
}
