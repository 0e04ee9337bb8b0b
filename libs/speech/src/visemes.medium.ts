import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EspeakSpeechProvider } from './espeak.provider';
import { espeakPhonemes } from './visemes.espeak';
import { ProcessRunner } from '@app/media';

const ESPEAK = process.env.ESPEAK_PATH ?? 'espeak-ng';

describe('visemes from espeak-ng', () => {
  it('phonemizes tokens one line each, numbers expanded inside their token', async () => {
    const p = await espeakPhonemes(new ProcessRunner({ tools: { espeak: ESPEAK } }), 'en-us', [
      'Magnitude',
      '5.8',
      '—',
      'quake',
      'hit.',
    ]);
    expect(p).toHaveLength(5);
    expect(p[1].map((x) => x.symbol).join(' ')).toBe('f aI v p OI n t eI t');
    expect(p[2]).toEqual([]);
    expect(p[0][0].symbol).toBe('m');
    expect(p[4].map((x) => x.symbol)).toEqual(['h', 'I', 't']);
  });

  it('falls back to one run per token when a token breaks into several lines', async () => {
    // A full stop inside a token makes espeak-ng end a line of its own.
    const p = await espeakPhonemes(new ProcessRunner({ tools: { espeak: ESPEAK } }), 'en-us', [
      'one.two',
      'three',
    ]);
    expect(p).toHaveLength(2);
    expect(p[1].map((x) => x.symbol)).toEqual(['T', 'r', 'i:']);
    expect(p[0].length).toBeGreaterThan(4);
  });

  it('fills SpeechResult.visemes, closed in pauses and moving inside words', async () => {
    const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-visemes-'));
    try {
      const r = await new EspeakSpeechProvider().synthesize({
        text: 'A magnitude 5.8 earthquake struck Taiwan. Nobody was hurt.',
        voice: 'en-us',
        rate: 160,
        workDir,
      });
      const v = r.visemes ?? [];
      expect(v[0]).toMatchObject({ viseme: 'X', start: 0 });
      expect(v[v.length - 1]).toMatchObject({ viseme: 'X' });
      expect(v[v.length - 1].end).toBeCloseTo(r.duration, 6);
      for (let i = 1; i < v.length; i++) expect(v[i].start).toBeCloseTo(v[i - 1].end, 9);
      // The sentence pause is silence.
      const pause = { start: r.clauses[0].end, end: r.clauses[1].start };
      expect(
        v.some((s) => s.viseme === 'X' && s.start <= pause.start + 1e-6 && s.end >= pause.end - 1e-6),
      ).toBe(true);
      // "magnitude" opens with closed lips, "struck" has no closed lips, "5.8" holds an f (G).
      const at = (t: number) => v.find((s) => s.start <= t && t < s.end)?.viseme;
      expect(at(r.words[1].start + 0.005)).toBe('A');
      const five = r.words[2];
      expect(
        v.some((s) => s.viseme === 'G' && s.start >= five.start - 1e-9 && s.end <= five.end + 1e-9),
      ).toBe(true);
      const shapes = new Set(v.map((s) => s.viseme));
      for (const s of ['A', 'B', 'C', 'D', 'X']) expect(shapes.has(s as never)).toBe(true);
    } finally {
      await fs.rm(workDir, { recursive: true, force: true });
    }
  });
});
