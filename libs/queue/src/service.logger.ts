import type { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/**
 * JSON lines on stdout (pino): one object per event, `jobId` on everything about a job. Written
 * asynchronously: a slow reader of stdout (a pipe, a log shipper) never stalls requests; pino
 * flushes what is pending when the process exits.
 */
export function createLogger(level: string, app: string): Logger {
  return pino(
    { level, base: { app, pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 1, sync: false }),
  );
}

/** Nest's own messages (boot, routes, errors) go through the same JSON logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}
  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace',
    message: unknown,
    rest: unknown[],
  ): void {
    const context = rest.length ? rest[rest.length - 1] : undefined;
    this.pino[level]({ context }, String(message));
  }
  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
}
