/**
 * Jest global setup for the medium tier: real Redis, PostgreSQL and S3 (docs/conventions.md §10, after
 * immich's test/medium/globalSetup.ts, with Debian packages instead of containers). When the
 * environment already names servers (CI, or a developer's own), those are used as they are.
 */
import { parseExportLine, runServicesScript, SERVICE_ENV_KEYS, servicesRunning } from './services';

/** Set here, read by global-teardown.ts (jest runs both in the same parent process). */
export const STARTED_FLAG = '__CLIPWRIGHT_SERVICES_STARTED__';

export default async function globalSetup(): Promise<void> {
  // The tier checks what a render makes, not how small x264 makes it: its fastest preset takes about
  // a third of the CPU of the delivery default (veryfast), which keeps the tier's time down. A run
  // that sets the variable itself (to test the default) keeps its own.
  process.env.CLIPWRIGHT_ENCODE_PRESET ??= 'ultrafast';
  if (SERVICE_ENV_KEYS.every((key) => process.env[key])) return;
  // Servers that were up before this run belong to whoever started them: reuse them, never stop them.
  const startedHere = !servicesRunning();
  const env = parseExportLine(runServicesScript('start'));
  // Workers are forked after global setup and inherit process.env, so this reaches every test file.
  for (const [key, value] of Object.entries(env)) process.env[key] = value;
  (globalThis as Record<string, unknown>)[STARTED_FLAG] = startedHere;
}
