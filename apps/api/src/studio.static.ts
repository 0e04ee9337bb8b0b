import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { clipwrightPackage } from '@app/core';

/**
 * What the studio's pages may load: only this origin. `unsafe-eval` because the form library's
 * validator (ajv) compiles schemas to functions; `blob:` for the clip, captions and thumbnails,
 * which are fetched with the API key in a header and shown from object URLs.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const PRECOMPRESSED: Record<string, string> = {
  '/studio.js': 'text/javascript; charset=utf-8',
  '/studio.css': 'text/css; charset=utf-8',
};

/**
 * Serves the built studio (dist/studio, or STUDIO_DIR) under /studio without authentication: the
 * files hold no data; every API call the page makes carries the user's key. Logs a warning and
 * serves nothing when the studio was not built (`npm run build:studio`).
 */
export function mountStudio(
  app: NestExpressApplication,
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const dir = path.resolve(env.STUDIO_DIR ?? path.join(clipwrightPackage().root, 'dist/studio'));
  if (!existsSync(path.join(dir, 'index.html'))) {
    logger.warn({ dir }, 'studio not built (npm run build:studio); /studio is not served');
    return;
  }
  // The build's gzip twins (scripts/build-studio.js), for browsers that take gzip: a third of the bytes.
  app.use('/studio', (req: Request, res: Response, next: NextFunction) => {
    const type = PRECOMPRESSED[req.path];
    if (!type || !/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return next();
    const file = path.join(dir, `${req.path}.gz`);
    if (!existsSync(file)) return next();
    res.setHeader('content-encoding', 'gzip');
    res.setHeader('vary', 'accept-encoding');
    res.setHeader('content-type', type);
    res.setHeader('content-security-policy', CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(file);
  });
  app.useStaticAssets(dir, {
    prefix: '/studio',
    index: 'index.html',
    setHeaders: (res) => {
      res.setHeader('content-security-policy', CSP);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('referrer-policy', 'no-referrer');
      res.setHeader('cache-control', 'no-cache');
    },
  });
}
