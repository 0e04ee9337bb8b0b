/**
 * Errors with stable codes (CONVENTIONS.md §9). `code` never changes once published; the message is
 * for people; `path` names the JSON path, template path or file at fault. Input errors are the
 * caller's to fix (CLI exit 2, HTTP 4xx, no retry); everything else is internal (exit 1, retried).
 */
export const ErrorCode = {
  InvalidArgument: 'INVALID_ARGUMENT',
  TemplateNotFound: 'TEMPLATE_NOT_FOUND',
  TemplateInvalid: 'TEMPLATE_INVALID',
  TemplateRenderFailed: 'TEMPLATE_RENDER_FAILED',
  PresenterInvalid: 'PRESENTER_INVALID',
  DataUnreadable: 'DATA_UNREADABLE',
  DataInvalidJson: 'DATA_INVALID_JSON',
  DataSchemaMismatch: 'DATA_SCHEMA_MISMATCH',
  SelectOutOfRange: 'SELECT_OUT_OF_RANGE',
  PathEscapes: 'PATH_ESCAPES',
  ToolMissing: 'TOOL_MISSING',
  SpeechFailed: 'SPEECH_FAILED',
  FfmpegFailed: 'FFMPEG_FAILED',
  Cancelled: 'CANCELLED',
  Internal: 'INTERNAL',
  ConsentRequired: 'CONSENT_REQUIRED',
  LicenceForbidsUse: 'LICENCE_FORBIDS_USE',
  ContentCredentialsInvalid: 'CONTENT_CREDENTIALS_INVALID',
  ContentCredentialsMissing: 'CONTENT_CREDENTIALS_MISSING',
  SigningFailed: 'SIGNING_FAILED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const INPUT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.InvalidArgument,
  ErrorCode.TemplateNotFound,
  ErrorCode.TemplateInvalid,
  ErrorCode.TemplateRenderFailed,
  ErrorCode.PresenterInvalid,
  ErrorCode.DataUnreadable,
  ErrorCode.DataInvalidJson,
  ErrorCode.DataSchemaMismatch,
  ErrorCode.SelectOutOfRange,
  ErrorCode.PathEscapes,
  ErrorCode.ConsentRequired,
  ErrorCode.LicenceForbidsUse,
  ErrorCode.ContentCredentialsInvalid,
  ErrorCode.ContentCredentialsMissing,
]);

export interface ClipwrightErrorOptions {
  /** JSON path (`$.features[0].properties.mag`), template path or file the error is about. */
  path?: string;
  cause?: unknown;
  /** Extra machine-readable detail (e.g. line/column, the tail of a tool's log). */
  detail?: Record<string, unknown>;
}

export class ClipwrightError extends Error {
  readonly code: ErrorCode;
  readonly path?: string;
  readonly detail?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: ClipwrightErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ClipwrightError';
    this.code = code;
    this.path = options.path;
    this.detail = options.detail;
  }

  /** True when the caller must fix something; false for failures a retry may cure. */
  get isInputError(): boolean {
    return INPUT_CODES.has(this.code);
  }

  /** The shape given to users: no stack, no cause chain. */
  toJSON(): { code: ErrorCode; message: string; path?: string; detail?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.path !== undefined ? { path: this.path } : {}),
      ...(this.detail !== undefined ? { detail: this.detail } : {}),
    };
  }
}

export function isClipwrightError(e: unknown): e is ClipwrightError {
  return e instanceof ClipwrightError;
}

/** Wrap anything thrown into a ClipwrightError, keeping ours as they are. */
export function toClipwrightError(e: unknown): ClipwrightError {
  if (e instanceof ClipwrightError) return e;
  if (e instanceof Error && e.name === 'AbortError') {
    return new ClipwrightError(ErrorCode.Cancelled, 'The job was cancelled', { cause: e });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new ClipwrightError(ErrorCode.Internal, `Internal error: ${message}`, { cause: e });
}
