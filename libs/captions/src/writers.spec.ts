import { ClipwrightError } from '@app/core';
import { AssStyle, assColour, escapeAssText, toAss } from './ass.writer';
import { Cue } from './cue.types';
import { toSrt } from './srt.writer';
import { toVtt } from './vtt.writer';

const CUES: Cue[] = [
  { start: 0.5, end: 0.9995, lines: ['Hello, world.'] },
  { start: 1.08, end: 3.2, lines: ['Two lines of text,', 'the second below.'] },
  { start: 3725.25, end: 3727.0004, lines: ['After an hour: <b>R&D</b> -->'] },
];

const STYLE: AssStyle = {
  playResX: 1920,
  playResY: 1080,
  fontName: 'Noto Sans',
  fontSize: 54,
  bold: true,
  primaryColour: '#FFFFFF',
  boxColour: '#101820',
  boxOpacity: 0.6,
  marginL: 96,
  marginR: 96,
  marginV: 64,
};

describe('toSrt', () => {
  it('writes numbered SubRip cues', () => {
    expect(toSrt(CUES)).toBe(
      '1\n' +
        '00:00:00,500 --> 00:00:01,000\n' +
        'Hello, world.\n' +
        '\n' +
        '2\n' +
        '00:00:01,080 --> 00:00:03,200\n' +
        'Two lines of text,\n' +
        'the second below.\n' +
        '\n' +
        '3\n' +
        '01:02:05,250 --> 01:02:07,000\n' +
        'After an hour: <\u2060b>R&D<\u2060/b> --\u2060>\n',
    );
  });

  it('makes markup of every subtitle format inert: SubRip has no escapes, so nothing may parse as a tag', () => {
    const srt = toSrt([
      { start: 0, end: 2, lines: ['{\\an8}{\\pos(0,0)}Top?', '<i>x</i> <font color="red">\\N'] },
    ]);
    const text = srt.split('\n').slice(2).join('\n');
    expect(text).toBe(
      '\uff5b\\\u2060an8\uff5d\uff5b\\\u2060pos(0,0)\uff5dTop?\n<\u2060i>x<\u2060/i> <\u2060font color="red">\\\u2060N\n',
    );
    // What players parse: HTML-like tags, ASS override blocks, ASS escapes, timing arrows.
    expect(text).not.toMatch(/<\/?[a-z]/i);
    expect(text).not.toMatch(/[{}]/);
    expect(text).not.toMatch(/\\[A-Za-z]/);
  });

  it('cannot be made to start a new cue by a timing line in the text', () => {
    const srt = toSrt([{ start: 0, end: 2, lines: ['00:00:05,000 --> 00:00:09,000', 'fake'] }]);
    expect(srt.match(/-->/g)).toHaveLength(1);
  });

  it('embeds right-to-left cues in RLE...PDF, in logical order', () => {
    const srt = toSrt([{ start: 0, end: 2, lines: ['زلزال بقوة 5.8 درجات', 'CNN قالت'] }]);
    expect(srt).toBe(
      '1\n00:00:00,000 --> 00:00:02,000\n\u202bزلزال بقوة 5.8 درجات\u202c\n\u202bCNN قالت\u202c\n',
    );
    // Bidi controls in the text itself are dropped: only the writer decides direction.
    expect(toSrt([{ start: 0, end: 1, lines: ['a\u202eb'] }])).toContain('\nab\n');
  });

  it('keeps every cue to its block: no blank or broken lines, no empty cues', () => {
    const srt = toSrt([
      { start: 0, end: 1, lines: ['first\n\nsecond', '  '] },
      { start: 1, end: 2, lines: [''] },
      { start: 2, end: 3, lines: ['last'] },
    ]);
    expect(srt).toBe(
      '1\n00:00:00,000 --> 00:00:01,000\nfirst second\n\n2\n00:00:02,000 --> 00:00:03,000\nlast\n',
    );
  });

  it('writes nothing for no cues', () => {
    expect(toSrt([])).toBe('');
  });
});

