import { writeEdl } from './edl.writer';
import { sampleExport } from './testing/sample.export';
import { timecode } from './timecode';

const EVENT = /^(\d{3}) {2}(\S+)\s+V\s+(C|D|W\d{3})\s+(\d{3})?\s*(\S+) (\S+) (\S+) (\S+)$/;

describe('writeEdl (CMX3600)', () => {
  it('lists each scene of the picture as an event, with the dissolve at the cut', () => {
    const x = sampleExport();
    const lines = writeEdl(x).split('\n');
    expect(lines.slice(0, 2)).toEqual(['TITLE: news-brief us7000 16:9', 'FCM: NON-DROP FRAME']);
    const events = lines.filter((l) => /^\d{3} /.test(l)).map((l) => EVENT.exec(l)!);
    expect(events.every(Boolean)).toBe(true);
    const tc = (f: number): string => timecode(f, x.timeline.rate);
    expect(events.map((e) => e.slice(1, 9).map((v) => v ?? ''))).toEqual([
      ['001', 'AX', 'C', '', tc(0), tc(75), tc(0), tc(75)],
      ['002', 'AX', 'C', '', tc(75), tc(75), tc(75), tc(75)],
      ['002', 'AX', 'D', '012', tc(75), tc(300), tc(75), tc(300)],
    ]);
    expect(lines.filter((l) => l === '* FROM CLIP NAME: clip-16x9.mp4')).toHaveLength(2);
    expect(lines).toContain('* COMMENT: SCENE read');
  });

  it('records the whole clip without gaps', () => {
    const x = sampleExport();
    const records = writeEdl(x)
      .split('\n')
      .filter((l) => /^\d{3} /.test(l))
      .map((l) => EVENT.exec(l)!)
      .filter((e) => e[7] !== e[8]);
    let at = timecode(0, x.timeline.rate);
    for (const e of records) {
      expect(e[7]).toBe(at);
      at = e[8];
    }
    expect(at).toBe(timecode(x.timeline.duration, x.timeline.rate));
  });

  it('writes drop-frame timecode at 29.97 and a wipe code for a wipe', () => {
    const base = sampleExport();
    const t = base.timeline;
    const x = {
      ...base,
      timeline: {
        ...t,
        rate: { num: 30000, den: 1001 },
        duration: 2000,
        scenes: [t.scenes[0], { ...t.scenes[1], end: 2000, extent: { start: 75, end: 2000 } }],
        transitions: [{ ...t.transitions[0], kind: 'wipe' as const, direction: 'left' as const }],
      },
    };
    const text = writeEdl(x);
    expect(text).toContain('FCM: DROP FRAME');
    expect(text).toContain('002  AX       V     W001 012 00:00:02;15 00:01:06;22 00:00:02;15 00:01:06;22');
    expect(text).toContain('* EFFECT NAME: WIPE LEFT');
  });
});
