import { escapeXml } from '../ssml';
import type { SpeechRequest } from '../speech.types';
import { NEUTRAL_RATE_WPM } from '../speech.request';

/**
 * What goes inside the voice element: the caller's SSML without its `<speak>` wrapper (it carries
 * the lexicon's `phoneme`/`sub` and the breaks), or the plain text escaped.
 */
export function ssmlBody(req: Pick<SpeechRequest, 'text' | 'ssml'>): string {
  if (req.ssml === undefined) return escapeXml(req.text);
  const m = /^\s*<speak\b[^>]*>([\s\S]*)<\/speak>\s*$/u.exec(req.ssml);
  return m ? m[1] : escapeXml(req.text);
}

/** Words per minute as a relative SSML prosody rate against NEUTRAL_RATE_WPM: 176 wpm is "+10%". */
export function relativeRate(wpm: number): string {
  const percent = Math.round((wpm / NEUTRAL_RATE_WPM - 1) * 100);
  return `${percent >= 0 ? '+' : ''}${percent}%`;
}

/** The same as an absolute percentage of the voice's normal speed, as Amazon Polly takes it: "110%". */
export function percentRate(wpm: number): string {
  return `${Math.max(20, Math.min(200, Math.round((wpm / NEUTRAL_RATE_WPM) * 100)))}%`;
}
