import { createCanvas } from '@napi-rs/canvas';
import { fontStack, registerFonts } from './fonts';
import { fitText, inkHeight, normalizeText, segment } from './text-fit';
import { defaultTheme } from './theme';

registerFonts();
const ctx = createCanvas(1, 1).getContext('2d');
const family = fontStack(defaultTheme.fontFamily);
const bold = { family, weight: 700 };

describe('segment', () => {
  it('breaks at spaces and after in-word hyphens', () => {
    expect(segment('Hualien-Taitung border, Taiwan').map((s) => s.text)).toEqual([
      'Hualien-',
      'Taitung',
      'border,',
      'Taiwan',
    ]);
    expect(segment('a b').map((s) => s.space)).toEqual([false, true]);
  });

  it('breaks around every wide character the captions measure as wide (kana, Hangul, Tangut, extension G), never inside an emoji sequence', () => {
    expect(segment('ひらがなと한국어').map((s) => s.text)).toEqual([...'ひらがなと한국어']);
    // U+17000 (Tangut) and U+30000 (CJK extension G) are wide in UAX #11.
    expect(segment('\u{17000}\u{17001}').map((s) => s.text)).toEqual(['\u{17000}', '\u{17001}']);
    expect(segment('\u{30000}\u{30001}').length).toBe(2);
    expect(segment('👩‍💻👍').map((s) => s.text)).toEqual(['👩‍💻👍']);
  });

  it('lets CJK break between ideographs but never before closing punctuation', () => {
    const segs = segment('花蓮縣發生地震，震度5級。');
    expect(segs.map((s) => s.text)).toEqual([
      '花',
      '蓮',
      '縣',
      '發',
      '生',
      '地',
      '震，',
      '震',
      '度',
      '5',
      '級。',
    ]);
    expect(segs.every((s) => !s.space)).toBe(true);
  });

  it('keeps an opening bracket with what follows it', () => {
    expect(segment('「新品」上市').map((s) => s.text)).toEqual(['「新', '品」', '上', '市']);
  });

  it('normalizes whitespace and control characters', () => {
    expect(normalizeText('  a\n\tb\u0007c  ', true)).toBe('A B C');
  });
});

describe('fitText', () => {
  it('keeps short text on one line at the largest size', () => {
    const f = fitText(ctx, 'Taiwan', { ...bold, maxWidth: 800, maxSize: 80, minSize: 40, maxLines: 2 });
    expect(f.lines).toEqual(['Taiwan']);
    expect(f.size).toBe(80);
    expect(f.truncated).toBe(false);
  });

  it('wraps a title to two balanced lines before shrinking', () => {
    const f = fitText(ctx, 'M 5.8 – 38 km SW of Hualien City, Taiwan', {
      ...bold,
      maxWidth: 1100,
      maxSize: 86,
      minSize: 44,
      maxLines: 2,
    });
    expect(f.size).toBe(86);
    expect(f.lines).toHaveLength(2);
    expect(Math.abs(f.widths[0] - f.widths[1])).toBeLessThan(f.width * 0.35);
  });

  it('shrinks to the floor and then ends on an ellipsis, never exceeding the box', () => {
    const place =
      'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch, Isle of Anglesey, Wales, UK'.repeat(3);
    const f = fitText(ctx, place, { ...bold, maxWidth: 600, maxSize: 60, minSize: 30, maxLines: 2 });
    expect(f.size).toBe(30);
    expect(f.lines).toHaveLength(2);
    expect(f.truncated).toBe(true);
    expect(f.lines[1].endsWith('…')).toBe(true);
    for (const w of f.widths) expect(w).toBeLessThanOrEqual(600);
  });

  it('cuts a single overlong word between characters', () => {
    const f = fitText(ctx, 'x'.repeat(400), {
      ...bold,
      maxWidth: 300,
      maxSize: 40,
      minSize: 20,
      maxLines: 2,
    });
    expect(f.lines).toHaveLength(2);
    expect(f.lines[1].endsWith('…')).toBe(true);
    for (const w of f.widths) expect(w).toBeLessThanOrEqual(300);
  });

  it('wraps CJK text that has no spaces', () => {
    const f = fitText(ctx, '超輕量無線降噪藍牙耳機旗艦版限時特價中'.repeat(2), {
      ...bold,
      maxWidth: 500,
      maxSize: 60,
      minSize: 40,
      maxLines: 2,
    });
    expect(f.lines.length).toBe(2);
    for (const w of f.widths) expect(w).toBeLessThanOrEqual(500);
  });

  it('respects a height limit by using fewer lines or a smaller size', () => {
    const text = 'Magnitude 5.8 earthquake strikes near Hualien City, Taiwan';
    const f = fitText(ctx, text, {
      ...bold,
      maxWidth: 700,
      maxSize: 60,
      minSize: 20,
      maxLines: 2,
      maxHeight: 70,
    });
    expect(inkHeight(f)).toBeLessThanOrEqual(70);
  });

  it('returns no lines for empty text', () => {
    expect(fitText(ctx, '   ', { ...bold, maxWidth: 100, maxSize: 20, minSize: 10 }).lines).toEqual([]);
  });

  it('accounts for letter spacing', () => {
    const plain = fitText(ctx, 'EARTHQUAKE', { ...bold, maxWidth: 1000, maxSize: 30, minSize: 10 });
    const spaced = fitText(ctx, 'EARTHQUAKE', {
      ...bold,
      letterSpacing: 0.2,
      maxWidth: 1000,
      maxSize: 30,
      minSize: 10,
    });
    expect(spaced.width).toBeCloseTo(plain.width + 9 * 6, 0);
  });
});
