import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeyRepository } from '@app/persistence';
import { ApiKeyCache } from './api-key.cache';
import { ApiError, ApiErrorCode } from './api.error';

export const PUBLIC_ROUTE = 'clipwright:public';
/** Routes anyone may call: /health, /metrics (bind them to loopback or a private network). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

export interface AuthedRequest extends Request {
  workspaceId: string;
}

/** `Authorization: Bearer <key>` on every route not marked @Public; the key names the workspace. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly cache: ApiKeyCache;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ApiKeyRepository) keys: ApiKeyRepository,
  ) {
    this.cache = new ApiKeyCache((key) => keys.findActiveByKey(key));
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [ctx.getHandler(), ctx.getClass()]))
      return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(header) : null;
    if (!m) {
      throw new ApiError(
        401,
        ApiErrorCode.Unauthenticated,
        typeof header === 'string' && /^Bearer /.test(header)
          ? 'This is not a valid API key (a key is 10 to 200 letters, digits, "-" or "_")'
          : 'Send an API key as "Authorization: Bearer <key>"',
        'header:Authorization',
      );
    }
    const workspaceId = await this.cache.workspaceOf(m[1]);
    if (!workspaceId)
      throw new ApiError(
        401,
        ApiErrorCode.Unauthenticated,
        'Unknown or revoked API key',
        'header:Authorization',
      );
    req.workspaceId = workspaceId;
    return true;
  }
}
