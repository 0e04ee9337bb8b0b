import * as path from 'node:path';
import { listItems } from './item.selector';
import { readDataFile } from './data.reader';
import { TemplateBinder } from './template.binder';
import { TemplateLoader } from './template.loader';
import { textFilters } from './text.filters';

const f = textFilters as Record<string, (...args: unknown[]) => string>;
const templatesDir = path.resolve(__dirname, '../../../templates');
// 2025-11-21 05:42 UTC: 13:42 on Friday in Hualien (Asia/Taipei).
const TAIWAN_QUAKE = 1763703720000;
const HUALIEN = [23.7702, 121.3361];
const MID_ATLANTIC = [0.9213, -29.1177];
const at = (iso: string): number => Date.parse(iso);

afterEach(() => jest.restoreAllMocks());

function now(iso: string): void {
  jest.spyOn(Date, 'now').mockReturnValue(at(iso));
}

describe('the news-brief script (golden text)', () => {
  async function scripts(): Promise<string[]> {
    const template = await new TemplateLoader(templatesDir).load('news-brief');
    const data = await readDataFile(path.join(templatesDir, 'news-brief/sample.geojson'));
    const out: string[] = [];
    for (const item of listItems(data, template.manifest))
      out.push((await new TemplateBinder(template).bind(item)).script);
    return out;
  }

  it('reads as a wire editor would pass it, the day after', async () => {
    now('2025-11-22T12:00:00Z');
    expect(await scripts()).toEqual([
      'An earthquake of moment magnitude 5.8 struck 38 kilometers southwest of Hualien City, Taiwan, ' +
        'at 1:42 p.m. local time on Friday, the U.S. Geological Survey said. The quake was 17 kilometers deep. ' +
        'The survey has received 112 felt reports. ' +
        "The survey's PAGER alert is yellow: some casualties and damage are possible.",
      'An earthquake of body-wave magnitude 4.6 struck the central Mid-Atlantic Ridge, at 17:55 UTC on Thursday, ' +
        'the U.S. Geological Survey said. The quake was 10 kilometers deep.',
    ]);
  });

  it('varies its phrasing by event id, the same for the same id (controlled variation)', async () => {
    now('2025-11-22T12:00:00Z');
    const template = await new TemplateLoader(templatesDir).load('news-brief');
    const data = (await readDataFile(path.join(templatesDir, 'news-brief/sample.geojson'))) as {
      features: { id: string; properties: Record<string, unknown> }[];
    };
    const read = async (id: string) => {
      const feature = {
        ...data.features[1],
        id,
        properties: { ...data.features[1].properties, felt: 0, tsunami: 1 },
      };
      const [item] = listItems(feature, template.manifest);
      return (await new TemplateBinder(template).bind(item)).script.replace(/^.*?deep\. /, '');
    };
    const [a, b, again] = await Promise.all(['us6000a', 'us6000b', 'us6000a'].map(read));
    const coast = ' People near the coast should follow local warnings.';
    expect(a).toBe(
      'There are no reports so far of anyone feeling it. The quake was in an ocean region, where a tsunami is possible.' +
        coast,
    );
    expect(b).toBe(
      'No one has reported feeling it so far. The quake struck in an ocean region where a tsunami is possible.' +
        coast,
    );
    expect(again).toBe(a);
  });

  it('says the date, and the year, when the quake is not from this week or this year', async () => {
    now('2026-11-29T12:00:00Z');
    const [taiwan] = await scripts();
    expect(taiwan).toContain(
      'at 1:42 p.m. local time on November 21, 2025, the U.S. Geological Survey said.',
    );
  });

  it('never starts a sentence with a figure, and has no filler', async () => {
    now('2025-11-22T12:00:00Z');
    for (const script of await scripts()) {
      for (const sentence of script.split(/(?<=[.!?])\s+/)) expect(sentence).not.toMatch(/^[\d$€£]/);
      expect(script).not.toMatch(/measured on the|magnitude scale|null|MWW|\bMB\b/);
    }
  });
});

