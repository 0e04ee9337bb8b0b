import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { guardJsonText, ServiceError, ServiceErrorCode } from '@app/core';

/** Routes whose bodies are not JSON (multipart uploads). */
const NON_JSON_ROUTES = [/^\/v1\/assets\/?$/];

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * Before any body is read: a body sent to a JSON route must say `application/json` (or a `+json`
 * type), in UTF-8 (RFC 8259 §8.1: JSON exchanged between systems is UTF-8; a `charset` other than
 * utf-8 is refused, not guessed at). Both refusals are 415 UNSUPPORTED_MEDIA_TYPE.
 */
export function jsonMediaTypeGuard(req: Request, _res: Response, next: NextFunction): void {
  if (!hasBody(req) || NON_JSON_ROUTES.some((r) => r.test(req.path))) return next();
  const header = req.headers['content-type'] ?? '';
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) {
    return next(
      new ServiceError(ServiceErrorCode.UnsupportedMediaType, 'Send the body as application/json', {
        path: 'header:Content-Type',
      }),
    );
  }
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return next(
      new ServiceError(
        ServiceErrorCode.UnsupportedMediaType,
        `The body must be UTF-8, not ${charset.slice(0, 40)}`,
        {
          path: 'header:Content-Type',
        },
      ),
    );
  }
  next();
}

/**
 * body-parser's `verify` hook: runs on the raw bytes before JSON.parse. Refuses nesting deeper than
 * `maxDepth` (400 JSON_TOO_DEEP at the path where it passes the limit) and numbers that parse to
 * Infinity (400 NUMBER_NOT_FINITE at their path), so nothing later walks a crafted depth and no
 * Infinity is ever stored as null.
 */
export function jsonBodyVerifier(
  maxDepth: number,
): (req: IncomingMessage, res: unknown, buf: Buffer) => void {
  return (_req, _res, buf) => {
    const problem = guardJsonText(buf.toString('utf8'), maxDepth);
    if (!problem) return;
    if (problem.kind === 'depth')
      throw new ServiceError(
        ServiceErrorCode.JsonTooDeep,
        `${problem.path} nests deeper than ${maxDepth} levels, the most this API accepts`,
        { path: problem.path },
      );
    throw new ServiceError(
      ServiceErrorCode.NumberNotFinite,
      `${problem.path} is a number too large to represent (it would be Infinity)`,
      { path: problem.path },
    );
  };
}
