import { escapeXml } from '../ssml';
import { tokenize } from '../clauses';
import { type Lexicon, matchLexicon } from './lexicon';
import { ENGLISH } from './rules.en';
import { CHINESE } from './rules.zh';
import { charRole, primaryLanguage } from './scripts';
import type { LocaleRules, NormalisedScript, SpokenPiece, TextWarning } from './text.types';

export interface NormaliseOptions {
  /** The reading voice's language or voice id ("en-us", "cmn"): decides the rules and what it reads. */
  language: string;
  lexicon?: Lexicon;
}

/**
 * Rules for languages without their own: markup is dropped and nothing is said in English words.
 * Each voice then reads digits and units its own way.
 */
const NEUTRAL: LocaleRules = {
  speak: (token) =>
    token
      .replace(/[*_[\]{}<>|^`~\\#•·"“”«»]+/gu, ' ')
      .replace(/(^|\s)[-–—']+|[-–—]+(\s|$)/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
};

const RULES: Readonly<Record<string, LocaleRules>> = { en: ENGLISH, zh: CHINESE, cmn: CHINESE, yue: CHINESE };

const WIDE_PUNCTUATION: Readonly<Record<string, string>> = {
  '，': ',',
  '、': ',',
  '。': '.',
  '！': '!',
  '？': '?',
  '；': ';',
  '：': ':',
  '｡': '.',
};
const PUNCTUATION_ONLY = /^[\p{P}\s]+$/u;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * The one text step before any voice: the display text (exactly what the captions show) taken apart
 * into tokens, and for each the plain words a voice reads. Nothing a voice would interpret gets
 * through: `[[...]]` phoneme input, SSML, markup symbols (`***`, `_x_`) and emoji are never read as
 * such. A run in a script the reading voice has no language for becomes a piece in that language (for
 * another voice to read, or to be left out with a warning by `speakText`); emoji are left out with a
 * warning. Lexicon entries replace what they match by their respelling (SSML `sub`/`phoneme` for
 * voices that read SSML).
 */
export function normaliseForSpeech(displayText: string, options: NormaliseOptions): NormalisedScript {
  const language = primaryLanguage(options.language);
  const rules = RULES[language] ?? NEUTRAL;
  const tokens = tokenize(displayText);
  const masked = tokensWithMarkupMasked(displayText);
  const pieces: SpokenPiece[] = [];
  const warnings = new WarningList();
  for (let i = 0; i < tokens.length; i++) {
    const match = matchLexicon(options.lexicon, tokens, i);
    if (match !== undefined) {
      const tail = /[,.;:!?]+$/u.exec(tokens[match.to - 1])?.[0] ?? '';
      const { entry } = match;
      const tag =
        entry.phoneme !== undefined
          ? `<phoneme alphabet="${entry.alphabet ?? 'ipa'}" ph="${escapeXml(entry.phoneme)}">${escapeXml(entry.grapheme)}</phoneme>`
          : `<sub alias="${escapeXml(entry.alias)}">${escapeXml(entry.grapheme)}</sub>`;
      pieces.push({ text: `${entry.alias}${tail}`, token: i, ssml: `${tag}${escapeXml(tail)}` });
      i = match.to - 1;
      continue;
    }
    const context = { previous: tokens[i - 1], next: tokens[i + 1] };
    for (const run of runsOf(masked[i], options.language)) {
      if (run.role === 'own') {
        const wide = Array.from(run.text, (c) => WIDE_PUNCTUATION[c] ?? c).join('');
        // Punctuation between runs goes with the run before it, so its pause is kept.
        const lead = /^[\p{P}\s]+/u.exec(wide)?.[0] ?? '';
        const mark = /[,.;:!?]/u.exec(lead)?.[0];
        const last = pieces[pieces.length - 1];
        if (mark !== undefined && last !== undefined && last.token === i) last.text += mark;
        if (PUNCTUATION_ONLY.test(wide)) continue;
        const text = rules.speak(
          last !== undefined && last.token === i ? wide.slice(lead.length) : wide,
          context,
        );
        if (text !== '') pieces.push({ text, token: i });
      } else if (run.role === 'emoji') {
        warnings.add('EMOJI_NOT_READ', `The emoji ${run.text} was left out of the reading`, run.text);
      } else if (run.role === 'unknown') {
        warnings.add(
          'TEXT_NOT_READ',
          `"${run.text}" is in a script no voice here reads; it was left out of the reading`,
          run.text,
        );
      } else {
        pieces.push({ text: run.text, token: i, language: run.role.language });
      }
    }
  }
  return { tokens, pieces, warnings: warnings.list() };
}

// Markup of caption and web formats, read by no one: HTML-like tags and ASS override blocks.
const MARKUP = /<\/?[A-Za-z][^<>]*>|\{\\[^{}]*\}/gu;

/** The display tokens with markup blanked out, token for token (a tag spanning tokens included). */
function tokensWithMarkupMasked(text: string): string[] {
  // Markup characters become U+FFFF (a noncharacter, never in text): the tokens keep their places.
  const blank = text.replace(MARKUP, (m) => m.replace(/\S/gu, '\uffff'));
  const out: string[] = [];
  for (const m of blank.matchAll(/\S+/gu)) out.push(m[0].replace(/\uffff+/gu, ' ').trim());
  return out;
}

interface Run {
  text: string;
  role: 'own' | 'emoji' | 'unknown' | { language: string };
}

/** A token cut where the role of its characters changes (English, then Chinese, then an emoji...). */
function runsOf(token: string, language: string): Run[] {
  const runs: Run[] = [];
  for (const { segment } of graphemes.segment(token)) {
    const role = charRole(segment, language, token);
    const last = runs[runs.length - 1];
    if (last !== undefined && sameRole(last.role, role) && role !== 'emoji') last.text += segment;
    else runs.push({ text: segment, role });
  }
  return runs;
}

function sameRole(a: Run['role'], b: Run['role']): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.language === b.language;
}

class WarningList {
  private readonly seen = new Map<string, TextWarning>();

  add(code: string, message: string, text?: string): void {
    if (!this.seen.has(message)) this.seen.set(message, { code, message, ...(text ? { text } : {}) });
  }

  list(): TextWarning[] {
    return [...this.seen.values()];
  }
}
