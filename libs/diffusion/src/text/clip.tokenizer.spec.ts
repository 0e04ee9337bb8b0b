import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import {
  clipByteEncoder,
  clipByteOrder,
  ClipTokenizer,
  loadClipTokenizer,
  normalizeClipText,
} from './clip.tokenizer';
import { buildClipVocab, FIXTURE_MERGES } from './clip-vocab.fixture';

// The fixture vocabulary is built the way openai/CLIP simple_tokenizer.py builds the real one
// (bytes in bytes_to_unicode order = ids 0..255, the same with `</w>` = 256..511, one id per merge in
// merges.txt order = 512.., then <|startoftext|>, <|endoftext|>), with seven merges:
//   512 "h o"  513 "t o</w>"  514 "p ho"  515 "pho to</w>"  516 "a t</w>"  517 "c at</w>"  518 "o f</w>"
//   519 <|startoftext|>  520 <|endoftext|>
// Every expected id below is derived by hand from that table and the byte order:
//   bytes 0x21..0x7e are ids 0..93 (so 'a' = 0x61 - 0x21 = 64, and 'a</w>' = 64 + 256 = 320: the real
//   CLIP vocabulary has the same ids for these, since its first 512 entries are built the same way),
//   0xa1..0xac are 94..105, 0xae..0xff are 106..187, and the 68 other bytes 0x00..0x20, 0x7f..0xa0,
//   0xad follow as 188..255 in byte order.
const tokenizer = new ClipTokenizer(buildClipVocab(FIXTURE_MERGES), FIXTURE_MERGES);
const START = 519;
const END = 520;

describe('CLIP byte encoder', () => {
  it('maps printable bytes to themselves and the rest past U+0100, in byte order', () => {
    const enc = clipByteEncoder();
    expect(enc[0x61]).toBe('a');
    expect(enc[0x00]).toBe('\u0100');
    expect(enc[0x20]).toBe('\u0120'); // the space: 'Ġ' in GPT-2 vocabularies
    expect(enc[0xad]).toBe('\u0143');
    expect(new Set(enc).size).toBe(256);
    const order = clipByteOrder();
    expect(order.slice(0, 3)).toEqual([0x21, 0x22, 0x23]);
    expect(order[64]).toBe(0x61);
    expect(order[188]).toBe(0x00);
    expect(order[255]).toBe(0xad);
  });
});

describe('normalizeClipText', () => {
  it('lower-cases, collapses whitespace and decodes HTML references twice', () => {
    expect(normalizeClipText('  A \t Red\n\nCHAIR  ')).toBe('a red chair');
    expect(normalizeClipText('fish &amp;amp; chips &#233;')).toBe('fish & chips é');
    expect(normalizeClipText('e\u0301')).toBe('é'); // NFC
  });
});

