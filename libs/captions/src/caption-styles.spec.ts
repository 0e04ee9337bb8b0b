import { ClipwrightError } from '@app/core';
import { resolveCaptionStyle, VERTICAL_UI_BANDS } from './caption-styles';
import { buildCues } from './cue-builder';
import { checkCues } from './cue-checker';
import { toAss } from './ass.writer';

const VERTICAL = { width: 1080, height: 1920 };
const LANDSCAPE = {
  width: 1920,
  height: 1080,
  band: { x: 96, y: 900, width: 1728, height: 126 },
  fontSize: 46,
};

describe('resolveCaptionStyle', () => {
  it('broadcast: white on a translucent box in the layout band, 42-character lines', () => {
    const { ass, cueOptions } = resolveCaptionStyle('broadcast', LANDSCAPE);
    expect(ass).toMatchObject({
      fontSize: 46,
      bold: false,
      primaryColour: '#FFFFFF',
      boxOpacity: 0.78,
      marginL: 96,
      marginR: 96,
      marginV: 54,
    });
    expect(ass.border ?? 'box').toBe('box');
    expect(ass.karaokeColour).toBeUndefined();
    expect(cueOptions).toEqual({});
  });

  it('social: large bold karaoke captions kept out of the bands vertical apps cover', () => {
    const { ass, cueOptions } = resolveCaptionStyle('social', VERTICAL);
    expect(ass.bold).toBe(true);
    expect(ass.border).toBe('outline');
    expect(ass.karaokeColour).toBe('#FFD21F');
    expect(ass.fontSize).toBeGreaterThanOrEqual(70);
    expect(ass.marginV).toBeGreaterThanOrEqual(VERTICAL.height * VERTICAL_UI_BANDS.bottom);
    expect(ass.marginR).toBeGreaterThanOrEqual(VERTICAL.width * VERTICAL_UI_BANDS.right);
    expect(ass.marginL).toBeGreaterThanOrEqual(VERTICAL.width * VERTICAL_UI_BANDS.left);
    // Lines short enough to fit between the margins at that size (0.56 em a bold character).
    const usable = VERTICAL.width - ass.marginL - ass.marginR;
    expect((cueOptions.maxCharsPerLine ?? 42) * ass.fontSize * 0.56).toBeLessThanOrEqual(usable);
    expect((cueOptions.maxWideCharsPerLine ?? 16) * ass.fontSize).toBeLessThanOrEqual(usable);
  });

  it('builds social cues that keep their own limits and carry karaoke tags', () => {
    const { ass, cueOptions } = resolveCaptionStyle('social', VERTICAL);
    const words = 'A strong earthquake shook eastern Taiwan on Friday afternoon'.split(' ');
    const cues = buildCues(
      words.map((text, i) => ({ text, start: i * 0.4, end: i * 0.4 + 0.35 })),
      cueOptions,
    );
    expect(checkCues(cues, cueOptions)).toEqual([]);
    expect(toAss(cues, ass)).toMatch(/\{\\k\d+\}A \{\\k\d+\}strong/);
  });

  it('takes a template-defined style on top of a named one', () => {
    const { ass } = resolveCaptionStyle(
      {
        base: 'broadcast',
        fontName: 'Noto Serif',
        textColour: '#FFEE00',
        highlightColour: '#00FF00',
        position: 'top',
        fontScale: 1.5,
      },
      LANDSCAPE,
    );
    expect(ass).toMatchObject({
      fontName: 'Noto Serif',
      primaryColour: '#FFEE00',
      karaokeColour: '#00FF00',
      position: 'top',
      fontSize: 69,
    });
    const plain = resolveCaptionStyle({ base: 'social', highlightColour: null }, VERTICAL).ass;
    expect(plain.karaokeColour).toBeUndefined();
  });

  it('refuses template values that would break the ASS script or the picture, naming the field', () => {
    const bad: [object, string][] = [
      [{ base: 'broadcast', fontName: 'Noto Sans,Bold' }, 'captions.style.fontName'],
      [{ base: 'broadcast', fontName: 'x}{\\pos(0,0)' }, 'captions.style.fontName'],
      [{ base: 'broadcast', textColour: 'red' }, 'captions.style.textColour'],
      [{ base: 'broadcast', fontScale: 9 }, 'captions.style.fontScale'],
      [{ base: 'broadcast', boxOpacity: -1 }, 'captions.style.boxOpacity'],
      [{ base: 'karaoke' }, 'captions.style.base'],
    ];
    for (const [style, path] of bad) {
      let error: unknown;
      try {
        resolveCaptionStyle(style as never, VERTICAL);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ClipwrightError);
      expect((error as ClipwrightError).path).toBe(path);
    }
  });
});
