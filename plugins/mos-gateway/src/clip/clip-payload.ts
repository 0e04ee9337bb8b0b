/**
 * The Clipwright payload of a MOS item or object: a `<clipwright>` element inside
 * `mosExternalMetadata/mosPayload` (schema/clipwright-item.xsd, documented in the README):
 *
 *   <clipwright version="1" template="news-brief" aspect="16:9" slug="Quake Taiwan">
 *     <field name="mag" value="5.8"/> ...
 *   </clipwright>
 *
 * Values travel in attributes on purpose: @mos-connection's XML reader turns element text that
 * looks like a number or boolean into one ("007" -> 7), while attribute values stay strings.
 */
import type { IMOSExternalMetaData } from '@mos-connection/connector';
import { FieldSpec, FieldValue, findAdapter, TemplateAdapter, TEMPLATE_ADAPTERS } from './template-adapters';

export const PAYLOAD_VERSION = '1';

/** A payload checked against its template's adapter: ready to become a job. */
export interface ClipSpec {
  template: string;
  /** Output aspect asked for by the item (else the gateway's default). */
  aspect: string | null;
  slug: string | null;
  fields: Record<string, FieldValue>;
}

/** Why a payload was refused; the message names the field at fault and goes into the NACK. */
export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadError';
  }
}

type Loose = Record<string, unknown>;

/** Attributes of an element as @mos-connection's reader shaped it (nested or hoisted). */
function attributesOf(el: unknown): Record<string, string> {
  if (!el || typeof el !== 'object') return {};
  const o = el as Loose;
  const src = o.attributes && typeof o.attributes === 'object' ? (o.attributes as Loose) : o;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(src)) {
    if (k.startsWith('$') || k === 'attributes' || k === '#text') continue;
    // `@name`: an attribute as the gateway stores metadata (ro-model cleanMeta).
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      out[k.replace(/^@/, '')] = String(v);
  }
  return out;
}

/** Finds the `<clipwright>` element among an item's metadata blocks; null when there is none. */
export function findClipwrightElement(meta: IMOSExternalMetaData[] | undefined): Loose | null {
  for (const m of meta ?? []) {
    const payload = m.MosPayload as unknown;
    if (payload && typeof payload === 'object' && 'clipwright' in (payload as Loose)) {
      const el = (payload as Loose).clipwright;
      return el && typeof el === 'object' ? (el as Loose) : {};
    }
  }
  return null;
}

/** Reads the raw payload: template id, options and field strings, without checking them. */
export function readPayload(el: Loose): {
  template: string;
  aspect: string | null;
  slug: string | null;
  fields: [string, string][];
} {
  const attrs = attributesOf(el);
  if (attrs.version !== undefined && attrs.version !== PAYLOAD_VERSION)
    throw new PayloadError(
      `clipwright version "${attrs.version}" is not supported (expected ${PAYLOAD_VERSION})`,
    );
  const template = (attrs.template ?? '').trim();
  if (!template) throw new PayloadError('clipwright/@template is required');
  const raw = el.field;
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const fields = list.map((f, i): [string, string] => {
    const a = attributesOf(f);
    if (!a.name) throw new PayloadError(`clipwright/field[${i + 1}]/@name is required`);
    return [a.name, a.value ?? ''];
  });
  return { template, aspect: attrs.aspect?.trim() || null, slug: attrs.slug?.trim() || null, fields };
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const INTEGER = /^[-+]?\d+$/;
// ISO 8601 date-time with a zone (RFC 3339), the form the plug-in page writes.
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function parseField(spec: FieldSpec, value: string): FieldValue {
  const where = `field "${spec.name}"`;
  switch (spec.type) {
    case 'number': {
      if (!NUMBER.test(value) || !Number.isFinite(Number(value)))
        throw new PayloadError(`${where} must be a number, got "${value}"`);
      return Number(value);
    }
    case 'integer': {
      if (!INTEGER.test(value) || !Number.isSafeInteger(Number(value)))
        throw new PayloadError(`${where} must be a whole number, got "${value}"`);
      return Number(value);
    }
    case 'datetime': {
      const ms = INTEGER.test(value) ? Number(value) : DATETIME.test(value) ? Date.parse(value) : NaN;
      if (!Number.isFinite(ms))
        throw new PayloadError(
          `${where} must be an ISO 8601 date-time with a zone (2025-11-21T05:42:00Z), got "${value}"`,
        );
      return ms;
    }
    case 'enum': {
      if (!spec.options?.includes(value))
        throw new PayloadError(`${where} must be one of ${spec.options?.join(', ')}, got "${value}"`);
      return value;
    }
    case 'string': {
      if (spec.maxLength !== undefined && [...value].length > spec.maxLength)
        throw new PayloadError(`${where} is longer than ${spec.maxLength} characters`);
      return value;
    }
  }
}

/** Checks the fields against the template's adapter: known names, required ones present, types. */
export function checkFields(
  adapter: TemplateAdapter,
  fields: [string, string][],
): Record<string, FieldValue> {
  const seen = new Map<string, string>();
  for (const [name, value] of fields) {
    if (!adapter.fields.some((f) => f.name === name))
      throw new PayloadError(`field "${name}" is not a field of template ${adapter.template}`);
    if (seen.has(name)) throw new PayloadError(`field "${name}" is given twice`);
    seen.set(name, value.trim());
  }
  const out: Record<string, FieldValue> = {};
  for (const spec of adapter.fields) {
    const value = seen.get(spec.name) ?? '';
    if (value === '') {
      if (spec.required)
        throw new PayloadError(`field "${spec.name}" is required by template ${adapter.template}`);
      continue;
    }
    out[spec.name] = parseField(spec, value);
  }
  return out;
}

/**
 * The checked clip request of an item's metadata, or null when the item carries no Clipwright
 * payload (it belongs to another device). Throws PayloadError naming what is wrong.
 */
export function parseClipSpec(meta: IMOSExternalMetaData[] | undefined): ClipSpec | null {
  const el = findClipwrightElement(meta);
  if (el === null) return null;
  const raw = readPayload(el);
  const adapter = findAdapter(raw.template);
  if (!adapter)
    throw new PayloadError(
      `template "${raw.template}" is not one this gateway renders (${TEMPLATE_ADAPTERS.map((a) => a.template).join(', ')})`,
    );
  if (raw.aspect !== null && !/^\d{1,2}:\d{1,2}$/.test(raw.aspect))
    throw new PayloadError(`clipwright/@aspect must look like 16:9, got "${raw.aspect}"`);
  return {
    template: raw.template,
    aspect: raw.aspect,
    slug: raw.slug,
    fields: checkFields(adapter, raw.fields),
  };
}
