import { cjkLocale, isCjk, isCjkChar, isEmoji, isWide, isZeroWidth } from './wide-chars';

describe('isCjk', () => {
  it('recognises Chinese, Japanese and Korean text', () => {
    expect(isCjk('无线降噪耳机，续航三十小时。')).toBe(true);
    expect(isCjk('ワイヤレスイヤホン、三十時間持続します。')).toBe(true);
    expect(isCjk('무선 이어폰은 삼십 시간 지속됩니다.')).toBe(true);
  });

  it('counts CJK text with Latin brand names as CJK', () => {
    expect(isCjk('无线降噪耳机 iPhone 15 Pro')).toBe(true);
  });

  it('does not count Latin text quoting a CJK word', () => {
    expect(isCjk('Shares in the maker of the 小米 phone rose on Tuesday.')).toBe(false);
    expect(isCjk('Heavy rain has flooded parts of southern Taiwan.')).toBe(false);
    expect(isCjk('')).toBe(false);
    expect(isCjk('。，！')).toBe(false);
  });
});

describe('cjkLocale', () => {
  it('picks the segmentation locale from the letters', () => {
    expect(cjkLocale('无线降噪耳机，续航三十小时。')).toBe('zh');
    expect(cjkLocale('三十時間持続します。')).toBe('ja');
    expect(cjkLocale('무선 이어폰 三十')).toBe('ko');
  });
});

describe('isWide', () => {
  it('measures CJK, fullwidth forms and emoji as two columns', () => {
    for (const wide of ['台', 'あ', 'カ', '한', '，', '。', 'Ａ', '🌋', '👍🏽', '❤️', '𠀀']) {
      expect([wide, isWide(wide)]).toEqual([wide, true]);
    }
  });

  it('measures Latin, Arabic, Hebrew, Cyrillic and halfwidth kana as one', () => {
    for (const narrow of ['a', 'É', 'ب', 'ש', 'Ж', 'ｶ', '5', '-', '❤', '']) {
      expect([narrow, isWide(narrow)]).toEqual([narrow, false]);
    }
  });

  it('tells emoji, CJK letters and zero-width marks apart', () => {
    expect(isEmoji('🌋')).toBe(true);
    expect(isEmoji('#')).toBe(false);
    expect(isCjkChar('台')).toBe(true);
    expect(isCjkChar('，')).toBe(false);
    expect(isZeroWidth('\u200f')).toBe(true);
    expect(isZeroWidth('\u0301')).toBe(true);
    expect(isZeroWidth('a')).toBe(false);
  });
});
