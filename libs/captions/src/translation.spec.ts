import { WordTiming } from '@app/core';
import { buildCues } from './cue-builder';
import { checkCues } from './cue-checker';
import { Cue } from './cue.types';
import { alignTranslation } from './translation';

/** A reading at a steady pace with a pause after each sentence. */
function reading(script: string): WordTiming[] {
  const words: WordTiming[] = [];
  let t = 0.2;
  for (const text of script.split(' ')) {
    const d = 0.12 + 0.045 * text.length;
    words.push({ text, start: t, end: t + d });
    t += d + (/[.!?]$/.test(text) ? 0.55 : 0.05);
  }
  return words;
}

const ENGLISH =
  'A strong earthquake struck off the east coast of Taiwan on Friday afternoon, the U.S. Geological Survey said. ' +
  'Buildings shook in the capital, Taipei, and trains were halted while engineers checked the tracks. ' +
  'No damage has been reported so far.';
const SPANISH =
  'Un fuerte terremoto sacudió la costa este de Taiwán el viernes por la tarde, según el Servicio Geológico de Estados Unidos. ' +
  'Los edificios temblaron en la capital, Taipéi, y los trenes se detuvieron mientras los ingenieros revisaban las vías. ' +
  'Hasta ahora no se han reportado daños.';
const CHINESE =
  '美国地质调查局说，台湾东部外海周五下午发生强烈地震。台北的建筑物摇晃，火车暂停运行，工程人员检查轨道。目前没有损失报告。';

describe('alignTranslation', () => {
  const original = buildCues(reading(ENGLISH));

  it('gives each translated cue the times of an original cue, the text in order', () => {
    const spanish = alignTranslation(original, { language: 'es', text: SPANISH });
    expect(spanish.map((c) => [c.start, c.end])).toEqual(original.map((c) => [c.start, c.end]));
    expect(spanish.map((c) => c.lines.join(' ')).join(' ')).toBe(SPANISH);
  });

  it('keeps sentences with the cues that read them', () => {
    const spanish = alignTranslation(original, { language: 'es', text: SPANISH });
    const lastOriginal = original.findIndex((c) => c.lines.join(' ').includes('No damage'));
    const lastSpanish = spanish.findIndex((c) => c.lines.join(' ').includes('Hasta ahora'));
    expect(lastSpanish).toBe(lastOriginal);
  });

  it('cuts Chinese between words and lays it out 16 wide characters a line', () => {
    const chinese = alignTranslation(original, { language: 'zh-Hans', text: CHINESE });
    expect(chinese.map((c) => c.lines.join('')).join('')).toBe(CHINESE);
    const lineProblems = checkCues(chinese).filter((p) => /line \d/.test(p));
    expect(lineProblems).toEqual([]);
    for (const cue of chinese) expect(cue.lines[0]).not.toMatch(/^[，。]/);
  });

  it('refuses an empty translation, naming it', () => {
    expect(() => alignTranslation(original, { language: 'fr', text: '  ' })).toThrow(
      /fr translation is empty/,
    );
    expect(alignTranslation([] as Cue[], { language: 'fr', text: 'Bonjour.' })).toEqual([]);
  });
});
