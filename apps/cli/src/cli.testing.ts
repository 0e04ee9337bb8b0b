import { runCli } from './cli';

/** Runs the CLI as the binary does, collecting stdout and stderr: the exit code is what scripts see. */
export async function runCliCaptured(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    isTty: false,
  });
  return { code, out: out.join(''), err: err.join('') };
}
