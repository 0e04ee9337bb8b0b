import {
  abbreviationOf,
  COMPASS,
  MAGNITUDE_NOTATION,
  MEXICAN_REGION_CODES,
  REGION_CODES,
  unitOf,
} from '@app/core';
import { ordinalWords } from './number-words';
import type { LocaleRules, TokenContext } from './text.types';

const OPENERS = /^[\p{Ps}\p{Pi}"'«“‘]+/u;
const CLOSERS = /[\p{Pe}\p{Pf}"'»”’]+$/u;
const TAIL = /[,.;:!?]+$/u;
const NUMBER = '\\d[\\d,]*(?:\\.\\d+)?';
const IS_NUMBER = new RegExp(`^${NUMBER}$`);
const SIGNED = new RegExp(`^([-−+±])(${NUMBER})$`);
const RANGE = new RegExp(`^(${NUMBER})[–—-](${NUMBER})$`);
const CURRENCY = new RegExp(`^([$€£¥])(${NUMBER})(k|m|mn|bn|b|tn|million|billion|trillion)?$`, 'i');
const GLUED_UNIT = new RegExp(`^(${NUMBER})([^\\d\\s.,]+)$`);
const ORDINAL = /^(\d+)(st|nd|rd|th)$/i;
const MAGNITUDE_GLUED = new RegExp(`^M(${NUMBER})$`);
const HASH_NUMBER = /^#(\d+)$/;
// Markup and decoration a newsreader never says: asterisks, underscores, brackets, pipes, carets,
// backticks, tildes, backslashes, and runs of dashes or dots.
const MARKUP = /[*_[\]{}<>|^`~\\#•·]+/gu;
const DASH_RUN = /^[-–—―]+$/u;

const SIGNS: Record<string, string> = { '-': 'minus', '−': 'minus', '+': 'plus', '±': 'plus or minus' };
const CURRENCIES: Record<string, [string, string]> = {
  $: ['dollar', 'dollars'],
  '€': ['euro', 'euros'],
  '£': ['pound', 'pounds'],
  '¥': ['yen', 'yen'],
};
const SCALES: Record<string, string> = {
  k: 'thousand',
  m: 'million',
  mn: 'million',
  b: 'billion',
  bn: 'billion',
  tn: 'trillion',
  million: 'million',
  billion: 'billion',
  trillion: 'trillion',
};
const SYMBOLS: [RegExp, string][] = [
  [/&/g, ' and '],
  [/@/g, ' at '],
  [/%/g, ' percent'],
  [/°/g, ' degrees'],
  [/=/g, ' equals '],
  [/\+/g, ' plus '],
  [/\//g, ' '],
];

/** The number a token reads as, sign dropped ("1", "-2", "1,000", "5.8"); undefined otherwise. */
function numberOf(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const bare = token
    .replace(OPENERS, '')
    .replace(CLOSERS, '')
    .replace(TAIL, '')
    .replace(/^[-−+±]/u, '');
  return IS_NUMBER.test(bare) ? bare : undefined;
}

function unitWord(symbol: string, count: string): string | undefined {
  const unit = unitOf(symbol);
  if (unit === undefined) return undefined;
  // English agreement: exactly one takes the singular; 0, 1.5 and 1.0 take the plural.
  return count === '1' ? unit.one : unit.many;
}

function startsSentence(token: string | undefined): boolean {
  return token !== undefined && /^[\p{Ps}\p{Pi}"']*\p{Lu}/u.test(token);
}

/**
 * English, as a newsreader reads a wire script: USGS region codes, compass points, abbreviations,
 * units with number agreement, signs, currency, ranges, ordinals and magnitude notation said in
 * words; markup symbols never said by name. Each rule works on one token with its neighbours.
 */
export const ENGLISH: LocaleRules = {
  speak(token: string, context: TokenContext): string {
    const inner = token.replace(OPENERS, '').replace(CLOSERS, '');
    // Abbreviations first: their dot is part of them ("St.", "p.m.,").
    const abbreviation = abbreviationOf(inner);
    if (abbreviation !== undefined) return speakAbbreviation(inner, abbreviation.spoken, context);
    // Initials ("J.", "U.S.A.,") are letters said one by one; their dots end no sentence.
    const initials = /^((?:\p{Lu}\.)+)([,;:!?]*)$/u.exec(inner);
    if (initials) return `${initials[1].replace(/\./g, ' ').trim()}${initials[2]}`;
    const tailMatch = TAIL.exec(inner);
    const tail = tailMatch ? tailMatch[0] : '';
    const core = tailMatch ? inner.slice(0, -tail.length) : inner;
    const spoken = speakCore(core, context);
    if (spoken === '') return '';
    return `${spoken}${tail}`;
  },
};

function speakAbbreviation(inner: string, spoken: string, context: TokenContext): string {
  const after = inner.slice(inner.lastIndexOf('.') + 1);
  const bare = inner.slice(0, inner.lastIndexOf('.') + 1);
  // "B.C., MX" is Baja California; "St." after a name and before none is "Street".
  const mexican = MEXICAN_REGION_CODES[bare];
  if (mexican !== undefined && /^MX\b/.test(context.next ?? '')) return `${mexican}${after}`;
  if (bare === 'St.' && !startsSentence(context.next)) return `Street${after}`;
  return `${spoken}${after}`;
}

function speakCore(core: string, context: TokenContext): string {
  if (core === '' || DASH_RUN.test(core)) return '';
  const previousNumber = numberOf(context.previous);
  const nextNumber = numberOf(context.next);

  const region = REGION_CODES[core];
  if (region !== undefined && /,$/.test(context.previous ?? '')) return region;
  const compass = COMPASS[core];
  if (compass !== undefined && /^of\b/.test(context.next ?? '')) return compass;

  const notation = MAGNITUDE_NOTATION[core.toLowerCase()];
  if (core === 'M' && nextNumber !== undefined) return 'magnitude';
  if (notation !== undefined && /^M|^m[bsl]/.test(core) && (nextNumber ?? previousNumber) !== undefined) {
    return notation.spoken;
  }
  let m = MAGNITUDE_GLUED.exec(core);
  if (m) return `magnitude ${m[1]}`;

  if (previousNumber !== undefined) {
    const unit = unitWord(core, previousNumber);
    if (unit !== undefined) return unit;
  }
  if ((m = SIGNED.exec(core))) return `${SIGNS[m[1]]} ${m[2]}`;
  if ((m = CURRENCY.exec(core))) {
    const [one, many] = CURRENCIES[m[1]];
    const scale = m[3] ? SCALES[m[3].toLowerCase()] : undefined;
    if (scale !== undefined) return `${m[2]} ${scale} ${many}`;
    return `${m[2]} ${m[2] === '1' ? one : many}`;
  }
  if ((m = RANGE.exec(core))) return `${m[1]} to ${m[2]}`;
  if ((m = ORDINAL.exec(core))) return ordinalWords(Number(m[1]));
  if ((m = HASH_NUMBER.exec(core))) return `number ${m[1]}`;
  if ((m = GLUED_UNIT.exec(core))) {
    const unit = unitWord(m[2], m[1]);
    if (unit !== undefined) return `${m[1]} ${unit}`;
  }
  let text = core.replace(MARKUP, ' ');
  for (const [symbol, words] of SYMBOLS) text = text.replace(symbol, words);
  // Quotes and dashes inside what is left are read as nothing; hyphens inside words stay.
  return text
    .replace(/["“”«»]/gu, ' ')
    .replace(/(^|\s)[-–—']+|[-–—]+(\s|$)/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
