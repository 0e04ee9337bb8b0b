import { ClipwrightError, ErrorCode, WordTiming } from '@app/core';
import { buildCues } from './cue-builder';
import { checkCues } from './cue-checker';
import { Cue } from './cue.types';

const w = (text: string, start: number, end: number): WordTiming => ({ text, start, end });
/** Cues without their timed words, to compare with literal cues. */
const plain = (cues: Cue[]): Cue[] => cues.map(({ start, end, lines }) => ({ start, end, lines }));

// A news brief of 60 words read at 150 words a minute, as a TTS voice reads it: 10 to 30 ms between
// words, 0.2 to 0.3 s after a comma, 0.6 to 0.7 s after a full stop.
const NEWS: WordTiming[] = (
  [
    ['Heavy', 0.42, 0.71],
    ['rain', 0.74, 1.01],
    ['has', 1.02, 1.27],
    ['flooded', 1.29, 1.68],
    ['parts', 1.71, 2.04],
    ['of', 2.07, 2.28],
    ['southern', 2.3, 2.76],
    ['Taiwan,', 2.77, 3.17],
    ['forcing', 3.42, 3.83],
    ['more', 3.85, 4.14],
    ['than', 4.16, 4.46],
    ['two', 4.49, 4.7],
    ['thousand', 4.72, 5.19],
    ['people', 5.21, 5.58],
    ['from', 5.6, 5.91],
    ['their', 5.94, 6.25],
    ['homes.', 6.27, 6.65],
    ['The', 7.28, 7.5],
    ['weather', 7.51, 7.91],
    ['bureau', 7.93, 8.31],
    ['said', 8.33, 8.63],
    ['up', 8.65, 8.83],
    ['to', 8.84, 9.05],
    ['600', 9.07, 9.3],
    ['millimetres', 9.32, 9.9],
    ['could', 9.91, 10.22],
    ['fall', 10.24, 10.53],
    ['by', 10.56, 10.76],
    ['Thursday.', 10.77, 11.25],
    ['In', 11.88, 12.07],
    ['Kaohsiung,', 12.09, 12.6],
    ['schools', 12.84, 13.25],
    ['and', 13.26, 13.53],
    ['offices', 13.54, 13.97],
    ['will', 13.99, 14.28],
    ['stay', 14.3, 14.58],
    ['closed', 14.6, 14.99],
    ['on', 15.01, 15.22],
    ['Wednesday,', 15.23, 15.76],
    ['and', 15.99, 16.22],
    ['rail', 16.23, 16.53],
    ['services', 16.56, 16.98],
    ['have', 17.0, 17.26],
    ['been', 17.27, 17.53],
    ['suspended.', 17.55, 18.1],
    ['Officials', 18.72, 19.21],
    ['urged', 19.22, 19.54],
    ['people', 19.56, 19.9],
    ['in', 19.92, 20.15],
    ['low-lying', 20.18, 20.68],
    ['areas', 20.71, 21.04],
    ['to', 21.06, 21.23],
    ['move', 21.24, 21.5],
    ['to', 21.51, 21.71],
    ['higher', 21.73, 22.1],
    ['ground.', 22.12, 22.54],
    ['More', 23.16, 23.46],
    ['rain', 23.48, 23.75],
    ['is', 23.78, 23.95],
    ['expected.', 23.97, 24.42],
  ] as const
).map(([text, start, end]) => w(text, start, end));

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}

const textOf = (cues: Cue[]): string => cues.map((c) => c.lines.join(' ')).join(' ');

/** Words at a steady pace with no pauses: `wordsPerMinute` sets how fast. */
function steady(script: string, wordsPerMinute: number, start = 0): WordTiming[] {
  const step = 60 / wordsPerMinute;
  return script.split(' ').map((text, i) => w(text, start + i * step, start + i * step + step - 0.02));
}

