import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/** The variables scripts/services.sh prints; tests read these and nothing else to find the servers. */
export const SERVICE_ENV_KEYS = [
  'REDIS_URL',
  'DATABASE_URL',
  'S3_ENDPOINT',
  'S3_BUCKET',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_REGION',
  'S3_FORCE_PATH_STYLE',
] as const;

const script = path.resolve(__dirname, '../../scripts/services.sh');

/** Run scripts/services.sh; its log goes to our stderr so a failed start explains itself in the jest output. */
export function runServicesScript(
  command: 'start' | 'stop' | 'env' | 'status',
  quiet = false,
  options: { server?: 'redis' | 'postgres' | 's3'; env?: NodeJS.ProcessEnv } = {},
): string {
  return execFileSync('bash', [script, command, ...(options.server ? [options.server] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', quiet ? 'ignore' : 'inherit'],
    timeout: 120_000,
    ...(options.env ? { env: options.env } : {}),
  });
}

/** True when all three servers already answer (someone started them before this run). */
export function servicesRunning(): boolean {
  try {
    runServicesScript('status', true);
    return true;
  } catch {
    return false;
  }
}

/** Parse `export A=1 B=2` (values never contain spaces: the script writes them) into a record. */
export function parseExportLine(output: string): Record<string, string> {
  const line = output
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.startsWith('export '));
  if (!line) throw new Error(`scripts/services.sh printed no export line:\n${output}`);
  const env: Record<string, string> = {};
  for (const pair of line.slice('export '.length).split(/\s+/)) {
    const eq = pair.indexOf('=');
    if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  for (const key of SERVICE_ENV_KEYS) {
    if (!env[key]) throw new Error(`scripts/services.sh did not print ${key}:\n${line}`);
  }
  return env;
}

/** A variable the medium tests need, with a message that says how to get it instead of a bare undefined. */
export function requireServiceEnv(key: (typeof SERVICE_ENV_KEYS)[number]): string {
  const value = process.env[key];
  if (!value) {
    throw new Error(
      `${key} is not set: run the medium tier through jest (its global setup starts the servers) ` +
        `or eval "$(scripts/services.sh start)" first`,
    );
  }
  return value;
}