describe('toVtt', () => {
  it('writes a WebVTT file with escaped cue text', () => {
    expect(toVtt(CUES)).toBe(
      'WEBVTT\n' +
        '\n' +
        '00:00:00.500 --> 00:00:01.000\n' +
        'Hello, world.\n' +
        '\n' +
        '00:00:01.080 --> 00:00:03.200\n' +
        'Two lines of text,\n' +
        'the second below.\n' +
        '\n' +
        '01:02:05.250 --> 01:02:07.000\n' +
        'After an hour: &lt;b&gt;R&amp;D&lt;/b&gt; --&gt;\n',
    );
  });

  it('writes the header alone for no cues', () => {
    expect(toVtt([])).toBe('WEBVTT\n');
  });

  it("keeps ASS escapes inert for FFmpeg's WebVTT decoder, and marks right-to-left cues", () => {
    expect(toVtt([{ start: 0, end: 1, lines: ['{\\an8}\\N'] }])).toContain('\n{\\\u2060an8}\\\u2060N\n');
    expect(toVtt([{ start: 0, end: 1, lines: ['שלום עולם', '5.8'] }])).toContain(
      '\n\u200fשלום עולם\n\u200f5.8\n',
    );
  });
});

describe('toAss', () => {
  it('writes a libass script with an opaque box style', () => {
    expect(toAss(CUES, STYLE)).toBe(
      [
        '[Script Info]',
        '; Captions written by Clipwright',
        'ScriptType: v4.00+',
        'PlayResX: 1920',
        'PlayResY: 1080',
        'WrapStyle: 2',
        'ScaledBorderAndShadow: yes',
        'YCbCr Matrix: None',
        '',
        '[V4+ Styles]',
        'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, ' +
          'Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, ' +
          'Alignment, MarginL, MarginR, MarginV, Encoding',
        'Style: Caption,Noto Sans,54,&H00FFFFFF,&H00FFFFFF,&H66201810,&H66201810,-1,0,0,0,100,100,0,0,3,11,0,2,' +
          '96,96,64,1',
        '',
        '[Events]',
        'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
        'Dialogue: 0,0:00:00.50,0:00:01.00,Caption,,0,0,0,,{\\ybord0}Hello, world.',
        'Dialogue: 0,0:00:01.08,0:00:03.20,Caption,,0,0,0,,{\\ybord0}Two lines of text,\\Nthe second below.',
        'Dialogue: 0,1:02:05.25,1:02:07.00,Caption,,0,0,0,,{\\ybord0}After an hour: <b>R&D</b> -->',
        '',
      ].join('\n'),
    );
  });

  it('escapes override blocks and backslashes so text cannot inject ASS tags', () => {
    const ass = toAss([{ start: 0, end: 2, lines: ['{\\pos(0,0)}Breaking', 'C:\\News\\h {x}'] }], {
      ...STYLE,
      boxOpacity: 1,
    });
    const dialogue = ass.split('\n').find((line) => line.startsWith('Dialogue:')) ?? '';
    const text = dialogue.split(',,0,0,0,,')[1];
    expect(text).toBe('\\{\\\u2060pos(0,0)\\}Breaking\\NC:\\\u2060News\\\u2060h \\{x\\}');
    // libass opens an override block at any "{" not escaped by a backslash; none is left.
    expect(text).not.toMatch(/(^|[^\\])\{/);
    // The only backslash escapes left are the escaped braces and the one line break.
    expect(text.match(/\\[^\u2060]/g)).toEqual(['\\{', '\\}', '\\N', '\\{', '\\}']);
  });

  it('converts #RRGGBB and opacity to &HAABBGGRR', () => {
    expect(assColour('#FF8000', 1)).toBe('&H000080FF');
    expect(assColour('#000000', 0.6)).toBe('&H66000000');
    expect(assColour('#abc', 0)).toBe('&HFFCCBBAA');
    expect(() => assColour('red', 1)).toThrow(ClipwrightError);
  });

  it('refuses styles that would break the script', () => {
    expect(() => toAss(CUES, { ...STYLE, fontName: 'Noto Sans, Bold' })).toThrow(/fontName/);
    expect(() => toAss(CUES, { ...STYLE, boxOpacity: 1.5 })).toThrow(/boxOpacity/);
    expect(() => toAss(CUES, { ...STYLE, playResY: 0 })).toThrow(/playResY/);
    expect(() => toAss(CUES, { ...STYLE, boxColour: '#12345' })).toThrow(/boxColour/);
  });

  it('pads a see-through box left and right only, so the boxes of two lines do not overlap', () => {
    const dialogue = (opacity: number): string =>
      toAss([{ start: 0, end: 1, lines: ['One', 'Two'] }], { ...STYLE, boxOpacity: opacity })
        .split('\n')
        .find((line) => line.startsWith('Dialogue:')) ?? '';
    expect(dialogue(0.6)).toBe('Dialogue: 0,0:00:00.00,0:00:01.00,Caption,,0,0,0,,{\\ybord0}One\\NTwo');
    expect(dialogue(1)).toBe('Dialogue: 0,0:00:00.00,0:00:01.00,Caption,,0,0,0,,One\\NTwo');
  });

  it('takes the box padding when given', () => {
    const style = toAss([], { ...STYLE, boxPadding: 6.5, fontSize: 40.25 }).split('\n')[11];
    expect(style).toBe(
      'Style: Caption,Noto Sans,40.25,&H00FFFFFF,&H00FFFFFF,&H66201810,&H66201810,-1,0,0,0,100,100,0,0,3,6.5,0,2,96,96,64,1',
    );
  });

  it('escapes backslash before brace the same way', () => {
    expect(escapeAssText('\\{')).toBe('\\\u2060\\{');
  });
});

describe('toAss karaoke and styles', () => {
  const words = [
    { text: 'Quake', start: 1, end: 1.4, line: 0, spaceBefore: false },
    { text: 'hits', start: 1.45, end: 1.8, line: 0, spaceBefore: true },
    { text: '{\\b1}Taiwan.', start: 1.9, end: 2.5, line: 1, spaceBefore: false },
  ];
  const cue: Cue = { start: 1, end: 3, lines: ['Quake hits', '{\\b1}Taiwan.'], words };

  it('lights each word as it is spoken with \\k tags, text escaped', () => {
    const ass = toAss([cue], { ...STYLE, border: 'outline', karaokeColour: '#FFD21F', boxOpacity: 1 });
    const dialogue = ass.split('\n').find((line) => line.startsWith('Dialogue:')) ?? '';
    expect(dialogue).toBe(
      'Dialogue: 0,0:00:01.00,0:00:03.00,Caption,,0,0,0,,{\\k45}Quake {\\k45}hits\\N{\\k60}\\{\\\u2060b1\\}Taiwan.',
    );
    // Spoken colour first (PrimaryColour), the colour before speaking second; outline border, shadow.
    expect(ass).toContain(
      'Style: Caption,Noto Sans,54,&H001FD2FF,&H00FFFFFF,&H00201810,&H00201810,-1,0,0,0,100,100,0,0,1,5,2,2,',
    );
  });

  it('keeps a cue without word timings in the unspoken colour', () => {
    const ass = toAss([{ start: 0, end: 1.5, lines: ['Plain'] }], { ...STYLE, karaokeColour: '#FFD21F' });
    expect(ass).toContain(',,{\\ybord0}{\\k150}Plain\n');
  });

  it('places cues at the top or middle, and embeds right-to-left ones', () => {
    const top = toAss([{ start: 0, end: 1, lines: ['مرحبا'] }], { ...STYLE, position: 'top', boxOpacity: 1 });
    expect(top).toContain(',0,0,3,11,0,8,96,96,64,1\n');
    expect(top).toContain(',,\u202bمرحبا\u202c\n');
    expect(() => toAss([], { ...STYLE, position: 'left' as 'top' })).toThrow(/position/);
  });
});
