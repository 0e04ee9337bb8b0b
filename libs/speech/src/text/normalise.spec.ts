import { normaliseForSpeech } from './normalise';
import { cardinalWords, ordinalWords } from './number-words';

/** What an en-us voice is given to read. */
function en(text: string): string {
  return normaliseForSpeech(text, { language: 'en-us' })
    .pieces.map((p) => (p.language ? `[${p.language}:${p.text}]` : p.text))
    .join(' ');
}

function zh(text: string): string {
  return normaliseForSpeech(text, { language: 'cmn' })
    .pieces.map((p) => p.text)
    .join(' ');
}

describe('normaliseForSpeech, English', () => {
  it.each([
    // USGS region codes after a comma, and compass points before "of".
    ['10 km N of Hawthorne, NV', '10 kilometers north of Hawthorne, Nevada'],
    ['5 km SSW of Volcano, HI.', '5 kilometers south-southwest of Volcano, Hawaii.'],
    ['12 km SSE of Ensenada, B.C., MX', '12 kilometers south-southeast of Ensenada, Baja California, Mexico'],
    ['8 km W of Port Hardy, BC, Canada', '8 kilometers west of Port Hardy, British Columbia, Canada'],
    ['22 km E of Aguadilla, PR', '22 kilometers east of Aguadilla, Puerto Rico'],
    // Codes only where USGS puts them: after a comma.
    ['CA and OR are states', 'CA and OR are states'],
    // The shared abbreviation list: no sentence dot left to pause on.
    ['St. George, UT', 'Saint George, Utah'],
    ['Mt. Hood and Ft. Worth', 'Mount Hood and Fort Worth'],
    ['on Main St. near', 'on Main Street near'],
    ['at 3 p.m. local time', 'at 3 P M local time'],
    ['the U.S. Geological Survey said.', 'the U S Geological Survey said.'],
    ['Michael J. Fox', 'Michael J Fox'],
    // Units agree with their number.
    ['1 km deep', '1 kilometer deep'],
    ['1.0 km deep', '1.0 kilometers deep'],
    ['0 km', '0 kilometers'],
    ['1 mi', '1 mile'],
    ['100km and 30% and 25°C', '100 kilometers and 30 percent and 25 degrees Celsius'],
    // Signs, currency, ranges and scores, ordinals, magnitudes.
    ['-2 km', 'minus 2 kilometers'],
    ['+3 and ±0.5', 'plus 3 and plus or minus 0.5'],
    ['$1.2bn', '1.2 billion dollars'],
    ['€5m and £1', '5 million euros and 1 pound'],
    ['won 2–1', 'won 2 to 1'],
    ['21st 2nd 103rd', 'twenty-first second one hundred third'],
    ['M 7.1 M7.1', 'magnitude 7.1 magnitude 7.1'],
    [
      'Mw 7.1, mb 4.6, ML 3.2, Md 2.5',
      'moment magnitude 7.1, body-wave magnitude 4.6, local magnitude 3.2, duration magnitude 2.5',
    ],
    ['#5 R&D a@b', 'number 5 R and D a at b'],
  ])('%s', (text, spoken) => {
    expect(en(text)).toBe(spoken);
  });

  it('never passes on what a voice would interpret, nor reads markup symbols by name', () => {
    expect(en("[[h@l'oU]]")).toBe("h at l'oU");
    expect(en('*** --- _x_ **bold** ~~y~~ | ^ ` \\')).toBe('x bold y');
    expect(en('<b>tag</b> <font color="red">x</font> {\\an8}Top')).toBe('tag x Top');
    expect(en('<speak><phoneme ph="x">y</phoneme></speak>')).toBe('y');
    expect(en('&amp; <')).toBe('and amp;');
    for (const hostile of [
      "[[h@l'oU]]",
      "x[[h@l'oU]]y",
      '<break time="9s"/>',
      '{\\pos(1,1)}',
      '&lt;',
      '\\N',
    ]) {
      const spoken = en(hostile);
      expect(spoken).not.toMatch(/\[\[|]]|[<>{}\\]/);
    }
  });

  it('keeps the display tokens, so every caption word has its place', () => {
    const n = normaliseForSpeech('A 🌋 struck *** St. George.', { language: 'en-us' });
    expect(n.tokens).toEqual(['A', '🌋', 'struck', '***', 'St.', 'George.']);
    expect(n.pieces.map((p) => [p.token, p.text])).toEqual([
      [0, 'A'],
      [2, 'struck'],
      [4, 'Saint'],
      [5, 'George.'],
    ]);
  });

  it('hands runs in scripts the voice has no language for to their language, and warns of emoji', () => {
    expect(en('struck 台湾花莲县海域, on Friday')).toBe('struck [zh:台湾花莲县海域,] on Friday');
    expect(en('in 東京タワー and 서울 and 東京')).toBe('in [ja:東京タワー] and [ko:서울] and [zh:東京]');
    expect(en('said مرحبا and Привет')).toBe('said [ar:مرحبا] and [ru:Привет]');
    const n = normaliseForSpeech('Eruption 🌋🌋 today', { language: 'en-us' });
    expect(n.pieces.map((p) => p.text)).toEqual(['Eruption', 'today']);
    expect(n.warnings).toEqual([
      { code: 'EMOJI_NOT_READ', message: 'The emoji 🌋 was left out of the reading', text: '🌋' },
    ]);
  });

  it('leaves a script no voice is known for out, with a warning', () => {
    const n = normaliseForSpeech('Runes ᚠᚢᚦ here', { language: 'en-us' });
    expect(n.pieces.map((p) => p.text)).toEqual(['Runes', 'here']);
    expect(n.warnings[0].code).toBe('TEXT_NOT_READ');
  });
});

describe('normaliseForSpeech, Chinese', () => {
  it.each([
    ['台湾发生M 7.1地震', '台湾发生 7.1级地震'],
    ['M7.1级', '7.1级'],
    ['M 7.1级地震', '7.1级地震'],
    ['深度10 km', '深度10 公里'],
    ['深度10km，', '深度10公里,'],
    ['损失$1.2bn', '损失12亿美元'],
    ['损失$3.5m', '损失350万美元'],
    ['比分2–1', '比分2比1'],
    ['气温-2°C', '气温负2摄氏度'],
    ['30%的人', '百分之30的人'],
    ['3 p.m.', '3 下午'],
    ['*** 台湾 ---', '台湾'],
  ])('%s', (text, spoken) => {
    expect(zh(text)).toBe(spoken);
  });

  it('reads Latin and Han itself, and hands Arabic to another voice', () => {
    const n = normaliseForSpeech('iPhone 台湾 مرحبا', { language: 'cmn' });
    expect(n.pieces.map((p) => [p.text, p.language])).toEqual([
      ['iPhone', undefined],
      ['台湾', undefined],
      ['مرحبا', 'ar'],
    ]);
  });
});

describe('number words', () => {
  it('says cardinals and ordinals as American newsreaders do', () => {
    expect(cardinalWords(0)).toBe('zero');
    expect(cardinalWords(112)).toBe('one hundred twelve');
    expect(cardinalWords(2_000_021)).toBe('two million twenty-one');
    expect(ordinalWords(1)).toBe('first');
    expect(ordinalWords(12)).toBe('twelfth');
    expect(ordinalWords(40)).toBe('fortieth');
    expect(ordinalWords(1003)).toBe('one thousand third');
    expect(() => cardinalWords(-1)).toThrow(RangeError);
  });
});
