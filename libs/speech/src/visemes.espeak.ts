import type { ProcessRunner } from '@app/media';
import { runSynthesizer } from './espeak.process';
import { separatedTokensSsml } from './ssml';
import { parseEspeakPhonemes, type Phoneme, PHONEME_SEPARATOR } from './visemes';

/** espeak-ng as a phonemizer: no audio (`-q`), ASCII phoneme names (`-x`), one separator between phonemes. */
function phonemeArgs(voice: string, ssml: boolean): string[] {
  return [...(ssml ? ['-m'] : []), '-q', '-x', `--sep=${PHONEME_SEPARATOR}`, '-v', voice, '--stdin'];
}

/**
 * Split espeak-ng's phoneme output for tokens read apart into one line per token, or null when the
 * lines cannot be matched to the tokens. A break ends a line, and a silent token ("—") leaves an
 * empty one; trailing empty lines are espeak-ng's own end of text, except as many as there are
 * silent tokens at the end, which cannot be told apart and are re-checked one by one by the caller.
 */
export function splitTokenLines(output: string, tokenCount: number): string[] | null {
  const lines = output.replace(/\r/gu, '').split('\n');
  while (lines.length > tokenCount && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length !== tokenCount) return null;
  return lines;
}

/**
 * The phonemes of each token, in order. The tokens are read in one espeak-ng run with breaks between
 * them (one output line per token: numbers and abbreviations expand inside their own line, so
 * "5.8" stays one token); when the line count does not match, each token is phonemized alone.
 */
export async function espeakPhonemes(
  runner: ProcessRunner | string,
  voice: string,
  tokens: readonly string[],
  signal?: AbortSignal,
): Promise<Phoneme[][]> {
  if (tokens.length === 0) return [];
  const joined = await runSynthesizer(runner, phonemeArgs(voice, true), separatedTokensSsml(tokens), signal);
  const lines = splitTokenLines(joined.toString('utf8'), tokens.length);
  if (lines && lines.every((l, i) => l.trim() !== '' || !/[\p{L}\p{N}]/u.test(tokens[i]))) {
    return lines.map(parseEspeakPhonemes);
  }
  const alone: Phoneme[][] = [];
  for (const token of tokens) {
    const out = await runSynthesizer(runner, phonemeArgs(voice, false), token, signal);
    alone.push(parseEspeakPhonemes(out.toString('utf8').replace(/\n/gu, ' ')));
  }
  return alone;
}
