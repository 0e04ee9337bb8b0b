import { missingGlyphs, parseFontCoverage } from './font-glyphs';

// Two fonts as `fc-list --format '%{outline}\t%{charset}\n'` prints them: an outline font with Latin,
// the regional indicator letters (as Symbola has them) and the volcano, and a colour-bitmap emoji font.
const coverage = parseFontCoverage('True\t20-7e a0-ff 1f1e6-1f1ff 1f30b\nFalse\t1f1e6-1f1ff 1f600-1f64f\n');

describe('font coverage', () => {
  it('reads fontconfig ranges; libass gets the outline fonts only', () => {
    expect(coverage.libass).toEqual([
      [0x20, 0x7e],
      [0xa0, 0xff],
      [0x1f1e6, 0x1f1ff],
      [0x1f30b, 0x1f30b],
    ]);
    expect(coverage.skia).toContainEqual([0x1f600, 0x1f64f]);
  });

  it('finds each character no font has once, in order, and never spaces or joiners', () => {
    expect(missingGlyphs(coverage, 'Quake 😀 near 台湾 😀\u200d', 'libass')).toEqual(['😀', '台', '湾']);
    expect(missingGlyphs(coverage, 'Quake 😀 near', 'skia')).toEqual([]);
  });

  it('counts a flag as missing for libass (two boxed letters), not for Skia (the colour font draws it)', () => {
    expect(missingGlyphs(coverage, 'Match 🇯🇵 v 🇧🇷 🌋', 'libass')).toEqual(['🇯', '🇵', '🇧', '🇷']);
    expect(missingGlyphs(coverage, 'Match 🇯🇵 v 🇧🇷 🌋', 'skia')).toEqual([]);
  });
});
