import type { GlyphChecker } from '../glyph-check';
import { jobFor, loadTestTemplate, manifestWith, useWorkspace } from '../testing/engine.testing';
import { bind } from './bind.stage';
import { caption } from './caption.stage';
import { speak } from './speak.stage';

jest.setTimeout(60_000);

describe('caption stage', () => {
  const ws = useWorkspace('caption');

  async function spoken(glyphs?: GlyphChecker, translationScripts?: { language: string; text: string }[]) {
    const template = await loadTestTemplate(
      ws.root,
      manifestWith([
        { id: 'a', duration: 2, layers: [] },
        {
          id: 'b',
          duration: 'speech',
          narration: 'Quake near 台湾 🌋 today.',
          layers: [{ type: 'captions' }],
        },
      ]),
    );
    const job = { ...jobFor(template, ws.work, { services: glyphs ? { glyphs } : {} }), translationScripts };
    const bound = { ...job, ...(await bind(job)) };
    return { ...bound, ...(await speak(bound)) };
  }

  it("builds each scene's cues on the clip's clock", async () => {
    const job = await spoken();
    const { cues, sceneCues } = await caption(job);
    expect(cues.map((c) => [c.start, c.lines.join(' ')])).toEqual([[2, 'Quake near 台湾 🌋 today.']]);
    expect(sceneCues[0]).toEqual([]);
    expect(sceneCues[1]).toEqual(cues);
  });

  it('leaves characters no outline font has out of the burned-in cues, keeps them in the sidecars, and warns', async () => {
    const asked: [string, string][] = [];
    const glyphs: GlyphChecker = {
      missing: async (text, renderer) => (asked.push([text, renderer]), text.includes('🌋') ? ['🌋'] : []),
    };
    const job = await spoken(glyphs);
    const { cues, sceneCues } = await caption(job);
    expect(asked).toEqual([['Quake near 台湾 🌋 today.', 'libass']]);
    expect(cues[0].lines.join(' ')).toContain('🌋');
    expect(sceneCues[1][0].lines.join(' ')).toBe('Quake near 台湾  today.');
    expect(job.warnings).toEqual([
      {
        code: 'EMOJI_NOT_READ',
        message: 'The emoji 🌋 was left out of the reading',
        path: 'templates/test/template.json#$.scenes[1].narration',
      },
      {
        code: 'GLYPH_MISSING',
        message:
          'U+1F30B "🌋" cannot be drawn in the burned-in captions by any installed font; the captions leave it out',
        path: 'templates/test/template.json#$.scenes[1].narration',
      },
    ]);
  });

  it('aligns each translation onto the original cues, naming the job field when one cannot be', async () => {
    const job = await spoken(undefined, [{ language: 'es', text: 'Sismo cerca de 台湾 hoy.' }]);
    const { cues, translations } = await caption(job);
    expect(translations).toEqual([
      {
        language: 'es',
        cues: [{ start: cues[0].start, end: cues[0].end, lines: ['Sismo cerca de 台湾 hoy.'] }],
      },
    ]);
    const blank = await spoken(undefined, [{ language: 'fr', text: '  ' }]);
    await expect(caption(blank)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      path: 'captions.translations.fr',
    });
  });

  it('lays a scene out again with a style’s line limits, on the same clock and without the missing glyphs', async () => {
    const glyphs: GlyphChecker = { missing: async (text) => (text.includes('🌋') ? ['🌋'] : []) };
    const job = await spoken(glyphs);
    const { burnedCues } = await caption(job);
    const narrow = burnedCues(1, { maxCharsPerLine: 10, maxWideCharsPerLine: 4 });
    expect(narrow.length).toBeGreaterThan(1);
    expect(narrow[0].start).toBeGreaterThanOrEqual(2);
    expect(narrow.flatMap((c) => c.lines).join(' ')).not.toContain('🌋');
    expect(narrow.every((c) => c.lines.every((l) => l.length <= 10))).toBe(true);
    // Karaoke word times are on the clip's clock too.
    expect(narrow[0].words?.[0].start).toBe(narrow[0].start);
    expect(burnedCues(0, {})).toEqual([]);
  });
});
