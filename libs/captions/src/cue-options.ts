import { ClipwrightError, ErrorCode } from '@app/core';
import { CueOptions, DEFAULT_CUE_OPTIONS } from './cue.types';

/**
 * Fill in the defaults and refuse limits no cue could keep, so that a bad template setting fails
 * loudly instead of yielding empty or endless captions.
 */
export function resolveCueOptions(options: Partial<CueOptions> | undefined): CueOptions {
  const given = options ?? {};
  const pick = <K extends keyof CueOptions>(key: K, fallback: CueOptions[K]): CueOptions[K] =>
    given[key] === undefined ? fallback : (given[key] as CueOptions[K]);
  const resolved: CueOptions = {
    maxLines: pick('maxLines', DEFAULT_CUE_OPTIONS.maxLines),
    maxCharsPerLine: pick('maxCharsPerLine', DEFAULT_CUE_OPTIONS.maxCharsPerLine),
    maxWideCharsPerLine: pick('maxWideCharsPerLine', DEFAULT_CUE_OPTIONS.maxWideCharsPerLine),
    maxCharsPerSecond: pick('maxCharsPerSecond', DEFAULT_CUE_OPTIONS.maxCharsPerSecond),
    minDuration: pick('minDuration', DEFAULT_CUE_OPTIONS.minDuration),
    maxDuration: pick('maxDuration', DEFAULT_CUE_OPTIONS.maxDuration),
    minGap: pick('minGap', DEFAULT_CUE_OPTIONS.minGap),
  };
  requireThat(Number.isInteger(resolved.maxLines) && resolved.maxLines >= 1, 'maxLines', resolved.maxLines);
  requireThat(
    Number.isInteger(resolved.maxCharsPerLine) && resolved.maxCharsPerLine >= 1,
    'maxCharsPerLine',
    resolved.maxCharsPerLine,
  );
  requireThat(
    Number.isInteger(resolved.maxWideCharsPerLine) && resolved.maxWideCharsPerLine >= 1,
    'maxWideCharsPerLine',
    resolved.maxWideCharsPerLine,
  );
  requireThat(isPositive(resolved.maxCharsPerSecond), 'maxCharsPerSecond', resolved.maxCharsPerSecond);
  requireThat(isNonNegative(resolved.minDuration), 'minDuration', resolved.minDuration);
  requireThat(
    isPositive(resolved.maxDuration) && resolved.maxDuration >= resolved.minDuration,
    'maxDuration',
    resolved.maxDuration,
  );
  requireThat(isNonNegative(resolved.minGap), 'minGap', resolved.minGap);
  return resolved;
}

function isPositive(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}

function isNonNegative(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

function requireThat(ok: boolean, option: keyof CueOptions, value: unknown): void {
  if (!ok) {
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `Caption option ${option} cannot be ${String(value)}`,
      {
        path: `captions.${option}`,
        detail: { option, value },
      },
    );
  }
}
