import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { LOGGER } from '@app/queue';
import { toErrorResponse } from './api.error';

/**
 * Every error leaves as `{ error: { code, message, path } }`; 5xx are logged here with their cause
 * (the log keeps what the answer leaves out: driver messages, addresses).
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    sendError(res, exception, this.logger, req);
  }
}

/** Answers `res` with the error's HTTP form, logging 5xx; shared with the body-parser middleware. */
export function sendError(res: Response, exception: unknown, logger: Logger, req?: Request): void {
  const { status, body, headers } = toErrorResponse(exception);
  if (status >= 500) {
    const err =
      exception instanceof Error
        ? { message: exception.message, cause: String(exception.cause ?? '') }
        : String(exception);
    logger[status === 503 ? 'warn' : 'error'](
      { err, method: req?.method, url: req?.originalUrl, status },
      'request failed',
    );
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  if (headers) res.set(headers);
  res.status(status).json(body);
}
