import { XMLParser } from 'fast-xml-parser';
import { WebVTTParser } from 'webvtt-parser';
import { Cue } from './cue.types';
import { toTtml } from './ttml.writer';
import { toVtt } from './vtt.writer';

// Text users really send: markup of every caption format, entities, other scripts, emoji.
const HOSTILE: Cue[] = [
  { start: 0.5, end: 2, lines: ['{\\an8}<i>R&D</i> --> &amp;', 'C:\\News\\N <script>'] },
  { start: 2.1, end: 4, lines: ['台湾花莲县海域 🌋', 'M 5.8 “quoted”'] },
  { start: 4.2, end: 6, lines: ['زلزال بقوة 5.8 درجات', 'CNN قالت'] },
  { start: 3725.25, end: 3727, lines: ['After an hour.'] },
];

describe('WebVTT files pass the webvtt-parser validator', () => {
  it('parses back with no errors, every cue at its times and its text as plain text', () => {
    const parsed = new WebVTTParser().parse(toVtt(HOSTILE));
    expect(parsed.errors).toEqual([]);
    expect(parsed.cues.map((c) => [c.startTime, c.endTime])).toEqual(HOSTILE.map((c) => [c.start, c.end]));
    for (const cue of parsed.cues) {
      // Only text nodes: no <i>, <b>, <c> or timestamp objects came from user text.
      for (const node of cue.tree.children) expect(node.type).toBe('text');
    }
  });
});

describe('TTML files are EBU-TT-D / IMSC 1 Text documents', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    preserveOrder: false,
    isArray: (name) => ['p', 'span', 'br', 'region', 'style', 'ebuttm:conformsToStandard'].includes(name),
  });
  const doc = parser.parse(toTtml(HOSTILE, { language: 'en' }));
  const tt = doc.tt;

  it('has the root attributes Tech 3380 requires', () => {
    expect(tt['@xmlns']).toBe('http://www.w3.org/ns/ttml');
    expect(tt['@xmlns:tts']).toBe('http://www.w3.org/ns/ttml#styling');
    expect(tt['@xmlns:ttp']).toBe('http://www.w3.org/ns/ttml#parameter');
    expect(tt['@ttp:timeBase']).toBe('media');
    expect(tt['@xml:lang']).toBe('en');
    expect(tt['@ttp:profile']).toBe('http://www.w3.org/ns/ttml/profile/imsc1/text');
    expect(tt.head.metadata['ebuttm:documentMetadata']['ebuttm:conformsToStandard']).toEqual([
      'urn:ebu:tt:distribution:2018-04',
      'http://www.w3.org/ns/ttml/profile/imsc1/text',
    ]);
  });

  it('defines the style and regions each paragraph refers to', () => {
    const styles = tt.head.styling.style.map((s: Record<string, string>) => s['@xml:id']);
    const regions = tt.head.layout.region.map((r: Record<string, string>) => r['@xml:id']);
    for (const region of tt.head.layout.region) {
      expect(region['@tts:origin']).toMatch(/^\d+(\.\d+)?% \d+(\.\d+)?%$/);
      expect(region['@tts:extent']).toMatch(/^\d+(\.\d+)?% \d+(\.\d+)?%$/);
    }
    const paragraphs = tt.body.div.p;
    expect(paragraphs).toHaveLength(HOSTILE.length);
    paragraphs.forEach((p: Record<string, unknown>, i: number) => {
      expect(styles).toContain(p['@style']);
      expect(regions).toContain(p['@region']);
      expect(p['@xml:id']).toBe(`c${i + 1}`);
      // Tech 3380 §3.3: media time as hours, minutes, seconds and a fraction.
      expect(p['@begin']).toMatch(/^\d{2,}:\d{2}:\d{2}\.\d{3}$/);
      expect(p['@end']).toMatch(/^\d{2,}:\d{2}:\d{2}\.\d{3}$/);
    });
    expect(paragraphs[3]['@begin']).toBe('01:02:05.250');
  });

  it('carries each line in a span, lines apart by br, text as written', () => {
    const paragraphs = tt.body.div.p;
    const texts = paragraphs.map((p: { span: ({ '#text': string } | string)[] }) =>
      p.span.map((span) => (typeof span === 'string' ? span : span['#text'])),
    );
    expect(texts[0]).toEqual(['{\\\u2060an8}<i>R&D</i> --> &amp;', 'C:\\\u2060News\\\u2060N <script>']);
    expect(texts[1]).toEqual(['台湾花莲县海域 🌋', 'M 5.8 “quoted”']);
    expect(paragraphs[0].br).toHaveLength(1);
  });

  it('marks right-to-left paragraphs and embeds their spans', () => {
    const p = tt.body.div.p[2];
    expect(p['@tts:direction']).toBe('rtl');
    expect(p.span[0]['@tts:unicodeBidi']).toBe('embed');
    expect(tt.body.div.p[0]['@tts:direction']).toBeUndefined();
  });

  it('refuses a language that is no BCP 47 tag, and writes an empty body for no cues', () => {
    expect(() => toTtml(HOSTILE, { language: 'en" onload="x' })).toThrow(/BCP 47/);
    expect(parser.parse(toTtml([], { language: 'zh-Hans' })).tt.body).toBe('');
  });
});
