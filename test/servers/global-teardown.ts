/**
 * Stops the servers global-setup.ts started, unless CLIPWRIGHT_KEEP_SERVICES=1: keeping them makes
 * the next run start in a moment (the script reuses running servers), which is what a developer
 * iterating on one medium test wants.
 */
import { STARTED_FLAG } from './global-setup';
import { runServicesScript } from './services';

export default async function globalTeardown(): Promise<void> {
  if (!(globalThis as Record<string, unknown>)[STARTED_FLAG]) return;
  if (process.env.CLIPWRIGHT_KEEP_SERVICES === '1') return;
  runServicesScript('stop');
}
