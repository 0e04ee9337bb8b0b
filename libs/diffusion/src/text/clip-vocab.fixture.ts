import { clipByteEncoder, clipByteOrder, CLIP_END_TOKEN, CLIP_START_TOKEN } from './clip.tokenizer';

/** A few merges in rank order, enough for "a photo of a cat" (see clip.tokenizer.spec.ts). */
export const FIXTURE_MERGES: readonly string[] = [
  'h o',
  't o</w>',
  'p ho',
  'pho to</w>',
  'a t</w>',
  'c at</w>',
  'o f</w>',
];

/**
 * A vocabulary laid out as openai/CLIP simple_tokenizer.py lays out the real one: the 256 byte
 * symbols, the same with `</w>`, one entry per merge, then the start and end tokens. The real
 * vocab.json has 49408 entries built the same way from 48894 merges.
 */
export function buildClipVocab(merges: readonly string[]): Record<string, number> {
  const enc = clipByteEncoder();
  const symbols = clipByteOrder().map((b) => enc[b]);
  const all = [
    ...symbols,
    ...symbols.map((s) => `${s}</w>`),
    ...merges.map((m) => m.replace(' ', '')),
    CLIP_START_TOKEN,
    CLIP_END_TOKEN,
  ];
  return Object.fromEntries(all.map((s, i) => [s, i]));
}
