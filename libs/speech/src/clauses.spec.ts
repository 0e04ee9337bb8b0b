import { pauseAfter, splitClauses, terminatorOf, tokenize } from './clauses';

describe('clauses', () => {
  it('tokenizes on any whitespace, punctuation attached', () => {
    expect(tokenize('  A magnitude\t5.8\n earthquake  struck Taiwan. ')).toEqual([
      'A',
      'magnitude',
      '5.8',
      'earthquake',
      'struck',
      'Taiwan.',
    ]);
  });

  it('splits at clause punctuation but not at the dot inside a number', () => {
    const clauses = splitClauses(
      'A magnitude 5.8 earthquake struck Taiwan, officials said; no damage: yet! Why? 3.14.',
    );
    expect(clauses.map((c) => c.text)).toEqual([
      'A magnitude 5.8 earthquake struck Taiwan,',
      'officials said;',
      'no damage:',
      'yet!',
      'Why?',
      '3.14.',
    ]);
    expect(clauses.map((c) => c.terminator)).toEqual([',', ';', ':', '!', '?', '.']);
    expect(clauses.map((c) => c.firstToken)).toEqual([0, 6, 8, 10, 11, 12]);
  });

  it('keeps text without punctuation as one clause with no terminator', () => {
    expect(splitClauses('no punctuation here at all')).toEqual([
      {
        text: 'no punctuation here at all',
        tokens: ['no', 'punctuation', 'here', 'at', 'all'],
        firstToken: 0,
        terminator: '',
      },
    ]);
  });

  it('ends the last clause at the end of the text even without punctuation', () => {
    expect(splitClauses('First part. Second part').map((c) => [c.text, c.terminator])).toEqual([
      ['First part.', '.'],
      ['Second part', ''],
    ]);
  });

  it('looks through closing quotes and brackets, and lets the first of a run of marks decide', () => {
    expect(terminatorOf('said.”')).toBe('.');
    expect(terminatorOf('(2024),')).toBe(',');
    expect(terminatorOf('really?!')).toBe('?');
    expect(terminatorOf('wait...')).toBe('.');
    expect(terminatorOf('5.8')).toBe('');
    expect(terminatorOf('U.S.A')).toBe('');
    expect(terminatorOf('"quoted"')).toBe('');
  });

  it('does not end a sentence at a title or at a dot followed by lower case', () => {
    expect(
      splitClauses('Dr. Smith came at 3 p.m. today, e.g. on time. Then U.S. troops left.').map((c) => c.text),
    ).toEqual(['Dr. Smith came at 3 p.m. today,', 'e.g. on time.', 'Then U.S. troops left.']);
    expect(splitClauses('It is late. "and so" Mr. X.').map((c) => c.text)).toEqual([
      'It is late. "and so" Mr. X.',
    ]);
    // Other marks split whatever follows.
    expect(splitClauses('Really? yes! no, fine').map((c) => c.text)).toEqual([
      'Really?',
      'yes!',
      'no,',
      'fine',
    ]);
  });

  it('rebuilds the text from its clauses', () => {
    const text = 'One, two;  three: four.\nFive? six! 7.5 eight';
    expect(
      splitClauses(text)
        .map((c) => c.text)
        .join(' '),
    ).toBe(tokenize(text).join(' '));
    expect(splitClauses('   ')).toEqual([]);
  });

  it('pauses longer after a sentence than after a clause', () => {
    expect(pauseAfter('.')).toBe(0.5);
    expect(pauseAfter('?')).toBe(0.5);
    expect(pauseAfter('!')).toBe(0.5);
    expect(pauseAfter(',')).toBe(0.12);
    expect(pauseAfter(';')).toBe(0.12);
    expect(pauseAfter(':')).toBe(0.12);
  });
});
