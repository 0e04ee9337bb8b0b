/**
 * The one list of abbreviations that speech and captions share: what a voice says for each, and
 * whether its full stop can end a sentence. Speech reads "St. George" as "Saint George" with no
 * sentence pause; captions never break a line or a cue right after one.
 */
export interface Abbreviation {
  /** As written, with its dot(s): "St.", "p.m.". */
  written: string;
  /** What an English voice says. */
  spoken: string;
  /**
   * 'title': stands before a name ("Dr. Lee", "Mt. Hood"), never ends a sentence and never ends a
   * caption line. 'inline': may end a sentence only when the next word starts one ("3 p.m. Police
   * said" is read as two sentences by people too), but is still never left at the end of a line.
   */
  kind: 'title' | 'inline';
}

// Kept short and unambiguous: an entry here changes how every script is read and broken.
const LIST: readonly Abbreviation[] = [
  { written: 'Mr.', spoken: 'Mister', kind: 'title' },
  { written: 'Mrs.', spoken: 'Missus', kind: 'title' },
  { written: 'Ms.', spoken: 'Miz', kind: 'title' },
  { written: 'Dr.', spoken: 'Doctor', kind: 'title' },
  { written: 'Prof.', spoken: 'Professor', kind: 'title' },
  { written: 'Gen.', spoken: 'General', kind: 'title' },
  { written: 'Gov.', spoken: 'Governor', kind: 'title' },
  { written: 'Sen.', spoken: 'Senator', kind: 'title' },
  { written: 'Rep.', spoken: 'Representative', kind: 'title' },
  { written: 'Pres.', spoken: 'President', kind: 'title' },
  { written: 'Lt.', spoken: 'Lieutenant', kind: 'title' },
  { written: 'Col.', spoken: 'Colonel', kind: 'title' },
  { written: 'Capt.', spoken: 'Captain', kind: 'title' },
  { written: 'Sgt.', spoken: 'Sergeant', kind: 'title' },
  { written: 'Rev.', spoken: 'Reverend', kind: 'title' },
  // Place names as USGS and gazetteers write them.
  { written: 'St.', spoken: 'Saint', kind: 'title' },
  { written: 'Ste.', spoken: 'Sainte', kind: 'title' },
  { written: 'Mt.', spoken: 'Mount', kind: 'title' },
  { written: 'Mtn.', spoken: 'Mountain', kind: 'inline' },
  { written: 'Ft.', spoken: 'Fort', kind: 'title' },
  { written: 'Pt.', spoken: 'Point', kind: 'title' },
  { written: 'Jr.', spoken: 'Junior', kind: 'inline' },
  { written: 'Sr.', spoken: 'Senior', kind: 'inline' },
  { written: 'vs.', spoken: 'versus', kind: 'title' },
  { written: 'No.', spoken: 'number', kind: 'title' },
  { written: 'approx.', spoken: 'approximately', kind: 'inline' },
  { written: 'e.g.', spoken: 'for example', kind: 'inline' },
  { written: 'i.e.', spoken: 'that is', kind: 'inline' },
  { written: 'etc.', spoken: 'et cetera', kind: 'inline' },
  { written: 'a.m.', spoken: 'A M', kind: 'inline' },
  { written: 'p.m.', spoken: 'P M', kind: 'inline' },
  { written: 'U.S.', spoken: 'U S', kind: 'inline' },
  { written: 'U.K.', spoken: 'U K', kind: 'inline' },
  { written: 'U.N.', spoken: 'U N', kind: 'inline' },
  { written: 'B.C.', spoken: 'British Columbia', kind: 'inline' },
];

const BY_KEY = new Map(LIST.map((a) => [a.written.toLowerCase(), a]));
// "J." and "U.S.A." are initials: their dots end no sentence either.
const INITIALS = /^(?:\p{Lu}\.)+$/u;
const CLOSERS = /[\p{Pe}\p{Pf}"']+$/u;
const OPENERS = /^[\p{Ps}\p{Pi}"']+/u;

/** Every abbreviation of the shared list, for documentation and tests. */
export const ABBREVIATIONS: readonly Abbreviation[] = LIST;

/**
 * The abbreviation a token is, ignoring quotes and brackets around it and a comma after it
 * ("(St.", "p.m.,"); undefined for anything else. Case matters for titles ("St." yes, "st." no),
 * not for inline ones ("P.M." and "p.m." both).
 */
export function abbreviationOf(token: string): Abbreviation | undefined {
  const bare = token.replace(OPENERS, '').replace(CLOSERS, '').replace(/,$/, '');
  const found = BY_KEY.get(bare.toLowerCase());
  if (found === undefined) return undefined;
  if (found.kind === 'title' && bare[0] !== found.written[0]) return undefined;
  return found;
}

/** True when the token's final dot belongs to an abbreviation or initials, not to a sentence end. */
export function endsWithAbbreviation(token: string): boolean {
  const bare = token.replace(OPENERS, '').replace(CLOSERS, '');
  if (!bare.endsWith('.') || bare.endsWith('..')) return false;
  return abbreviationOf(bare) !== undefined || INITIALS.test(bare);
}