describe('buildCues', () => {
  it('captions a news brief at 150 words a minute within every rule', () => {
    const minutes = (NEWS[NEWS.length - 1].end - NEWS[0].start) / 60;
    expect(NEWS.length / minutes).toBeGreaterThan(140);
    expect(NEWS.length / minutes).toBeLessThan(160);

    const cues = buildCues(NEWS);

    expect(checkCues(cues)).toEqual([]);
    const wordStarts = new Set(NEWS.map((word) => word.start));
    for (const cue of cues) expect(wordStarts.has(cue.start)).toBe(true);
    expect(textOf(cues)).toBe(NEWS.map((word) => word.text).join(' '));
    expect(cues[cues.length - 1].end).toBeLessThanOrEqual(NEWS[NEWS.length - 1].end + 1.5);
    // Full stops are followed by pauses of 0.6 s or more, which end cues; the other breaks find commas.
    for (const cue of cues) expect(cue.lines[cue.lines.length - 1]).toMatch(/[.,]$/);
  });

  it('lays the news brief out as a subtitler would', () => {
    expect(buildCues(NEWS).map((c) => c.lines)).toEqual([
      ['Heavy rain has flooded parts', 'of southern Taiwan,'],
      ['forcing more than two thousand', 'people from their homes.'],
      ['The weather bureau said up to', '600 millimetres could fall by Thursday.'],
      ['In Kaohsiung, schools and offices', 'will stay closed on Wednesday,'],
      ['and rail services have been suspended.'],
      ['Officials urged people in low-lying areas', 'to move to higher ground.'],
      ['More rain is expected.'],
    ]);
  });

  it('holds a cue past its last word until it can be read, but not into the next cue', () => {
    const words = [
      w('Breaking', 1.0, 1.3),
      w('news', 1.32, 1.55),
      w('tonight.', 1.57, 1.9),
      w('Officials', 4.0, 4.4),
      w('confirmed', 4.42, 4.8),
      w('the', 4.82, 4.9),
      w('figures.', 4.92, 5.3),
    ];
    const [first, second] = plain(buildCues(words));
    // 22 characters at 17 per second need 1.294 s; the word ends after 0.9 s.
    expect(first).toEqual({ start: 1.0, end: 2.295, lines: ['Breaking news tonight.'] });
    // 32 characters need 1.883 s; the last cue may run up to 1.5 s past its last word.
    expect(second).toEqual({ start: 4.0, end: 5.883, lines: ['Officials confirmed the figures.'] });
    expect(checkCues([first, second])).toEqual([]);
  });

  it('stops short of the next cue when the pause is too short to read, and says so', () => {
    const words = [
      w('Officials', 0.0, 0.4),
      w('confirmed', 0.42, 0.8),
      w('the', 0.82, 0.9),
      w('numbers', 0.92, 1.3),
      w('late', 1.32, 1.5),
      w('on', 1.52, 1.6),
      w('Tuesday.', 1.62, 2.0),
      w('Markets', 2.62, 3.0),
      w('fell.', 3.02, 3.4),
    ];
    const cues = buildCues(words);
    expect(cues[0].lines.join(' ')).toBe('Officials confirmed the numbers late on Tuesday.');
    expect(cues[0].end).toBeCloseTo(2.62 - 0.08, 9);
    expect(checkCues(cues)).toEqual([
      'cue 1 at 00:00:00.000: needs reading at 18.50 characters per second, more than 17',
    ]);
  });

  it('always ends a cue at a pause of 0.35 s or more, and only breaks short text there', () => {
    const sentence = (gap: number): WordTiming[] => [
      w('Good', 0.0, 0.2),
      w('evening.', 0.22, 0.6),
      w('Here', 0.6 + gap, 0.8 + gap),
      w('is', 0.82 + gap, 0.9 + gap),
      w('the', 0.92 + gap, 1.0 + gap),
      w('news.', 1.02 + gap, 1.4 + gap),
    ];
    expect(buildCues(sentence(0.35)).map((c) => c.lines)).toEqual([['Good evening.'], ['Here is the news.']]);
    expect(buildCues(sentence(0.2)).map((c) => c.lines)).toEqual([['Good evening. Here is the news.']]);
  });

  it('breaks a long sentence at its comma rather than anywhere else', () => {
    const words = steady(
      'The central bank raised its main interest rate by a quarter point on Thursday, ' +
        'its third increase this year as inflation stays well above its target.',
      150,
    );
    const cues = buildCues(words);
    expect(checkCues(cues)).toEqual([]);
    expect(cues[0].lines[cues[0].lines.length - 1]).toMatch(/Thursday,$/);
  });

  it('keeps lines balanced and does not end a line on a short word', () => {
    const cues = buildCues(
      steady('Rescue teams reached the village after the road was cleared this morning.', 120),
    );
    expect(cues).toHaveLength(1);
    expect(cues[0].lines).toEqual([
      'Rescue teams reached the village',
      'after the road was cleared this morning.',
    ]);
  });

  it('fills both lines to the last character when the timing asks for one cue', () => {
    // Split in two, the first half could not stay up long enough; whole, it can borrow the pause after.
    const words = steady(
      'Rescue crews worked through the night, and reached the families cut off near Hualien.',
      195,
    );
    const cues = buildCues(words);
    expect(cues.map((c) => c.lines)).toEqual([
      ['Rescue crews worked through the night, and', 'reached the families cut off near Hualien.'],
    ]);
    expect(checkCues(cues)).toEqual([]);
  });

  it('captions a one-word script', () => {
    expect(plain(buildCues([w('Hello.', 0.2, 0.6)]))).toEqual([{ start: 0.2, end: 1.2, lines: ['Hello.'] }]);
  });

  it('gives no cues for no words, and skips words that are only whitespace', () => {
    expect(buildCues([])).toEqual([]);
    expect(buildCues([w('  ', 0, 0.1)])).toEqual([]);
    expect(plain(buildCues([w(' ', 0, 0.1), w('Yes.', 0.2, 0.5)]))).toEqual([
      { start: 0.2, end: 1.2, lines: ['Yes.'] },
    ]);
  });

  it('reports a script read faster than 17 characters a second instead of throwing', () => {
    const words = steady(
      'Shares in the carmaker jumped sharply after it reported record quarterly deliveries ' +
        'and raised its forecast for the rest of the financial year despite supply problems.',
      260,
    );
    let cues: Cue[] = [];
    expect(() => (cues = buildCues(words))).not.toThrow();
    expect(textOf(cues)).toBe(words.map((word) => word.text).join(' '));
    const problems = checkCues(cues);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/characters per second, more than 17$/);
    // Still within every rule it can keep: lines, line length, minimum gap, starts on words.
    for (const cue of cues) {
      expect(cue.lines.length).toBeLessThanOrEqual(2);
      for (const line of cue.lines) expect([...line].length).toBeLessThanOrEqual(42);
      expect(words.some((word) => word.start === cue.start)).toBe(true);
    }
  });

  it('splits a word longer than a line, the one place a word is broken', () => {
    const url = 'https://example.org/reports/2024/flood-damage-assessment-southern-region';
    const cues = buildCues([w('Details', 0, 0.4), w('at', 0.42, 0.5), w(url, 0.52, 3.5)]);
    expect(cues.map((c) => c.lines)).toEqual([
      ['Details at'],
      ['https://example.org/reports/2024/flood-', 'damage-assessment-southern-region'],
    ]);
    // "Details at" cannot share a cue with the address, nor stay up a second before it is spoken.
    expect(checkCues(cues)).toEqual([
      'cue 1 at 00:00:00.000: is on screen 0.440 s, less than 1 s',
      'cue 1 at 00:00:00.000: needs reading at 22.73 characters per second, more than 17',
    ]);
  });

  it('respects the options it is given', () => {
    const options = { maxLines: 1, maxCharsPerLine: 32 };
    const cues = buildCues(NEWS, options);
    for (const cue of cues) expect(cue.lines).toHaveLength(1);
    // Short cues cannot borrow the pauses inside sentences, so only the reading speed may suffer.
    expect(checkCues(cues, options).filter((p) => !p.includes('characters per second'))).toEqual([]);
    expect(textOf(cues)).toBe(NEWS.map((word) => word.text).join(' '));
  });

  it('refuses options no cue could keep', () => {
    for (const bad of [
      { maxLines: 0 },
      { maxCharsPerLine: 2.5 },
      { maxCharsPerSecond: -1 },
      { minGap: NaN },
    ]) {
      const error = caught(() => buildCues(NEWS, bad));
      expect(error).toBeInstanceOf(ClipwrightError);
      expect((error as ClipwrightError).code).toBe(ErrorCode.InvalidArgument);
    }
    expect(() => buildCues(NEWS, { minDuration: 3, maxDuration: 2 })).toThrow(/maxDuration/);
  });

  it('refuses word timings that run backwards', () => {
    expect(() => buildCues([w('one', 1, 1.2), w('two', 0.5, 0.7)])).toThrow(
      /starts before the word before it/,
    );
    expect(() => buildCues([w('one', Number.NaN, 1)])).toThrow(ClipwrightError);
  });

  it('gives the same cues for the same words', () => {
    expect(buildCues(NEWS)).toEqual(buildCues(NEWS.map((word) => ({ ...word }))));
  });
});

