import { clipMeta } from '../../test/gateway.testing';
import { parseClipSpec } from './clip-payload';

const FIELDS: [string, string][] = [
  ['mag', '5.80'],
  ['place', '007 km 台北 <b>&amp;</b>'],
  ['time', '2025-11-21T05:42:00Z'],
  ['lat', '23.7'],
  ['lon', '121.3'],
];

describe('parseClipSpec', () => {
  it('reads the template and typed fields, keeping string values exactly', () => {
    expect(parseClipSpec(clipMeta('news-brief', FIELDS, { aspect: '9:16', slug: 'Quake' }))).toEqual({
      template: 'news-brief',
      aspect: '9:16',
      slug: 'Quake',
      fields: {
        mag: 5.8,
        place: '007 km 台北 <b>&amp;</b>',
        time: Date.parse('2025-11-21T05:42:00Z'),
        lat: 23.7,
        lon: 121.3,
      },
    });
  });

  it('accepts the shapes the MOS reader makes (one field, stored @attributes)', () => {
    const one = [
      {
        MosSchema: 's',
        MosPayload: {
          clipwright: {
            attributes: { template: 'news-brief' },
            field: { attributes: { name: 'mag', value: '1' } },
          },
        },
      },
    ];
    expect(() => parseClipSpec(one)).toThrow('field "place" is required by template news-brief');
    const stored = [
      {
        MosSchema: 's',
        MosPayload: {
          clipwright: {
            '@template': 'news-brief',
            field: FIELDS.map(([n, v]) => ({ '@name': n, '@value': v })),
          },
        },
      },
    ];
    expect(parseClipSpec(stored)?.fields.place).toBe('007 km 台北 <b>&amp;</b>');
  });

  it('returns null for an item of another device', () => {
    expect(parseClipSpec(undefined)).toBeNull();
    expect(parseClipSpec([{ MosSchema: 'x', MosPayload: { other: { a: 1 } } }])).toBeNull();
  });

  it.each([
    [clipMeta('weather', FIELDS), 'template "weather" is not one this gateway renders (news-brief, story)'],
    [
      clipMeta(
        'news-brief',
        FIELDS.filter(([k]) => k !== 'lat'),
      ),
      'field "lat" is required by template news-brief',
    ],
    [
      clipMeta('news-brief', [...FIELDS, ['colour', 'red']]),
      'field "colour" is not a field of template news-brief',
    ],
    [clipMeta('news-brief', [...FIELDS, ['mag', '3']]), 'field "mag" is given twice'],
    [
      clipMeta(
        'news-brief',
        FIELDS.map(([k, v]) => [k, k === 'mag' ? '0x10' : v]),
      ),
      'field "mag" must be a number, got "0x10"',
    ],
    [
      clipMeta(
        'news-brief',
        FIELDS.map(([k, v]) => [k, k === 'time' ? '2025-11-21 05:42' : v]),
      ),
      'field "time" must be an ISO 8601 date-time',
    ],
    [clipMeta('news-brief', [...FIELDS, ['felt', '1.5']]), 'field "felt" must be a whole number, got "1.5"'],
    [
      clipMeta('news-brief', [...FIELDS, ['alert', 'purple']]),
      'field "alert" must be one of green, yellow, orange, red, got "purple"',
    ],
    [
      clipMeta('news-brief', [...FIELDS, ['magType', 'x'.repeat(11)]]),
      'field "magType" is longer than 10 characters',
    ],
    [
      clipMeta('news-brief', FIELDS, { aspect: 'wide' }),
      'clipwright/@aspect must look like 16:9, got "wide"',
    ],
    [
      clipMeta('news-brief', FIELDS, { version: '2' }),
      'clipwright version "2" is not supported (expected 1)',
    ],
    [[{ MosSchema: 's', MosPayload: { clipwright: { field: [] } } }], 'clipwright/@template is required'],
  ])('refuses bad payloads naming the field (%#)', (meta, message) => {
    expect(() => parseClipSpec(meta as never)).toThrow(message);
  });

  it('treats an empty optional field as absent', () => {
    expect(parseClipSpec(clipMeta('news-brief', [...FIELDS, ['felt', '  ']]))?.fields).not.toHaveProperty(
      'felt',
    );
  });
});
