import { ClipwrightError, ErrorCode } from '@app/core';
import type { SpeechRequest } from './speech.types';

/**
 * The reading speed that counts as "normal" for voices that take a relative rate rather than words
 * per minute (Azure and Polly prosody percentages, Piper's length scale): a news read at 160 wpm is
 * 100 %. Broadcast English is read at about 150–170 wpm.
 */
export const NEUTRAL_RATE_WPM = 160;

/** Refuse a request no provider could read, naming the field (INVALID_ARGUMENT). */
export function validateSpeechRequest(req: SpeechRequest): void {
  const bad = (message: string, field: string): ClipwrightError =>
    new ClipwrightError(ErrorCode.InvalidArgument, message, { path: field });
  if (typeof req.text !== 'string' || req.text.trim() === '') throw bad('The speech text is empty', 'text');
  if (typeof req.voice !== 'string' || req.voice.trim() === '') throw bad('No voice was given', 'voice');
  if (!Number.isFinite(req.rate) || req.rate <= 0) {
    throw bad(`The speech rate must be a positive number of words per minute, not ${req.rate}`, 'rate');
  }
  if (typeof req.workDir !== 'string' || req.workDir === '') throw bad('No work folder was given', 'workDir');
  if (req.ssml !== undefined && (typeof req.ssml !== 'string' || !/^\s*<speak[\s>]/u.test(req.ssml))) {
    throw bad('SSML must be a <speak> document', 'ssml');
  }
}
