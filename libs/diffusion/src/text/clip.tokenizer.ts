import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';

/** CLIP's context length: 77 positions, start and end tokens included (Radford et al. 2021, §2.4). */
export const CLIP_CONTEXT_LENGTH = 77;
export const CLIP_START_TOKEN = '<|startoftext|>';
export const CLIP_END_TOKEN = '<|endoftext|>';

/**
 * CLIP's pre-tokenizer pattern (openai/CLIP clip/simple_tokenizer.py `self.pat`): the special tokens,
 * English contractions, runs of letters, single digits, runs of anything else but spaces.
 */
const WORD_PATTERN =
  /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/gu;

/**
 * GPT-2/CLIP's byte-to-character table (simple_tokenizer.py `bytes_to_unicode`): printable Latin-1
 * bytes map to themselves, the other 68 bytes to U+0100 onwards in byte order, so any UTF-8 text
 * becomes a string of "visible" characters that BPE can merge and every byte has a vocabulary entry.
 */
export function clipByteEncoder(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const table = new Array<string>(256);
  for (const b of printable) table[b] = String.fromCodePoint(b);
  let n = 0;
  for (let b = 0; b < 256; b++) if (table[b] === undefined) table[b] = String.fromCodePoint(256 + n++);
  return table;
}

/** The order simple_tokenizer.py builds its vocabulary in: printable bytes first, then the rest. */
export function clipByteOrder(): number[] {
  const enc = clipByteEncoder();
  return [...enc.keys()].sort((a, b) => enc[a].codePointAt(0)! - enc[b].codePointAt(0)!);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** HTML character references, decoded as CLIP's basic_clean does (html.unescape, twice). */
function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * What CLIP does to a prompt before splitting it: NFC (the Hugging Face fast tokenizer's normaliser),
 * HTML references decoded twice, runs of whitespace collapsed to one space, trimmed, lower-cased
 * (simple_tokenizer.py `basic_clean` + `whitespace_clean` + `.lower()`). ftfy's mojibake repair is
 * not applied: prompts reach us as well-formed UTF-16 strings.
 */
export function normalizeClipText(text: string): string {
  return unescapeHtml(unescapeHtml(text.normalize('NFC')))
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

export interface ClipTokenizerOptions {
  /** The padding token: CLIP ViT-L (SD 1.x, SDXL's first tokenizer) pads with the end token; OpenCLIP ViT-H/bigG (SD 2.x, SDXL's tokenizer_2) with "!" (id 0). */
  padToken?: string;
  /** Sequence length including start and end tokens; 77 for every Stable Diffusion text encoder. */
  maxLength?: number;
}

/** One prompt as the text encoder takes it. */
export interface EncodedPrompt {
  /** start, up to maxLength-2 tokens, end, then padding: exactly maxLength ids. */
  ids: number[];
  /** Tokens of the prompt itself (without start and end) before truncation. */
  tokenCount: number;
  /** True when tokens past maxLength-2 were dropped. */
  truncated: boolean;
}

/**
 * CLIP's byte-level BPE tokenizer (Sennrich et al. 2016 BPE on GPT-2's byte alphabet, as
 * openai/CLIP clip/simple_tokenizer.py and Hugging Face's CLIPTokenizer implement it): words end in
 * `</w>`, merges apply in the rank order of merges.txt, ids come from vocab.json.
 */
export class ClipTokenizer {
  readonly startId: number;
  readonly endId: number;
  readonly padId: number;
  readonly maxLength: number;
  private readonly byteEncoder = clipByteEncoder();
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, string[]>();
  private readonly encoder: ReadonlyMap<string, number>;

  constructor(
    vocab: Readonly<Record<string, number>>,
    merges: readonly string[],
    options: ClipTokenizerOptions = {},
  ) {
    this.encoder = new Map(Object.entries(vocab));
    merges.forEach((m, i) => {
      if (!this.ranks.has(m)) this.ranks.set(m, i);
    });
    this.maxLength = options.maxLength ?? CLIP_CONTEXT_LENGTH;
    this.startId = this.idOf(CLIP_START_TOKEN, 'the start token');
    this.endId = this.idOf(CLIP_END_TOKEN, 'the end token');
    this.padId = this.idOf(options.padToken ?? CLIP_END_TOKEN, 'the padding token');
    this.cache.set(CLIP_START_TOKEN, [CLIP_START_TOKEN]);
    this.cache.set(CLIP_END_TOKEN, [CLIP_END_TOKEN]);
  }

  private idOf(token: string, what: string): number {
    const id = this.encoder.get(token);
    if (id === undefined) throw new RangeError(`has no entry for ${what} ${JSON.stringify(token)}`);
    return id;
  }

  /** BPE of one pre-token (already byte-encoded): the merged symbols, the last ending in `</w>`. */
  private bpe(token: string): string[] {
    const cached = this.cache.get(token);
    if (cached) return cached;
    const chars = [...token];
    let word = [...chars.slice(0, -1), `${chars[chars.length - 1]}</w>`];
    while (word.length > 1) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i < word.length - 1; i++) {
        const rank = this.ranks.get(`${word[i]} ${word[i + 1]}`);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) break;
      const [first, second] = [word[best], word[best + 1]];
      // Merge every occurrence of the pair, left to right, as simple_tokenizer.py's bpe() does.
      const merged: string[] = [];
      for (let i = 0; i < word.length; i++) {
        if (i < word.length - 1 && word[i] === first && word[i + 1] === second) {
          merged.push(first + second);
          i++;
        } else merged.push(word[i]);
      }
      word = merged;
    }
    this.cache.set(token, word);
    return word;
  }

  /** The BPE symbols of a prompt, without start/end tokens. */
  tokenize(text: string): string[] {
    const out: string[] = [];
    for (const match of normalizeClipText(text).matchAll(WORD_PATTERN)) {
      const bytes = Buffer.from(match[0], 'utf8');
      let encoded = '';
      for (const b of bytes) encoded += this.byteEncoder[b];
      const special = match[0] === CLIP_START_TOKEN || match[0] === CLIP_END_TOKEN;
      out.push(...this.bpe(special ? match[0] : encoded));
    }
    return out;
  }

  /** Token ids of a prompt, without start/end tokens. A symbol missing from vocab.json is an error. */
  encode(text: string): number[] {
    return this.tokenize(text).map((symbol) => {
      const id = this.encoder.get(symbol);
      if (id === undefined)
        throw new RangeError(`vocab.json has no entry for the BPE symbol ${JSON.stringify(symbol)}`);
      return id;
    });
  }

  /** start + tokens (truncated to maxLength-2) + end, padded to maxLength with the padding id. */
  encodePadded(text: string): EncodedPrompt {
    const tokens = this.encode(text);
    const room = this.maxLength - 2;
    const kept = tokens.slice(0, room);
    const ids = [this.startId, ...kept, this.endId];
    while (ids.length < this.maxLength) ids.push(this.padId);
    return { ids, tokenCount: tokens.length, truncated: tokens.length > room };
  }
}

function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  return undefined;
}

