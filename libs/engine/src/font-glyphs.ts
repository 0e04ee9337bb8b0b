import { parseFontFamilies } from '@app/core';
import type { ProcessRunner } from '@app/media';
import type { GlyphChecker, TextRenderer } from './glyph-check';

/** Code point ranges, sorted and merged: [first, last] inclusive. */
type Ranges = [number, number][];

function merge(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

function covers(ranges: Ranges, cp: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[mid][0]) hi = mid - 1;
    else if (cp > ranges[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** What the installed fonts can draw: every font (Skia, colour emoji included) and outline fonts only (libass). */
export interface FontCoverage {
  skia: Ranges;
  libass: Ranges;
}

/**
 * Parses `fc-list --format '%{outline}\t%{charset}\n'`: per font whether it has outlines (libass
 * draws only those; a colour-bitmap emoji font it cannot) and its character set in fontconfig's
 * notation, hexadecimal ranges like `20-7e a0 a2-ff`.
 */
export function parseFontCoverage(output: string): FontCoverage {
  const all: Ranges = [];
  const outline: Ranges = [];
  for (const line of output.split('\n')) {
    const [flag, charset] = line.split('\t');
    if (charset === undefined) continue;
    const ranges: Ranges = charset
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((r) => {
        const [a, b] = r.split('-').map((h) => parseInt(h, 16));
        return [a, b ?? a];
      });
    all.push(...ranges);
    if (flag.trim().toLowerCase() === 'true') outline.push(...ranges);
  }
  return { skia: merge(all), libass: merge(outline) };
}

/** Letters, numbers, punctuation and symbols: what shows as a box when no font has it (not spaces, marks or joiners). */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/**
 * Regional indicator letters (U+1F1E6..U+1F1FF): a pair is a flag (Unicode TS #51 §B.1) only in a
 * colour emoji font's ligatures. libass draws outline fonts without them, so a flag would burn in as
 * two boxed letters (Symbola has the letters): for libass they count as missing.
 */
const REGIONAL_INDICATOR = /^[\u{1F1E6}-\u{1F1FF}]$/u;

/** The characters of `text` a renderer cannot draw (as meant) with `coverage`, each once, in order. */
export function missingGlyphs(coverage: FontCoverage, text: string, renderer: TextRenderer): string[] {
  const ranges = coverage[renderer];
  const missing = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (renderer === 'libass' && REGIONAL_INDICATOR.test(ch)) missing.add(ch);
    else if (VISIBLE.test(ch) && !covers(ranges, cp)) missing.add(ch);
  }
  return [...missing];
}

/**
 * Font coverage from fontconfig (`fc-list` through the runner), asked once per process and kept:
 * the installed fonts change only when someone installs a package. Fails with TOOL_MISSING if
 * fontconfig is not installed (libass needs it anyway).
 */
export function fontGlyphChecker(runner: ProcessRunner): GlyphChecker {
  let coverage: Promise<FontCoverage> | undefined;
  let families: Promise<Set<string>> | undefined;
  return {
    async hasFamily(family) {
      families ??= runner
        .run('fcList', ['--format', '%{family}\\n'], { label: 'font families' })
        .then((r) => new Set(parseFontFamilies(r.stdout.toString('utf8')).map((f) => f.toLowerCase())));
      families.catch(() => (families = undefined));
      return (await families).has(family.trim().toLowerCase());
    },
    async missing(text, renderer) {
      coverage ??= runner
        .run('fcList', ['--format', '%{outline}\\t%{charset}\\n'], { label: 'font coverage' })
        .then((r) => parseFontCoverage(r.stdout.toString('utf8')));
      coverage.catch(() => (coverage = undefined));
      return missingGlyphs(await coverage, text, renderer);
    },
  };
}
