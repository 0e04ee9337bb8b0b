import { defaultTheme, themeFromBrand } from './theme';

describe('themeFromBrand', () => {
  it('is the default theme for an empty brand, and takes each field the brand sets', () => {
    expect(themeFromBrand({})).toEqual(defaultTheme);
    const t = themeFromBrand({
      channelName: 'Shop TV',
      colors: { accent: '#FFD400', background: '#204060', text: '#101010' },
      font: 'DejaVu Sans',
    });
    expect(t).toMatchObject({
      channelName: 'Shop TV',
      accent: '#FFD400',
      panelText: '#101010',
      fontFamily: 'DejaVu Sans',
    });
    // Dark ink on a light accent, white on a dark one; the backdrop runs from the colour to a darker shade.
    expect(t.accentText).toBe('#101010');
    expect(themeFromBrand({ colors: { accent: '#102030' } }).accentText).toBe('#FFFFFF');
    expect(t.background[0]).toBe('#204060');
    expect(t.background[1]).not.toBe('#204060');
  });
});
