import { cjkLocale, isCjk } from './cjk';

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