describe('buildCues on CJK text', () => {
  it('captions a Chinese product title in one line of at most 16 characters', () => {
    const cues = plain(buildCues([w('无线降噪耳机，续航三十小时。', 0.2, 3.4)]));
    expect(cues).toEqual([{ start: 0.2, end: 3.4, lines: ['无线降噪耳机，续航三十小时。'] }]);
  });

  it('splits long Chinese tokens into words, timed inside their token, in lines of 16', () => {
    const words = [
      w('无线降噪耳机，续航三十小时，支持快速充电，十分钟即可使用两小时。', 0.2, 7.2),
      w('轻巧舒适，适合通勤和运动。', 7.9, 10.4),
    ];
    const cues = buildCues(words);
    // The steady reading gives the run one word's time: only the reading speed may suffer.
    expect(checkCues(cues).filter((p) => !p.includes('characters per second'))).toEqual([]);
    const lines = cues.flatMap((c) => c.lines);
    for (const line of lines) {
      expect([...line].length).toBeLessThanOrEqual(16);
      expect(line).not.toMatch(/^[，。、]/);
    }
    expect(lines.join('')).toBe(words.map((word) => word.text).join(''));
    expect(cues[0].start).toBe(0.2);
    expect(cues.some((c) => c.start === 7.9)).toBe(true);
    // A cue starting inside the first token starts at an interpolated time within it.
    for (const cue of cues.filter((c) => c.start < 7.9)) expect(cue.start).toBeLessThan(7.2);
    expect(cues.length).toBeGreaterThan(1);
  });

  it('splits Japanese at word boundaries', () => {
    const cues = plain(buildCues([w('ワイヤレスノイズキャンセリングイヤホン、三十時間持続します。', 0, 4)]));
    expect(cues).toEqual([
      { start: 0, end: 4, lines: ['ワイヤレスノイズキャンセリング', 'イヤホン、三十時間持続します。'] },
    ]);
  });

  it('keeps the spaces of mixed Chinese and Latin text and Latin runs whole', () => {
    const cues = buildCues([w('新款', 0, 0.5), w('iPhone15Pro售价$999，约30%折扣。', 0.5, 4)]);
    // 42.6 columns: two lines, broken after the comma.
    expect(cues.flatMap((c) => c.lines).join('|')).toBe('新款 iPhone15Pro售价$999，|约30%折扣。');
  });
});

