import { ClipwrightError, ErrorCode } from '@app/core';
import { ProcessRunner } from '@app/media';

export function cancelled(cause?: unknown): ClipwrightError {
  return new ClipwrightError(ErrorCode.Cancelled, 'Speech synthesis was cancelled', { cause });
}

/**
 * Run the synthesizer as its own process (espeak-ng is GPL: it is executed, never linked) through
 * the ProcessRunner, and return what it wrote to stdout. The text goes through stdin, never a shell
 * or argv, so a script starting with "-" cannot be taken for an option. On abort the child is killed
 * and the promise rejects once it has exited, so nothing outlives the call. A missing program is
 * TOOL_MISSING, a failing one SPEECH_FAILED with the tail of its stderr.
 */
export async function runSynthesizer(
  espeak: ProcessRunner | string,
  args: readonly string[],
  input: string,
  signal?: AbortSignal,
): Promise<Buffer> {
  if (signal?.aborted) throw cancelled(signal.reason);
  const { stdout } = await espeakRunner(espeak).run('espeak', args, {
    stdin: input,
    signal,
    label: 'espeak-ng',
  });
  return stdout;
}

/**
 * A runner that starts espeak-ng: the one given, or (for an executable path, as the cloud and Piper
 * providers' settings hold it) a default runner with that path as its `espeak` tool.
 */
export function espeakRunner(espeak: ProcessRunner | string): ProcessRunner {
  return typeof espeak === 'string' ? new ProcessRunner().withTools({ espeak }) : espeak;
}
