import { clipwrightPackage, isClipwrightError } from '@app/core';
import { StorageConfig, storageConfigFromEnv } from '@app/storage';
import { ConfigError, readServiceConfig, ServiceConfig } from './service.config';

/**
 * Reads and checks every setting before anything starts; on a bad one, writes one JSON line naming
 * the variable and exits 1 (the process refuses to start rather than fail an hour later).
 */
export function readBootConfig(
  env: NodeJS.ProcessEnv = process.env,
  exit: (code: number) => never = process.exit,
): { config: ServiceConfig; storage: StorageConfig } {
  try {
    return { config: readServiceConfig(env, clipwrightPackage().root), storage: storageConfigFromEnv(env) };
  } catch (e) {
    const variable = e instanceof ConfigError ? e.variable : isClipwrightError(e) ? e.path : undefined;
    if (variable === undefined) throw e;
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', msg: `bad configuration: ${(e as Error).message}`, variable })}\n`,
    );
    return exit(1);
  }
}
