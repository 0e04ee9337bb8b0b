import { spawn } from 'node:child_process';
import { ClipwrightError, ErrorCode } from '@app/core';

const STDERR_KEEP = 4000;
const STDERR_TAIL = 1000;

export function cancelled(cause?: unknown): ClipwrightError {
  return new ClipwrightError(ErrorCode.Cancelled, 'Speech synthesis was cancelled', { cause });
}

/**
 * Run the synthesizer as its own process (espeak-ng is GPL: it is executed, never linked) and
 * return what it wrote to stdout. The text goes through stdin, never a shell or argv, so a script
 * starting with "-" cannot be taken for an option. On abort the child is killed and the promise
 * rejects once it has exited, so nothing outlives the call.
 */
export function runSynthesizer(
  binary: string,
  args: readonly string[],
  input: string,
  signal?: AbortSignal,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelled(signal.reason));
      return;
    }
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    let spawnError: NodeJS.ErrnoException | undefined;
    let aborted = false;

    const onAbort = (): void => {
      aborted = true;
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });
    // The child may exit before reading its input (bad voice, killed): that EPIPE says nothing new.
    child.stdin.on('error', () => undefined);
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnError = e;
    });
    child.on('close', (code, killedBy) => {
      signal?.removeEventListener('abort', onAbort);
      const tail = stderr.trim().slice(-STDERR_TAIL);
      if (aborted) {
        reject(cancelled(signal?.reason));
      } else if (spawnError?.code === 'ENOENT') {
        reject(
          new ClipwrightError(
            ErrorCode.ToolMissing,
            `The speech synthesizer "${binary}" was not found; install espeak-ng or set ESPEAK_PATH`,
            { cause: spawnError, detail: { binary } },
          ),
        );
      } else if (spawnError) {
        reject(
          new ClipwrightError(ErrorCode.SpeechFailed, `Could not run "${binary}": ${spawnError.message}`, {
            cause: spawnError,
            detail: { binary },
          }),
        );
      } else if (code !== 0) {
        const why = killedBy ? `was killed by ${killedBy}` : `exited with code ${code}`;
        const lastLine = tail.split('\n').pop() ?? '';
        reject(
          new ClipwrightError(ErrorCode.SpeechFailed, `${binary} ${why}${lastLine ? `: ${lastLine}` : ''}`, {
            detail: { binary, args: [...args], exitCode: code, signal: killedBy, stderr: tail },
          }),
        );
      } else {
        resolve(Buffer.concat(out));
      }
    });
    if (child.stdin) child.stdin.end(input, 'utf8');
  });
}
