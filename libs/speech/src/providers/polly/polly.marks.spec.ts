import { ErrorCode } from '@app/core';
import { parseSpeechMarks, pollyVisemes, wordBoundaries } from './polly.marks';

describe('Polly speech marks', () => {
  const body = [
    '{"time":6,"type":"word","start":0,"end":4,"value":"Mary"}',
    '{"time":6,"type":"viseme","value":"p"}',
    '{"time":73,"type":"viseme","value":"E"}',
    '{"time":373,"type":"word","start":5,"end":8,"value":"had"}',
    '{"time":373,"type":"viseme","value":"k"}',
    '{"time":500,"type":"viseme","value":"sil"}',
    '{"time":600,"type":"viseme","value":"??"}',
    '',
  ].join('\n');

  it('reads JSON lines in time order, words ending at the next word or the next silence', () => {
    const marks = parseSpeechMarks(body);
    expect(marks).toHaveLength(7);
    expect(wordBoundaries(marks, 0.9)).toEqual([
      { text: 'Mary', start: 0.006, end: 0.373 },
      { text: 'had', start: 0.373, end: 0.5 },
    ]);
    expect(wordBoundaries(marks, 0.9, 2)[0]).toEqual({ text: 'Mary', start: 2.006, end: 2.373 });
  });

  it('maps viseme codes to mouth shapes and skips codes it does not know', () => {
    expect(pollyVisemes(parseSpeechMarks(body), 0.9)).toEqual([
      { viseme: 'X', start: 0, end: 0.006 },
      { viseme: 'A', start: 0.006, end: 0.073 },
      { viseme: 'C', start: 0.073, end: 0.373 },
      { viseme: 'B', start: 0.373, end: 0.5 },
      { viseme: 'X', start: 0.5, end: 0.9 },
    ]);
  });

  it('refuses a body that is not speech marks, naming the line', () => {
    expect(() => parseSpeechMarks('{"time":1,"type":"word","value":"a"}\nRIFF....')).toThrow(
      expect.objectContaining({ code: ErrorCode.SpeechFailed, message: expect.stringMatching(/line 2/) }),
    );
    expect(() => parseSpeechMarks('{"type":"word"}')).toThrow(/without time/);
  });
});
