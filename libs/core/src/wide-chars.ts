/**
 * Chinese, Japanese and Korean text, and wide characters in general: what captions measure lines
 * with and what speech hands to a voice of another language. One place, so the two agree.
 */

// Script_Extensions, not Script: the prolonged sound mark ー and iteration marks are "Common" by
// Script but belong to Japanese and Chinese text.
const CJK_LETTER = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Bopomofo}]/u;
const KANA = /[\p{scx=Hiragana}\p{scx=Katakana}]/u;
const HANGUL = /\p{scx=Hangul}/u;
const HAN = /\p{scx=Han}/u;
const LETTER = /\p{L}/u;
// Emoji shown as pictures by default (Unicode Emoji_Presentation), or made so by VS16 (U+FE0F).
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F/u;
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}]/u;

/**
 * Code point ranges of East Asian Width W (wide) and F (fullwidth), from Unicode UAX #11 and its
 * data file EastAsianWidth.txt, merged into the blocks that hold them. Emoji are matched apart.
 */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // kana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed, compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff], // Tangut
  [0x1b000, 0x1b2ff], // kana supplement and extensions, Nushu
  [0x1f200, 0x1f2ff], // enclosed ideographic supplement
  [0x20000, 0x2fffd], // CJK extensions B to F, compatibility supplement
  [0x30000, 0x3fffd], // CJK extensions G, H
];

/** True when the character is a Han, kana, Hangul or Bopomofo letter. */
export function isCjkChar(char: string): boolean {
  return LETTER.test(char) && CJK_LETTER.test(char);
}

/** True for an emoji drawn as a picture (one grapheme, possibly several code points). */
export function isEmoji(grapheme: string): boolean {
  return EMOJI_PRESENTATION.test(grapheme);
}

/**
 * True when a grapheme takes two columns in East Asian typography (UAX #11 W or F, or an emoji):
 * about one em, twice an average Latin letter.
 */
export function isWide(grapheme: string): boolean {
  if (isEmoji(grapheme)) return true;
  const cp = grapheme.codePointAt(0);
  if (cp === undefined) return false;
  for (const [from, to] of WIDE_RANGES) {
    if (cp < from) return false;
    if (cp <= to) return true;
  }
  return false;
}

/** True for marks and format characters that take no room of their own (accents, ZWJ, RLM). */
export function isZeroWidth(char: string): boolean {
  return ZERO_WIDTH.test(char);
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
