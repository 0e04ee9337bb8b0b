import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClipwrightError } from '@app/core';
import { loadLexiconFile, parseLexicon } from './lexicon';
import { normaliseForSpeech } from './normalise';

const LEXICON = parseLexicon({
  lexicon: 1,
  entries: [
    { grapheme: 'Hualien', alias: 'hwah lyen', phoneme: 'xwa˧˥ ljɛn˧˥', alphabet: 'ipa' },
    { grapheme: 'Hualien City', alias: 'hwah lyen city' },
    { grapheme: 'Nguyen', alias: 'win' },
    { grapheme: '花莲', alias: '花莲县' },
  ],
});

describe('pronunciation lexicon', () => {
  it('replaces what it matches, longest first, keeping punctuation for the pause', () => {
    const n = normaliseForSpeech('Rescuers reached Hualien City, and Hualien. Nguyen said.', {
      language: 'en-us',
      lexicon: LEXICON,
    });
    expect(n.pieces.map((p) => p.text).join(' ')).toBe(
      'Rescuers reached hwah lyen city, and hwah lyen. win said.',
    );
    // Voices that read SSML get sub or phoneme, escaped.
    expect(n.pieces.map((p) => p.ssml).filter(Boolean)).toEqual([
      '<sub alias="hwah lyen city">Hualien City</sub>,',
      '<phoneme alphabet="ipa" ph="xwa˧˥ ljɛn˧˥">Hualien</phoneme>.',
      '<sub alias="win">Nguyen</sub>',
    ]);
    // The display tokens stay as the captions show them.
    expect(n.tokens).toContain('Hualien');
  });

  it('applies in a Chinese reading too', () => {
    const n = normaliseForSpeech('花莲 地震', { language: 'cmn', lexicon: LEXICON });
    expect(n.pieces.map((p) => p.text)).toEqual(['花莲县', '地震']);
  });

  it('refuses entries a voice could be made to misread, naming the entry', () => {
    const cases: [unknown, string][] = [
      [{ entries: 'x' }, '$.entries'],
      [{ entries: [{ grapheme: '', alias: 'a' }] }, '$.entries[0].grapheme'],
      [{ entries: [{ grapheme: 'x', alias: "[[h@l'oU]]" }] }, '$.entries[0].alias'],
      [{ entries: [{ grapheme: 'x', alias: '<break/>' }] }, '$.entries[0].alias'],
      [{ entries: [{ grapheme: 'x', alias: 'a', phoneme: '"/><audio src="x' }] }, '$.entries[0].phoneme'],
      [
        { entries: [{ grapheme: 'x', alias: 'a', phoneme: 'a', alphabet: 'klingon' }] },
        '$.entries[0].alphabet',
      ],
      [
        {
          entries: [
            { grapheme: 'x', alias: 'a' },
            { grapheme: 'x', alias: 'b' },
          ],
        },
        '$.entries[1].grapheme',
      ],
    ];
    for (const [value, where] of cases) {
      let error: unknown;
      try {
        parseLexicon(value, 'ws.json');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ClipwrightError);
      expect((error as ClipwrightError).path).toBe(`ws.json#${where}`);
    }
  });

  it('loads a file for the CLI, with clear errors', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-lexicon-'));
    try {
      const good = path.join(dir, 'lexicon.json');
      await fs.writeFile(good, JSON.stringify({ entries: [{ grapheme: 'Nguyen', alias: 'win' }] }));
      expect((await loadLexiconFile(good)).entries).toEqual([{ grapheme: 'Nguyen', alias: 'win' }]);
      const bad = path.join(dir, 'bad.json');
      await fs.writeFile(bad, '{ not json');
      await expect(loadLexiconFile(bad)).rejects.toMatchObject({ code: 'DATA_INVALID_JSON', path: bad });
      await expect(loadLexiconFile(path.join(dir, 'none.json'))).rejects.toMatchObject({
        code: 'DATA_UNREADABLE',
      });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
