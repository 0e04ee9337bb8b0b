/**
 * Errors with stable codes (docs/conventions.md §9). `code` never changes once published; the message is
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
  /** A template or job names a presenter that is not in the presenters folder. */
  PresenterNotFound: 'PRESENTER_NOT_FOUND',
  /** A picture or file a template or data item names does not exist where it may be read. */
  AssetNotFound: 'ASSET_NOT_FOUND',
  /** A picture exists but is not a PNG, JPEG or WebP that can be decoded, or is too large. */
  ImageUnreadable: 'IMAGE_UNREADABLE',
  /** A voice provider lacks its settings (key, region, model folder) or its SDK: the operator's to fix. */
  SpeechNotConfigured: 'SPEECH_NOT_CONFIGURED',
  /** The voice named is not in the provider's catalogue (a Piper model that is not there, a bad voice name). */
  SpeechVoiceUnknown: 'SPEECH_VOICE_UNKNOWN',
  /** The cloud service refused the key or the account's rights; never retried. */
  SpeechAuthFailed: 'SPEECH_AUTH_FAILED',
  /** The cloud service refused the request itself (bad SSML, text too long, unsupported setting). */
  SpeechRejected: 'SPEECH_REJECTED',
  /** The cloud service stayed unreachable, throttled or failing (5xx) through every retry. */
  SpeechUnavailable: 'SPEECH_UNAVAILABLE',
  /** A recorded voice-over cannot be used: unreadable, silent, or not a reading of its script. */
  VoiceOverInvalid: 'VOICE_OVER_INVALID',
  /** An image-generation request is malformed (prompt, size, steps, seed, strength, mask). */
  ImageRequestInvalid: 'IMAGE_REQUEST_INVALID',
  /** The diffusion or upscale model named is not in the models folder. */
  ModelNotFound: 'MODEL_NOT_FOUND',
  /** A model folder is there but unusable: missing parts, wrong graph signatures, truncated weights. */
  ModelInvalid: 'MODEL_INVALID',
  /** A presenter's likeness (or a voice clone) is used without a consent on record for this use. */
  ConsentRequired: 'CONSENT_REQUIRED',
  /** An asset's or model's licence does not allow this use (e.g. commercial use, this market). */
  LicenceForbidsUse: 'LICENCE_FORBIDS_USE',
  /** A file's content credentials (C2PA manifest) do not validate: tampered, untrusted or malformed. */
  ContentCredentialsInvalid: 'CONTENT_CREDENTIALS_INVALID',
  /** A file carries no content credentials where they were expected. */
  ContentCredentialsMissing: 'CONTENT_CREDENTIALS_MISSING',
  /** Signing the content credentials failed (key, certificate chain or the signer's library). */
  SigningFailed: 'SIGNING_FAILED',
  /** A video or sound file exists but ffprobe cannot read it, or it lacks the stream the layer needs. */
  MediaUnreadable: 'MEDIA_UNREADABLE',
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
  ErrorCode.PresenterNotFound,
  ErrorCode.AssetNotFound,
  ErrorCode.ImageUnreadable,
  ErrorCode.SpeechNotConfigured,
  ErrorCode.SpeechVoiceUnknown,
  ErrorCode.SpeechAuthFailed,
  ErrorCode.SpeechRejected,
  ErrorCode.VoiceOverInvalid,
  ErrorCode.ImageRequestInvalid,
  ErrorCode.ModelNotFound,
  ErrorCode.ModelInvalid,
  ErrorCode.ConsentRequired,
  ErrorCode.LicenceForbidsUse,
  ErrorCode.ContentCredentialsInvalid,
  ErrorCode.ContentCredentialsMissing,
  ErrorCode.MediaUnreadable,
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

/**
 * Warnings: the job succeeded, but something in it is not as asked (result.json `warnings`, each
 * `{ code, message, path }`). Codes are stable like error codes.
 */
export const WarningCode = {
  /** A character no installed font can draw (it would show as a box): the text is drawn without it. */
  GlyphMissing: 'GLYPH_MISSING',
  /** No C2PA signing key is configured: the outputs carry their labels but no content credentials. */
  ContentCredentialsUnsigned: 'CONTENT_CREDENTIALS_UNSIGNED',
  /** The label profile has a spoken disclosure line, which this engine does not read yet. */
  SpokenDisclosureNotRead: 'SPOKEN_DISCLOSURE_NOT_READ',
} as const;
export type WarningCode = (typeof WarningCode)[keyof typeof WarningCode];