describe('buildCues on mixed scripts', () => {
  const CHINESE_RUN = '台湾花莲县海域发生强烈地震当地居民感到明显摇晃多栋建筑受损救援人员已经赶往现场';

  it('measures a Chinese run inside an English caption by its width, in lines of at most 16 wide', () => {
    const words = steady(`A strong earthquake struck ${CHINESE_RUN} on Friday.`, 150);
    const cues = buildCues(words);
    // The steady reading gives the run one word's time: only the reading speed may suffer.
    expect(checkCues(cues).filter((p) => !p.includes('characters per second'))).toEqual([]);
    const lines = cues.flatMap((c) => c.lines);
    for (const line of lines) {
      const wide = [...line].filter((c) => /\p{scx=Han}/u.test(c)).length;
      const narrow = [...line].length - wide;
      expect(narrow / 42 + wide / 16).toBeLessThanOrEqual(1 + 1e-9);
    }
    expect(lines.join('').replace(/ /g, '')).toBe(`Astrongearthquakestruck${CHINESE_RUN}onFriday.`);
  });

  it('fits 16 Chinese characters but not 17 on a line, and emoji count wide too', () => {
    const sixteen = '一二三四五六七八九十一二三四五六';
    expect(buildCues([w(sixteen, 0, 4)])[0].lines).toEqual([sixteen]);
    expect(buildCues([w(`${sixteen}七`, 0, 4)])[0].lines).toHaveLength(2);
    expect(checkCues([{ start: 0, end: 4, lines: [`${'🌋'.repeat(17)}`] }])).toEqual([
      'cue 1 at 00:00:00.000: line 1 has 17 characters (17 wide), more than fit in 16 wide or 42 narrow',
    ]);
    expect(checkCues([{ start: 0, end: 4, lines: [`Quake ${'🌋'.repeat(13)}`] }])).toEqual([]);
  });
});

