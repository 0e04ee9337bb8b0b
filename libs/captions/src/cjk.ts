// Script_Extensions, not Script: the prolonged sound mark ー and iteration marks are "Common" by
// Script but belong to Japanese and Chinese text.
const CJK_LETTER = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Bopomofo}]/u;
const KANA = /[\p{scx=Hiragana}\p{scx=Katakana}]/u;
const HANGUL = /\p{scx=Hangul}/u;
const HAN = /\p{scx=Han}/u;
const LETTER = /\p{L}/u;

/** True when the character is a Han, kana, Hangul or Bopomofo letter. */
export function isCjkChar(char: string): boolean {
  return LETTER.test(char) && CJK_LETTER.test(char);
}

/**
 * True when the text is mostly Chinese, Japanese or Korean. A CJK glyph is about twice as wide as a
 * Latin one, so a 42-character line of mostly CJK text would not fit the picture; the threshold is
 * therefore low: CJK letters make up at least a quarter of all letters ("无线降噪耳机 iPhone 15 Pro"
 * is CJK, an English sentence quoting one Chinese brand name is not).
 */
export function isCjk(text: string): boolean {
  let cjk = 0;
  let other = 0;
  for (const char of text) {
    if (!LETTER.test(char)) continue;
    if (CJK_LETTER.test(char)) cjk++;
    else other++;
  }
  return cjk > 0 && cjk * 3 >= other;
}

/** The locale to segment CJK text with: kana means Japanese, more Hangul than Han means Korean. */
export function cjkLocale(text: string): 'ja' | 'ko' | 'zh' {
  let han = 0;
  let hangul = 0;
  for (const char of text) {
    // Letters only: CJK punctuation such as 。 lists kana among its script extensions.
    if (!LETTER.test(char)) continue;
    if (KANA.test(char)) return 'ja';
    if (HANGUL.test(char)) hangul++;
    else if (HAN.test(char)) han++;
  }
  return hangul > han ? 'ko' : 'zh';
}
