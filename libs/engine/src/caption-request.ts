import { ClipwrightError, ErrorCode } from '@app/core';

/** What a job asks of its captions beyond the template: translated scripts, by language. */
export interface CaptionRequest {
  /**
   * Translated scripts of the whole narration, by BCP 47 language tag (`{ "es": "Un terremoto..." }`).
   * Each becomes captions.<lang>.srt / .vtt / .ttml timed to the voice, and a subtitle track in the MP4.
   */
  translations?: Record<string, string>;
}

/** A translation as the engine carries it: checked, in the order given. */
export interface CaptionTranslation {
  language: string;
  text: string;
}

/** At most this many translations a job (each adds files and an MP4 track). */
export const MAX_TRANSLATIONS = 16;
/** Characters of one translated script: far beyond any clip's narration. */
export const MAX_TRANSLATION_CHARS = 20_000;
// A BCP 47 tag of language, script and region subtags only: it names files (captions.es.vtt).
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?$/;

/**
 * Checks a job's caption request at the edge. `field` is how the caller names the translations
 * (`captions.translations` in the API and the engine, `--caption-translation` in the CLI); an error
 * names it with the language (`captions.translations.es`). Throws INVALID_ARGUMENT for a language
 * that is not a plain BCP 47 tag, a blank or oversized text, or too many translations.
 */
export function checkCaptionRequest(
  request: CaptionRequest | undefined,
  field = 'captions.translations',
): CaptionTranslation[] {
  const translations = request?.translations;
  if (translations === undefined) return [];
  if (translations === null || typeof translations !== 'object' || Array.isArray(translations)) {
    throw invalid(field, 'must be an object of language tag -> translated script');
  }
  const entries = Object.entries(translations);
  if (entries.length > MAX_TRANSLATIONS) {
    throw invalid(field, `holds ${entries.length} translations; at most ${MAX_TRANSLATIONS} are allowed`);
  }
  const seen = new Set<string>();
  return entries.map(([language, text]) => {
    // An option names the language after a space (`--caption-translation es`), a field after a dot.
    const at = field.startsWith('--') ? `${field} ${language}` : `${field}.${language}`;
    if (!LANGUAGE_TAG.test(language)) {
      throw invalid(at, `"${language}" is not a language tag such as "es", "pt-BR" or "zh-Hans"`);
    }
    if (seen.has(language.toLowerCase())) throw invalid(at, 'is given twice');
    seen.add(language.toLowerCase());
    if (typeof text !== 'string') throw invalid(at, 'must be the translated script as text');
    if (text.trim() === '') throw invalid(at, 'is blank');
    if (text.length > MAX_TRANSLATION_CHARS) {
      throw invalid(at, `is ${text.length} characters long; at most ${MAX_TRANSLATION_CHARS} are allowed`);
    }
    return { language, text };
  });
}

function invalid(path: string, why: string): ClipwrightError {
  return new ClipwrightError(ErrorCode.InvalidArgument, `${path} ${why}`, { path });
}
