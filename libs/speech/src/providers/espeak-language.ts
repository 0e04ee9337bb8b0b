/**
 * The espeak-ng voice that phonemizes a language (for mouth shapes when a cloud voice reports none,
 * and for the aligner's reference reading): espeak-ng names English and Portuguese by region
 * (`en-us`, `en-gb`, `pt-br`), Mandarin `cmn` and Cantonese `yue`, everything else by language.
 */
export function espeakVoiceFor(bcp47: string): string {
  const [language, region = ''] = bcp47.toLowerCase().split(/[-_]/u);
  if (language === 'en') return region === 'gb' || region === 'uk' || region === 'ie' ? 'en-gb' : 'en-us';
  if (language === 'pt') return region === 'br' ? 'pt-br' : 'pt';
  if (language === 'zh' || language === 'cmn') return region === 'hk' || region === 'mo' ? 'yue' : 'cmn';
  return language || 'en-us';
}
