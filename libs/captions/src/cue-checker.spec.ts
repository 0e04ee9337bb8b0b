import { checkCues } from './cue-checker';
import { Cue } from './cue.types';

describe('checkCues', () => {
  it('finds nothing wrong with cues that keep every rule', () => {
    const cues: Cue[] = [
      { start: 0.5, end: 2.0, lines: ['Good evening.'] },
      { start: 2.08, end: 5.0, lines: ['Here is the news', 'from the Clipwright newsroom.'] },
    ];
    expect(checkCues(cues)).toEqual([]);
    expect(checkCues([])).toEqual([]);
  });

  it('names every broken rule', () => {
    const cues: Cue[] = [
      { start: 0, end: 0.5, lines: ['Too short.'] },
      { start: 0.55, end: 9, lines: ['One', 'two', 'three'] },
      { start: 9.1, end: 10.1, lines: ['This line is a good deal longer than forty-two characters'] },
      { start: 10, end: 9.5, lines: [''] },
    ];
    expect(checkCues(cues)).toEqual([
      'cue 1 at 00:00:00.000: is on screen 0.500 s, less than 1 s',
      'cue 1 at 00:00:00.000: needs reading at 20.00 characters per second, more than 17',
      'cue 2 at 00:00:00.550: has 3 lines, more than 2',
      'cue 2 at 00:00:00.550: is on screen 8.450 s, more than 7 s',
      'cue 2 at 00:00:00.550: starts 0.050 s after the cue before it ends, less than 0.08 s',
      'cue 3 at 00:00:09.100: line 1 has 57 characters, more than 42',
      'cue 3 at 00:00:09.100: needs reading at 57.00 characters per second, more than 17',
      'cue 4 at 00:00:10.000: line 1 is empty',
      'cue 4 at 00:00:10.000: ends at 00:00:09.500, not after it starts',
      'cue 4 at 00:00:10.000: overlaps the cue before it by 0.100 s',
    ]);
  });

  it('counts characters as code points and applies the CJK line length to CJK cues', () => {
    expect(checkCues([{ start: 0, end: 2, lines: ['无线降噪耳机，续航三十小时，支持快速充电。'] }])).toEqual([
      'cue 1 at 00:00:00.000: line 1 has 21 characters (21 wide), more than fit in 16 wide or 42 narrow',
    ]);
    // An emoji is as wide as a CJK character: 16 fit a line (32 UTF-16 units), 17 do not.
    expect(checkCues([{ start: 0, end: 3, lines: ['😀'.repeat(16)] }])).toEqual([]);
    expect(checkCues([{ start: 0, end: 3, lines: ['😀'.repeat(17)] }])).toEqual([
      'cue 1 at 00:00:00.000: line 1 has 17 characters (17 wide), more than fit in 16 wide or 42 narrow',
    ]);
    // Accented Latin and Arabic letters are narrow, marks take no room.
    expect(checkCues([{ start: 0, end: 3, lines: ['é'.normalize('NFD').repeat(42)] }])).toEqual([]);
  });

  it('uses the options it is given', () => {
    const cue: Cue = { start: 0, end: 1, lines: ['Twenty characters ok'] };
    expect(checkCues([cue])).toEqual([
      'cue 1 at 00:00:00.000: needs reading at 20.00 characters per second, more than 17',
    ]);
    expect(checkCues([cue], { maxCharsPerSecond: 20 })).toEqual([]);
    expect(checkCues([cue], { maxCharsPerSecond: 20, maxCharsPerLine: 10 })).toEqual([
      'cue 1 at 00:00:00.000: line 1 has 20 characters, more than 10',
    ]);
  });
});