describe('buildCues never breaks what belongs together', () => {
  /** Words read evenly over `seconds`, no pauses: only the text decides where lines break. */
  const even = (script: string, seconds: number): WordTiming[] => {
    const tokens = script.split(' ');
    const d = seconds / tokens.length;
    return tokens.map((text, i) => ({ text, start: i * d, end: (i + 1) * d }));
  };
  // Each script is two lines' worth, and its most balanced break falls right after `held`.
  it.each([
    [
      'an abbreviation from what follows',
      'Residents throughout downtown reported St. George shaking violently overnight today',
      'St.',
    ],
    ['the words of a name', 'Emergency crews throughout Hualien City reported widespread damage', 'Hualien'],
    ['a title from its name', 'Reporters questioned spokesperson Gov. Newsom repeatedly yesterday', 'Gov.'],
    ['a number from its unit', 'Forecasters expected additional rainfall exceeding 250 millimetres', '250'],
  ])('%s', (_what, script, held) => {
    const cues = buildCues(even(script, 5));
    expect(cues.map((c) => c.lines.join(' ')).join(' ')).toBe(script);
    for (const line of cues.flatMap((c) => c.lines)) expect(line.split(' ').pop()).not.toBe(held);
  });
});

describe('buildCues timed words', () => {
  it('gives each cue its words on their lines, for karaoke', () => {
    const cues = buildCues(
      steady('Rescue teams reached the village after the road was cleared this morning.', 120),
    );
    const words = cues[0].words ?? [];
    expect(words.map((x) => x.text).join(' ')).toBe(cues[0].lines.join(' '));
    expect(words.filter((x) => x.line === 1).map((x) => x.text)).toEqual(cues[0].lines[1].split(' '));
    expect(words[0].start).toBe(cues[0].start);
    expect(words.find((x) => x.line === 1)?.spaceBefore).toBe(false);
  });
});
