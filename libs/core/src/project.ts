import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

let cached: { root: string; version: string } | undefined;

/**
 * The installed Clipwright package: its folder (templates/ and models/ live there) and version.
 * Found by walking up from this file, so it works from the sources (jest) and from dist/ alike.
 */
export function clipwrightPackage(): { root: string; version: string } {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'clipwright') return (cached = { root: dir, version: pkg.version ?? '0.0.0' });
    }
    if (path.dirname(dir) === dir) throw new Error('clipwright: cannot find the package folder');
  }
}

/**
 * Silences the AWS SDK's notice that its releases after January 2027 will need Node 22, unless the
 * operator set the variable: the SDK version this project pins supports Node 20 (its `engines`),
 * and the README states the Node versions we run on. Call first thing in a process's entry point.
 */
export function quietFutureNodeNotice(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