/**
 * Codes of the service doors (HTTP API, worker, storage, webhooks), in the same table as the
 * engine's so the CLI, the API and the worker speak one vocabulary. The published strings are kept
 * as the API has always sent them. Split out of INVALID_ARGUMENT so a caller can act on each.
 */
export const ServiceErrorCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  NotFound: 'NOT_FOUND',
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  JobNotCancellable: 'JOB_NOT_CANCELLABLE',
  OutputNotReady: 'OUTPUT_NOT_READY',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  /** A dependency (database, queue, storage) is down or too slow: retry after `Retry-After`. */
  Unavailable: 'UNAVAILABLE',
  /** The request body nests deeper than the service accepts (the path names where). */
  JsonTooDeep: 'JSON_TOO_DEEP',
  /** A number that JSON.parse turns into Infinity (`1e400`): never storable, never renderable. */
  NumberNotFinite: 'NUMBER_NOT_FINITE',
  /** callbackUrl is not an http(s) URL, does not resolve, or reaches a non-public address. */
  CallbackUrlForbidden: 'CALLBACK_URL_FORBIDDEN',
  /** `asset:<id>` names no upload of the caller's workspace. */
  AssetNotFound: 'ASSET_NOT_FOUND',
  /** An asset exists but is not a picture the engine can draw. */
  ImageUnreadable: 'IMAGE_UNREADABLE',
  /** An aspect the template does not declare. */
  AspectUnknown: 'ASPECT_UNKNOWN',
  /** A feed given where one item is needed, without `select`. */
  SelectRequired: 'SELECT_REQUIRED',
  /** A batch with no items, or more than the service takes at once. */
  BatchSizeInvalid: 'BATCH_SIZE_INVALID',
  /** No item of a batch was valid: nothing was queued (each item's error is in the answer). */
  BatchRejected: 'BATCH_REJECTED',
  /** A storage key that is malformed, or clashes with an existing object (a service bug, not input). */
  StorageKeyInvalid: 'STORAGE_KEY_INVALID',
  /** A body whose length differs from the announced one; nothing was stored. */
  StorageSizeMismatch: 'STORAGE_SIZE_MISMATCH',
  /** A setting read at boot is missing or wrong (the path names the variable). */
  ConfigInvalid: 'CONFIG_INVALID',
  /** A webhook secret that is not a Standard Webhooks `whsec_` key of 24 to 64 bytes. */
  WebhookSecretInvalid: 'WEBHOOK_SECRET_INVALID',
  /** The CLI's `keys` commands: no workspace by that name. */
  WorkspaceNotFound: 'WORKSPACE_NOT_FOUND',
} as const;
export type ServiceErrorCode = (typeof ServiceErrorCode)[keyof typeof ServiceErrorCode];

/** Every stable code, engine and service, in one list (the OpenAPI document enumerates it). */
export const ALL_ERROR_CODES: readonly string[] = [
  ...new Set([...Object.values(ErrorCode), ...Object.values(ServiceErrorCode)]),
];

/** Service input codes: the caller's to fix (HTTP 4xx, never retried). */
export const SERVICE_INPUT_CODES: ReadonlySet<string> = new Set<string>([
  ServiceErrorCode.UnsupportedMediaType,
  ServiceErrorCode.PayloadTooLarge,
  ServiceErrorCode.JsonTooDeep,
  ServiceErrorCode.NumberNotFinite,
  ServiceErrorCode.CallbackUrlForbidden,
  ServiceErrorCode.AssetNotFound,
  ServiceErrorCode.ImageUnreadable,
  ServiceErrorCode.AspectUnknown,
  ServiceErrorCode.SelectRequired,
  ServiceErrorCode.BatchSizeInvalid,
  ServiceErrorCode.BatchRejected,
  ServiceErrorCode.ConfigInvalid,
  ServiceErrorCode.WebhookSecretInvalid,
  ServiceErrorCode.WorkspaceNotFound,
]);

/** An error with a service code (ClipwrightError's `code` is typed to the engine table). */
export class ServiceError extends ClipwrightError {
  readonly serviceCode: ServiceErrorCode;

  constructor(code: ServiceErrorCode, message: string, options: ClipwrightErrorOptions = {}) {
    super(code as unknown as ErrorCode, message, options);
    this.name = 'ServiceError';
    this.serviceCode = code;
  }

  override get isInputError(): boolean {
    return SERVICE_INPUT_CODES.has(this.serviceCode);
  }
}
