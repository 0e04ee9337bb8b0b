import { abbreviationOf } from '@app/core';

/** One clause of the script: the tokens spoken between two clause-ending punctuation marks. */
export interface Clause {
  /** The clause's tokens joined by single spaces. */
  text: string;
  tokens: string[];
  /** Index of the clause's first token among all the tokens of the script. */
  firstToken: number;
  /** The punctuation that ends the clause, or '' when the script ends without any. */
  terminator: '' | ',' | ';' | ':' | '.' | '!' | '?';
}

/** Closing quotes and brackets may follow the punctuation: `said.”` and `(2024),` end clauses too. */
const CLOSERS = /["'”’»)\]}]+$/u;
const TERMINATOR = /([,;:.!?])[,;:.!?]*$/;

export function tokenize(text: string): string[] {
  return text.split(/\s+/u).filter((t) => t.length > 0);
}

/**
 * The clause punctuation a token ends with, if any. Only the end of a token counts, so the dot in
 * `5.8` or `U.S.A` does not split; an abbreviation such as `Dr.` does, which costs a short pause
 * and is accepted. Of a run such as `?!` or `...`, the first mark decides the pause.
 */
export function terminatorOf(token: string): Clause['terminator'] {
  const bare = token.replace(CLOSERS, '');
  const m = TERMINATOR.exec(bare);
  return m ? (m[1] as Clause['terminator']) : '';
}

const OPENERS = /^["'“‘«([{¿¡]+/u;

/**
 * Whether a token's dot is an abbreviation's rather than a full stop: a title (`Dr. Smith`), or any
 * dot followed by a word in lower case (`3 p.m. today`, `e.g. this`). Everything else splits.
 */
function isAbbreviation(token: string, next: string | undefined): boolean {
  // Titles that stand before a name (the shared list in @app/core): their dot never ends a sentence.
  if (abbreviationOf(token.replace(CLOSERS, ''))?.kind === 'title') return true;
  return next !== undefined && /^\p{Ll}/u.test(next.replace(OPENERS, ''));
}

export function splitClauses(text: string): Clause[] {
  const tokens = tokenize(text);
  const clauses: Clause[] = [];
  let first = 0;
  for (let i = 0; i < tokens.length; i++) {
    let terminator = terminatorOf(tokens[i]);
    if (terminator === '.' && isAbbreviation(tokens[i], tokens[i + 1])) terminator = '';
    if (terminator !== '' || i === tokens.length - 1) {
      const own = tokens.slice(first, i + 1);
      clauses.push({ text: own.join(' '), tokens: own, firstToken: first, terminator });
      first = i + 1;
    }
  }
  return clauses;
}

/**
 * Seconds of silence placed after a clause: a full stop between sentences, and only a catch of
 * breath after `,;:` — short enough (with the trimmed edges, under 0.2 s) that it does not read as
 * a pause, so captions need not cut at every comma to stay in sync with speech onsets.
 */
export function pauseAfter(terminator: Clause['terminator']): number {
  switch (terminator) {
    case '.':
    case '!':
    case '?':
      return 0.5;
    default:
      return 0.12;
  }
}
