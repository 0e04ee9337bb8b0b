import { checkCaptionRequest, MAX_TRANSLATION_CHARS, MAX_TRANSLATIONS } from './caption-request';

describe('checkCaptionRequest', () => {
  it('passes translations through in the order given', () => {
    expect(
      checkCaptionRequest({ translations: { es: 'Un sismo.', 'zh-Hans': '地震。', 'pt-BR': 'Um.' } }),
    ).toEqual([
      { language: 'es', text: 'Un sismo.' },
      { language: 'zh-Hans', text: '地震。' },
      { language: 'pt-BR', text: 'Um.' },
    ]);
    expect(checkCaptionRequest(undefined)).toEqual([]);
    expect(checkCaptionRequest({})).toEqual([]);
  });

  it.each([
    [{ translations: { '../x': 'a' } }, 'captions.translations.../x'],
    [{ translations: { 'es es': 'a' } }, 'captions.translations.es es'],
    [{ translations: { es: '   ' } }, 'captions.translations.es'],
    [{ translations: { es: 5 } }, 'captions.translations.es'],
    [{ translations: { es: 'x'.repeat(MAX_TRANSLATION_CHARS + 1) } }, 'captions.translations.es'],
    [{ translations: ['es'] }, 'captions.translations'],
    [
      {
        translations: Object.fromEntries(
          Array.from({ length: MAX_TRANSLATIONS + 1 }, (_, i) => [`e${'abcdefghijklmnopq'[i]}`, 'a']),
        ),
      },
      'captions.translations',
    ],
  ])('refuses %j naming %s', (request, path) => {
    expect(() => checkCaptionRequest(request as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', path }),
    );
  });

  it('names the CLI option with the language after a space', () => {
    expect(() => checkCaptionRequest({ translations: { es: '' } }, '--caption-translation')).toThrow(
      expect.objectContaining({ path: '--caption-translation es' }),
    );
  });
});