describe('ClipTokenizer', () => {
  it('merges by rank and ends words with </w>', () => {
    // photo: p h o t o</w> -> (h,o) rank 0 -> (t,o</w>) rank 1 -> (p,ho) rank 2 -> (pho,to</w>) rank 3
    expect(tokenizer.tokenize('a photo of a cat')).toEqual([
      'a</w>',
      'photo</w>',
      'of</w>',
      'a</w>',
      'cat</w>',
    ]);
    expect(tokenizer.encode('a photo of a cat')).toEqual([320, 515, 518, 320, 517]);
  });

  it('leaves unmerged symbols as single bytes', () => {
    // "hot": h o t</w> -> (h,o) -> ho t</w>: no rule for (ho,t</w>). 'h' = 0x68 - 0x21 = 71, 't</w>' = 83 + 256.
    expect(tokenizer.encode('hot')).toEqual([512, 339]);
  });

  it('splits digits, punctuation and contractions as CLIP does', () => {
    // '1' = 0x31 -> 16, '2' -> 17, each its own word; '!' = 0 -> '!</w>' = 256
    expect(tokenizer.encode('12')).toEqual([272, 273]);
    expect(tokenizer.encode('cat!')).toEqual([517, 256]);
    // it's -> "it" + "'s": i = 72, t</w> = 339, ' = 0x27 -> 6, s</w> = 82 + 256
    expect(tokenizer.encode("It's")).toEqual([72, 339, 6, 338]);
  });

  it('byte-encodes other scripts and emoji', () => {
    // é = C3 A9: 0xC3 -> 106 + (0xc3 - 0xae) = 127; 0xA9 -> 94 + 8 = 102, + 256 as the word end
    expect(tokenizer.encode('é')).toEqual([127, 358]);
    // 猫 = E7 8C AB: 0xE7 -> 163; 0x8C -> 188 + 33 + (0x8c - 0x7f) = 234; 0xAB -> 104 + 256
    expect(tokenizer.encode('猫')).toEqual([163, 234, 360]);
    // 🙂 = F0 9F 99 82: 0xF0 -> 172; 0x9F -> 253; 0x99 -> 247; 0x82 -> 224 + 256
    expect(tokenizer.encode('🙂')).toEqual([172, 253, 247, 480]);
    // Arabic قط = D9 82 D8 B7 (one word of letters): 0xD9 -> 149, 0x82 -> 224, 0xD8 -> 148, 0xB7 -> 115 + 256
    expect(tokenizer.encode('قط')).toEqual([149, 224, 148, 371]);
  });

  it('pads with the end token by default (SD 1.x) and with "!" = 0 when configured (SD 2.x, SDXL tokenizer_2)', () => {
    const sd1 = tokenizer.encodePadded('a cat');
    expect(sd1.ids).toHaveLength(77);
    expect(sd1.ids.slice(0, 5)).toEqual([START, 320, 517, END, END]);
    expect(sd1.ids[76]).toBe(END);
    expect(sd1).toMatchObject({ tokenCount: 2, truncated: false });
    const bang = new ClipTokenizer(buildClipVocab(FIXTURE_MERGES), FIXTURE_MERGES, { padToken: '!' });
    expect(bang.encodePadded('a cat').ids.slice(0, 6)).toEqual([START, 320, 517, END, 0, 0]);
    expect(tokenizer.encodePadded('').ids.slice(0, 3)).toEqual([START, END, END]);
  });

  it('truncates to 75 tokens between start and end', () => {
    const long = tokenizer.encodePadded(Array(100).fill('a').join(' '));
    expect(long.ids).toHaveLength(77);
    expect(long.ids[0]).toBe(START);
    expect(long.ids.slice(1, 76).every((id) => id === 320)).toBe(true);
    expect(long.ids[76]).toBe(END);
    expect(long).toMatchObject({ tokenCount: 100, truncated: true });
  });

  it('keeps typed special tokens as their ids, as CLIP does', () => {
    expect(tokenizer.encode('a<|endoftext|>')).toEqual([320, END]);
  });
});

describe('loadClipTokenizer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'clip-tok-'));
    await fs.writeFile(path.join(dir, 'vocab.json'), JSON.stringify(buildClipVocab(FIXTURE_MERGES)));
    await fs.writeFile(path.join(dir, 'merges.txt'), `#version: 0.2\n${FIXTURE_MERGES.join('\n')}\n`);
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('reads vocab.json and merges.txt and takes pad_token from tokenizer_config.json', async () => {
    expect((await loadClipTokenizer(dir, '<|endoftext|>')).padId).toBe(END);
    await fs.writeFile(
      path.join(dir, 'tokenizer_config.json'),
      JSON.stringify({ pad_token: { content: '!', lstrip: false }, model_max_length: 77 }),
    );
    const t = await loadClipTokenizer(dir, '<|endoftext|>');
    expect(t.padId).toBe(0);
    expect(t.encode('a photo of a cat')).toEqual([320, 515, 518, 320, 517]);
  });

  it('names the missing file', async () => {
    await fs.rm(path.join(dir, 'merges.txt'));
    const e = await loadClipTokenizer(dir, '!', 'tokenizer').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ClipwrightError);
    expect((e as ClipwrightError).code).toBe(ErrorCode.ModelInvalid);
    expect((e as ClipwrightError).message).toBe('tokenizer/merges.txt is missing');
  });

  it('refuses a malformed merges line and a vocabulary without the special tokens', async () => {
    await fs.writeFile(path.join(dir, 'merges.txt'), '#version: 0.2\nh o\nbad\n');
    await expect(loadClipTokenizer(dir, '!', 'tok')).rejects.toThrow(
      'tok/merges.txt line 3 is not two symbols',
    );
    await fs.writeFile(path.join(dir, 'merges.txt'), '#version: 0.2\n');
    await fs.writeFile(path.join(dir, 'vocab.json'), JSON.stringify({ a: 0 }));
    await expect(loadClipTokenizer(dir, '!', 'tok')).rejects.toThrow(
      'tok/vocab.json has no entry for the start token "<|startoftext|>"',
    );
  });
});
