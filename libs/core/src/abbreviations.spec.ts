import { abbreviationOf, endsWithAbbreviation } from './abbreviations';

describe('abbreviations', () => {
  it('finds titles and place abbreviations with their spoken form', () => {
    expect(abbreviationOf('St.')?.spoken).toBe('Saint');
    expect(abbreviationOf('Mt.')?.spoken).toBe('Mount');
    expect(abbreviationOf('Ft.')?.spoken).toBe('Fort');
    expect(abbreviationOf('(Dr.')?.spoken).toBe('Doctor');
    expect(abbreviationOf('p.m.,')?.spoken).toBe('P M');
    expect(abbreviationOf('P.M.')?.spoken).toBe('P M');
  });

  it('takes titles only as written, capitalised', () => {
    expect(abbreviationOf('st.')).toBeUndefined();
    expect(abbreviationOf('St')).toBeUndefined();
    expect(abbreviationOf('Street')).toBeUndefined();
  });

  it('says which final dots end no sentence', () => {
    expect(endsWithAbbreviation('St.')).toBe(true);
    expect(endsWithAbbreviation('U.S.')).toBe(true);
    expect(endsWithAbbreviation('J.')).toBe(true);
    expect(endsWithAbbreviation('p.m.”')).toBe(true);
    expect(endsWithAbbreviation('Taiwan.')).toBe(false);
    expect(endsWithAbbreviation('St...')).toBe(false);
    expect(endsWithAbbreviation('Dr')).toBe(false);
  });
});