describe('news filters', () => {
  it('gives regions their article and keeps distances from places as they are', () => {
    expect(f.news_place('central Mid-Atlantic Ridge')).toBe('the central Mid-Atlantic Ridge');
    expect(f.news_place('Fiji region')).toBe('the Fiji region');
    expect(f.news_place('South Sandwich Islands region')).toBe('the South Sandwich Islands region');
    expect(f.news_place('Banda Sea')).toBe('the Banda Sea');
    expect(f.news_place('East Pacific Rise')).toBe('the East Pacific Rise');
    expect(f.news_place('Gulf of Alaska')).toBe('the Gulf of Alaska');
    expect(f.news_place('off the coast of Oregon')).toBe('off the coast of Oregon');
    expect(f.news_place('south of the Kermadec Islands')).toBe('south of the Kermadec Islands');
    expect(f.news_place('Taiwan')).toBe('Taiwan');
    expect(f.news_place('1 km N of Hawthorne, NV')).toBe('1 kilometer north of Hawthorne, NV');
    expect(f.news_place('  ')).toBe('');
    expect(f.news_place(null)).toBe('');
  });

  it('says local time only near a populated place, UTC at sea and on ridges', () => {
    now('2025-11-22T12:00:00Z');
    expect(f.news_when(TAIWAN_QUAKE, HUALIEN[0], HUALIEN[1], '38 km SW of Hualien City, Taiwan')).toBe(
      'at 1:42 p.m. local time on Friday',
    );
    expect(f.news_when(TAIWAN_QUAKE, MID_ATLANTIC[0], MID_ATLANTIC[1], 'central Mid-Atlantic Ridge')).toBe(
      'at 05:42 UTC on Friday',
    );
    // A distance from a place, but a point in a nautical zone: still UTC.
    expect(f.news_when(TAIWAN_QUAKE, -45, -120, '900 km SE of Adamstown, Pitcairn')).toBe(
      'at 05:42 UTC on Friday',
    );
    expect(f.card_time(TAIWAN_QUAKE, HUALIEN[0], HUALIEN[1], '38 km SW of Hualien City, Taiwan')).toBe(
      '13:42 local · 05:42 UTC',
    );
    expect(f.card_time(TAIWAN_QUAKE, MID_ATLANTIC[0], MID_ATLANTIC[1], 'central Mid-Atlantic Ridge')).toBe(
      '05:42 UTC',
    );
  });

  it('says the weekday within a week, the date beyond, the year when it is not this one', () => {
    const hualien = (iso: string): string => {
      now(iso);
      return f.news_when(TAIWAN_QUAKE, HUALIEN[0], HUALIEN[1], '38 km SW of Hualien City, Taiwan');
    };
    expect(hualien('2025-11-27T12:00:00Z')).toBe('at 1:42 p.m. local time on Friday');
    expect(hualien('2025-11-28T12:00:00Z')).toBe('at 1:42 p.m. local time on November 21');
    expect(hualien('2026-01-02T12:00:00Z')).toBe('at 1:42 p.m. local time on November 21, 2025');
    expect(f.news_when(null, 0, 0, '')).toBe('');
    expect(f.news_when(9e15, 0, 0, '')).toBe('');
  });

  it('says depth as a seismologist would, with agreement', () => {
    expect(f.depth_phrase(17.2)).toBe('17 kilometers deep');
    expect(f.depth_phrase(1)).toBe('1 kilometer deep');
    expect(f.depth_phrase(0)).toBe('very shallow, near the surface');
    expect(f.depth_phrase(-2)).toBe('very shallow, near the surface');
    expect(f.depth_phrase(null)).toBe('');
  });

  it('writes magnitude notation as seismologists do, and says it in words', () => {
    expect(['mww', 'mb', 'ml', 'md', 'ms_20', 'mb_lg', 'MWW'].map((c) => f.magnitude_notation(c))).toEqual([
      'Mw',
      'mb',
      'ML',
      'Md',
      'Ms',
      'mbLg',
      'Mw',
    ]);
    expect(f.magnitude_type('mww')).toBe('moment magnitude');
    expect(f.magnitude_type('md')).toBe('duration magnitude');
    expect(f.magnitude_type('xyz')).toBe('');
    expect(f.magnitude_notation(null)).toBe('');
  });
});
