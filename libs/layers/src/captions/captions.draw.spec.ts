import { type Cue, VERTICAL_UI_BANDS } from '@app/captions';
import { layoutFor } from '@app/graphics';
import type { DrawContext } from '../layer-kind';
import { draw } from './captions.draw';
import type { BoundCaptions } from './captions.kind';

const CUES: Cue[] = [
  {
    start: 3,
    end: 5,
    lines: ['A strong earthquake shook eastern Taiwan'],
    words: ['A', 'strong', 'earthquake', 'shook', 'eastern', 'Taiwan'].map((text, i) => ({
      text,
      start: 3 + i * 0.3,
      end: 3.25 + i * 0.3,
      line: 0,
      spaceBefore: i > 0,
    })),
  },
];

async function drawn(style: BoundCaptions['style'], width: number, height: number) {
  const files = new Map<string, string>();
  const relaid: unknown[] = [];
  const layout = layoutFor(width, height, { presenter: height > width ? 'lower-half' : 'right-third' });
  const ctx = {
    layout,
    cues: CUES,
    cuesWith: (options: unknown) => (relaid.push(options), CUES),
    name: 'captions-s1-l4',
    write: async (file: string, data: string | Buffer) => void files.set(file, String(data)),
  } as unknown as DrawContext;
  const out = await draw({ style }, undefined, undefined, ctx);
  return { out: out!, ass: files.get('captions-s1-l4.ass')!, layout, relaid };
}

describe('captions layer drawing', () => {
  it('broadcast: the layout band, its font size, cues as built, no karaoke', async () => {
    const { out, ass, layout, relaid } = await drawn('broadcast', 1920, 1080);
    expect(out.rect).toEqual(layout.captions);
    expect(ass).toContain(`Style: Caption,Noto Sans,${layout.captionFontSize},`);
    expect(ass).not.toContain('\\k');
    expect(relaid).toEqual([]);
  });

  it('social in 9:16: bigger, bold, karaoke, above the apps’ bottom band and clear of the strap', async () => {
    const { out, ass, layout, relaid } = await drawn('social', 1080, 1920);
    const size = Number(/Style: Caption,Noto Sans,(\d+),/.exec(ass)?.[1]);
    expect(size).toBeGreaterThan(layout.captionFontSize);
    expect(ass).toMatch(/\{\\k\d+\}A \{\\k\d+\}strong/);
    expect(relaid).toHaveLength(1);
    const bottom = out.rect.y + out.rect.height;
    expect(bottom).toBeLessThanOrEqual(1920 * (1 - VERTICAL_UI_BANDS.bottom));
    expect(bottom).toBeLessThanOrEqual(layout.lowerThird.y);
    // The rect is where libass puts the text: MarginV is the distance of its bottom from the frame's.
    const marginV = Number(
      ass
        .split('\n')
        .find((l) => l.startsWith('Style:'))!
        .split(',')[21],
    );
    expect(1920 - marginV).toBe(bottom);
  });

  it('a template style on top of a named one', async () => {
    const { ass } = await drawn({ base: 'broadcast', textColour: '#FFEE00', position: 'top' }, 1920, 1080);
    expect(ass).toContain('&H0000EEFF');
    expect(
      ass
        .split('\n')
        .find((l) => l.startsWith('Style:'))!
        .split(',')[18],
    ).toBe('8');
  });
});
