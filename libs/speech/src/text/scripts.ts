import { cjkLocale, isEmoji } from '@app/core';

/** Scripts by the BCP 47 language a voice of that script would be asked for. */
const SCRIPT_LANGUAGES: readonly [RegExp, string][] = [
  [/\p{scx=Hangul}/u, 'ko'],
  [/[\p{scx=Hiragana}\p{scx=Katakana}]/u, 'ja'],
  [/[\p{scx=Han}\p{scx=Bopomofo}]/u, 'zh'],
  [/\p{Script=Arabic}/u, 'ar'],
  [/\p{Script=Hebrew}/u, 'he'],
  [/\p{Script=Cyrillic}/u, 'ru'],
  [/\p{Script=Greek}/u, 'el'],
  [/\p{Script=Thai}/u, 'th'],
  [/\p{Script=Devanagari}/u, 'hi'],
  [/\p{Script=Bengali}/u, 'bn'],
  [/\p{Script=Tamil}/u, 'ta'],
  [/\p{Script=Armenian}/u, 'hy'],
  [/\p{Script=Georgian}/u, 'ka'],
];

/** The scripts a voice of a language reads besides Latin, which every voice here spells or reads. */
const OWN_SCRIPTS: Readonly<Record<string, readonly string[]>> = {
  zh: ['zh'],
  cmn: ['zh'],
  yue: ['zh'],
  ja: ['ja', 'zh'],
  ko: ['ko', 'zh'],
  ar: ['ar'],
  fa: ['ar'],
  ur: ['ar'],
  he: ['he'],
  ru: ['ru'],
  uk: ['ru'],
  bg: ['ru'],
  sr: ['ru'],
  mk: ['ru'],
  be: ['ru'],
  kk: ['ru'],
  el: ['el'],
  th: ['th'],
  hi: ['hi'],
  mr: ['hi'],
  ne: ['hi'],
  bn: ['bn'],
  ta: ['ta'],
  hy: ['hy'],
  ka: ['ka'],
};

const LETTER = /\p{L}/u;

/** What a character is to a voice: its own, another language's, an emoji, or nothing to read. */
export type CharRole = 'own' | 'emoji' | { language: string } | 'unknown';

/** The primary language subtag of a voice id or locale: "en-us" -> "en", "cmn" -> "cmn". */
export function primaryLanguage(voiceOrLocale: string): string {
  return voiceOrLocale.toLowerCase().split(/[-_]/)[0];
}

/**
 * The role of one grapheme for a voice of `language`. Letters of a script the voice has no language
 * for belong to the language of that script (Chinese for Han, and so on); a letter of a script no
 * language here is known for is 'unknown'. Digits, punctuation and symbols are the voice's own: the
 * locale rules decide how they are said or dropped.
 */
export function charRole(grapheme: string, language: string, token: string): CharRole {
  if (isEmoji(grapheme)) return 'emoji';
  if (!LETTER.test(grapheme)) return 'own';
  const own = OWN_SCRIPTS[primaryLanguage(language)] ?? [];
  for (const [script, scriptLanguage] of SCRIPT_LANGUAGES) {
    if (!script.test(grapheme)) continue;
    // Han in a token with kana is Japanese; Hangul tokens are Korean.
    const actual = scriptLanguage === 'zh' ? cjkLocale(token) : scriptLanguage;
    return own.includes(actual) || own.includes(scriptLanguage) ? 'own' : { language: actual };
  }
  return /\p{Script=Latin}/u.test(grapheme) ? 'own' : 'unknown';
}

/** Languages as people name them in a warning. */
export function languageName(language: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}
