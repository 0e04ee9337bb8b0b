import type { CliIo } from '../../apps/cli/src/cli';

/** A CLI io that keeps what the command writes, not a terminal. */
export function io(): { out: string[]; err: string[]; io: CliIo } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), isTty: false },
  };
}
