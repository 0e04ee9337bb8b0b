import { runCli } from './cli';
import { quietFutureNodeNotice } from '@app/core';

/** `clipwright ...`: Ctrl-C cancels the job (ffmpeg and espeak are killed, the output folder is untouched). */
export async function main(argv: string[]): Promise<void> {
  quietFutureNodeNotice();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  process.exitCode = await runCli(argv, undefined, controller.signal);
}

if (require.main === module) void main(process.argv.slice(2));
