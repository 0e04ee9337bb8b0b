/**
 * How a story item's fields become a Clipwright job for each template the gateway offers. One
 * adapter per template, registered in TEMPLATE_ADAPTERS (the one list the plug-in page, the payload
 * checks and the job builder read). The `story` template slots in as one more adapter whose
 * `usesStoryText` is true: its `toData` receives the story's text (MOS profile 4, roStorySend) as
 * the script; see the plug-in README, "Adding the story template".
 */

import { parseStory } from '@app/templates';
import { PayloadError } from './clip-payload';

export type FieldType = 'string' | 'number' | 'integer' | 'datetime' | 'enum';

/** One field a journalist fills in the plug-in page; carried as `<field name value/>`. */
export interface FieldSpec {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  /** Allowed values (enum). */
  options?: string[];
  maxLength?: number;
  /** Shown as the placeholder in the plug-in page. */
  example?: string;
}

/** A field value after its type's parsing: strings stay strings; numbers; datetimes in epoch ms. */
export type FieldValue = string | number;

export interface TemplateAdapter {
  /** The Clipwright template id (GET /v1/templates). */
  template: string;
  title: string;
  fields: FieldSpec[];
  /** True when the story's own text (roStorySend) is part of the clip, e.g. as its script. */
  usesStoryText: boolean;
  /** The job's `data` from the parsed fields (and the story text when usesStoryText). */
  toData(fields: Record<string, FieldValue>, storyText: string): unknown;
  /** A slug for the MOS object when the item gives none. */
  slugOf(fields: Record<string, FieldValue>): string;
}

/**
 * news-brief reads one USGS earthquake feature (GeoJSON). The fields are the feed's own names
 * (properties.mag, place, time, ...), flattened; lat/lon/depth become geometry.coordinates.
 */
const newsBrief: TemplateAdapter = {
  template: 'news-brief',
  title: 'Earthquake news brief',
  usesStoryText: false,
  fields: [
    { name: 'mag', label: 'Magnitude', type: 'number', required: true, example: '5.8' },
    {
      name: 'place',
      label: 'Place',
      type: 'string',
      required: true,
      maxLength: 200,
      example: '38 km SW of Hualien City, Taiwan',
    },
    {
      name: 'time',
      label: 'Time (UTC, ISO 8601)',
      type: 'datetime',
      required: true,
      example: '2025-11-21T05:42:00Z',
    },
    { name: 'lat', label: 'Latitude', type: 'number', required: true, example: '23.77' },
    { name: 'lon', label: 'Longitude', type: 'number', required: true, example: '121.34' },
    { name: 'depth', label: 'Depth (km)', type: 'number', required: false, example: '17.2' },
    {
      name: 'magType',
      label: 'Magnitude type',
      type: 'string',
      required: false,
      maxLength: 10,
      example: 'mww',
    },
    { name: 'felt', label: 'Felt reports', type: 'integer', required: false, example: '112' },
    {
      name: 'alert',
      label: 'PAGER alert',
      type: 'enum',
      required: false,
      options: ['green', 'yellow', 'orange', 'red'],
    },
    { name: 'tsunami', label: 'Tsunami flag', type: 'enum', required: false, options: ['0', '1'] },
    {
      name: 'eventId',
      label: 'USGS event id',
      type: 'string',
      required: false,
      maxLength: 64,
      example: 'us7000abcd',
    },
  ],
  toData(f) {
    const opt = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
    return {
      type: 'Feature',
      ...(f.eventId !== undefined ? { id: String(f.eventId) } : {}),
      properties: {
        mag: f.mag,
        place: f.place,
        time: f.time,
        magType: opt(f.magType),
        felt: opt(f.felt),
        alert: opt(f.alert),
        tsunami: f.tsunami === undefined ? null : Number(f.tsunami),
      },
      geometry: { type: 'Point', coordinates: [f.lon, f.lat, opt(f.depth)] },
    };
  },
  slugOf(f) {
    return `M${Number(f.mag).toFixed(1)} ${String(f.place)}`.slice(0, 128);
  },
};

/**
 * story reads the story's own text (roStorySend: one line per `<p>`) as a reporter's script: each
 * `<p>` a paragraph, the first the headline unless the `headline` field gives one; picture and
 * lower-third lines as the story template documents them (pictures as `asset:<id>` of uploads). A
 * story not sent yet has no text: its job is refused by the API on `$.data.paragraphs` until it is.
 * A text the parser refuses is a payload error (NACK) naming the line.
 */
const story: TemplateAdapter = {
  template: 'story',
  title: "Reporter's story",
  usesStoryText: true,
  fields: [
    {
      name: 'headline',
      label: 'Headline (default: the first paragraph)',
      type: 'string',
      required: false,
      maxLength: 200,
      example: 'Flood barrier opens early',
    },
  ],
  toData(f, storyText) {
    const headline = f.headline === undefined ? undefined : String(f.headline);
    if (!storyText.trim()) return { headline: headline ?? '', paragraphs: [] };
    try {
      // With a headline field, line 1 is the headline and the story's first <p> line 2.
      const script = headline !== undefined ? `${headline}\n${storyText}` : storyText;
      return parseStory(script, 'paragraphs', 'the story text');
    } catch (e) {
      throw new PayloadError(e instanceof Error ? e.message : String(e));
    }
  },
  slugOf(f) {
    return String(f.headline ?? 'Story').slice(0, 128);
  },
};

/** Every template the gateway can render from a story item. */
export const TEMPLATE_ADAPTERS: readonly TemplateAdapter[] = [newsBrief, story];

export function findAdapter(template: string): TemplateAdapter | undefined {
  return TEMPLATE_ADAPTERS.find((a) => a.template === template);
}
