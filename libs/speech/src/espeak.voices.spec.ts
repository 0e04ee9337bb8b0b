import { parseEspeakVoices } from './espeak.voices';

// The head of `espeak-ng --voices` (1.51, Debian), spacing as printed.
const LISTING = `Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  ar              --/M      Arabic             sem/ar               
 5  cmn             --/M      Chinese_(Mandarin,_latin_as_English) sit/cmn              (zh-cmn 5)(zh 5)
 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)
 2  en-us           --/F      English_(America)  gmw/en-US            (en 3)
 5  yue             --/M      Chinese_(Cantonese) sit/yue              (zh-yue 5)(zh 8)
 5  yue             --/M      Chinese_(Cantonese,_latin_as_Jyutping) sit/yue-Latn-jyutping (zh-yue 5)(zh 8)
 5  variant         --/M      Adam               !v/adam              
`;

describe('parseEspeakVoices', () => {
  it('takes the Language column as the id, names with spaces, other languages after it', () => {
    const voices = parseEspeakVoices(LISTING);
    expect(voices.map((v) => v.id)).toEqual(['ar', 'cmn', 'en-gb', 'en-us', 'yue']);
    expect(voices[1]).toEqual({
      id: 'cmn',
      provider: 'espeak',
      name: 'Chinese (Mandarin, latin as English)',
      languages: ['cmn', 'zh-cmn', 'zh'],
      gender: 'male',
      kind: 'formant',
    });
    expect(voices[3].gender).toBe('female');
    expect(voices[4].name).toBe('Chinese (Cantonese)');
  });

  it('gives nothing for output that is not a listing', () => {
    expect(parseEspeakVoices('')).toEqual([]);
    expect(parseEspeakVoices('espeak-ng: command not found\n')).toEqual([]);
  });
});