async function readJsonIfPresent(file: string): Promise<Record<string, unknown> | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = JSON.parse(text) as unknown;
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
}

/**
 * Loads a tokenizer folder as diffusers writes it (`vocab.json`, `merges.txt`, and where present
 * `special_tokens_map.json` / `tokenizer_config.json`, whose `pad_token` wins over `defaultPad`).
 * merges.txt starts with a `#version` line; blank lines are ignored.
 * @throws ClipwrightError MODEL_INVALID naming the file that is missing or unreadable.
 */
export async function loadClipTokenizer(
  dir: string,
  defaultPad: string,
  shown = dir,
): Promise<ClipTokenizer> {
  const fail = (file: string, why: string, cause?: unknown) =>
    new ClipwrightError(ErrorCode.ModelInvalid, `${path.join(shown, file)} ${why}`, {
      path: path.join(shown, file),
      ...(cause === undefined ? {} : { cause }),
    });
  const read = async (file: string): Promise<string> => {
    try {
      return await fs.readFile(path.join(dir, file), 'utf8');
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      throw fail(file, missing ? 'is missing' : `cannot be read: ${(e as Error).message}`, e);
    }
  };
  let vocab: Record<string, number>;
  const vocabText = await read('vocab.json');
  try {
    vocab = JSON.parse(vocabText) as Record<string, number>;
  } catch (e) {
    throw fail('vocab.json', `is not valid JSON: ${(e as Error).message}`, e);
  }
  if (!vocab || typeof vocab !== 'object' || Array.isArray(vocab))
    throw fail('vocab.json', 'is not a JSON object of token ids');
  const mergesText = await read('merges.txt');
  const merges = mergesText
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l && !l.startsWith('#version'));
  const bad = merges.findIndex((l) => l.split(' ').length !== 2);
  if (bad >= 0) throw fail('merges.txt', `line ${bad + 2} is not two symbols separated by one space`);
  let config: Record<string, unknown> = {};
  for (const file of ['tokenizer_config.json', 'special_tokens_map.json']) {
    try {
      config = { ...(await readJsonIfPresent(path.join(dir, file))), ...config };
    } catch (e) {
      throw fail(file, `is not valid JSON: ${(e as Error).message}`, e);
    }
  }
  const maxLength =
    typeof config.model_max_length === 'number' && config.model_max_length <= 1024
      ? config.model_max_length
      : CLIP_CONTEXT_LENGTH;
  try {
    return new ClipTokenizer(vocab, merges, {
      padToken: tokenText(config.pad_token) ?? defaultPad,
      maxLength,
    });
  } catch (e) {
    throw fail('vocab.json', (e as Error).message, e); // "has no entry for ..."
  }
}
