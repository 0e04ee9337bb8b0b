import Ajv from 'ajv';
import { ClipwrightError, describeSchemaError, ErrorCode } from '@app/core';

/** Where a visible label sits, inside the 90% title-safe area. */
export type LabelPlacement =
  'top-left' | 'top-right' | 'top-center' | 'bottom-left' | 'bottom-right' | 'bottom-center';

/** For the whole clip, or from the first frame for `seconds` (clipped to the clip's length). */
export type LabelTiming = { kind: 'whole' } | { kind: 'start'; seconds: number };

/** The explicit (visible) label: wording per language, where, when and how big. */
export interface VisibleLabelSpec {
  /** BCP 47 language tag (`en`, `zh`, `pt-BR`) -> wording. */
  text: Record<string, string>;
  /** The language used when the job's language has no wording of its own. */
  defaultLanguage: string;
  placement: LabelPlacement;
  timing: LabelTiming;
  /** Minimum height of the label's text as a fraction of the frame's shorter side (0.05 = 5%). */
  minTextHeight: number;
}

/** A disclosure line read by the job's voice, before or after the script. */
export interface SpokenDisclosureSpec {
  text: Record<string, string>;
  defaultLanguage: string;
  position: 'start' | 'end';
}

/**
 * A label profile (issue 16): what a workspace's clips say about being AI-generated. The IPTC
 * DigitalSourceType in the XMP packet and the signed C2PA manifest are written whatever the profile
 * (they are the provider's machine-readable marking, EU AI Act Art. 50(2)); the profile chooses
 * the visible label, the spoken line, and whether the GB 45438-2025 `AIGC` field is written.
 */
export interface LabelProfile {
  id: string;
  visible: VisibleLabelSpec | null;
  spoken: SpokenDisclosureSpec | null;
  implicit: { aigc: boolean };
}

/** The EU corner badge: "AI-generated" in the clip's language, top right, for the whole clip. */
const EU_WORDING: Record<string, string> = {
  en: 'AI-generated',
  de: 'KI-generiert',
  fr: 'Généré par IA',
  es: 'Generado por IA',
  it: "Generato dall'IA",
  pt: 'Gerado por IA',
  nl: 'Gegenereerd door AI',
  pl: 'Wygenerowane przez AI',
  sv: 'AI-genererat',
  da: 'AI-genereret',
  fi: 'Tekoälyn tuottama',
  cs: 'Vytvořeno pomocí AI',
  ro: 'Generat de IA',
  el: 'Δημιουργήθηκε με ΤΝ',
  zh: 'AI生成',
  ja: 'AI生成',
  ar: 'مُنشأ بالذكاء الاصطناعي',
};

/** Built-in profiles. `cn` follows GB 45438-2025's explicit label for video (see docs/provenance.md). */
export const BUILT_IN_PROFILES: Readonly<Record<'eu' | 'cn' | 'none', LabelProfile>> = {
  eu: {
    id: 'eu',
    visible: {
      text: EU_WORDING,
      defaultLanguage: 'en',
      placement: 'top-right',
      timing: { kind: 'whole' },
      minTextHeight: 0.02,
    },
    spoken: null,
    implicit: { aigc: true },
  },
  cn: {
    id: 'cn',
    visible: {
      text: { zh: '人工智能生成', en: 'AI-generated' },
      defaultLanguage: 'zh',
      placement: 'top-left',
      // The standard asks for at least 2 s; one more second keeps that after a late start or a
      // frame-rate conversion.
      timing: { kind: 'start', seconds: 3 },
      minTextHeight: 0.05,
    },
    spoken: null,
    implicit: { aigc: true },
  },
  none: { id: 'none', visible: null, spoken: null, implicit: { aigc: false } },
};

const wording = {
  type: 'object',
  minProperties: 1,
  propertyNames: { pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
  additionalProperties: { type: 'string', minLength: 1, maxLength: 80, pattern: '\\S' },
} as const;

/** JSON Schema (draft-07) of a custom profile, as a workspace or a job sends it. */
export const LABEL_PROFILE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://clipwright.dev/schemas/label-profile.json',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'visible', 'spoken', 'implicit'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$', not: { enum: ['eu', 'cn', 'none'] } },
    visible: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['text', 'defaultLanguage', 'placement', 'timing', 'minTextHeight'],
      properties: {
        text: wording,
        defaultLanguage: { type: 'string' },
        placement: {
          enum: ['top-left', 'top-right', 'top-center', 'bottom-left', 'bottom-right', 'bottom-center'],
        },
        timing: {
          type: 'object',
          required: ['kind'],
          properties: { kind: { enum: ['whole', 'start'] } },
          discriminator: { propertyName: 'kind' },
          oneOf: [
            {
              type: 'object',
              additionalProperties: false,
              required: ['kind'],
              properties: { kind: { const: 'whole' } },
            },
            {
              type: 'object',
              additionalProperties: false,
              required: ['kind', 'seconds'],
              properties: {
                kind: { const: 'start' },
                seconds: { type: 'number', exclusiveMinimum: 0, maximum: 3600 },
              },
            },
          ],
        },
        minTextHeight: { type: 'number', minimum: 0.01, maximum: 0.2 },
      },
    },
    spoken: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['text', 'defaultLanguage', 'position'],
      properties: {
        text: {
          ...wording,
          additionalProperties: { type: 'string', minLength: 1, maxLength: 300, pattern: '\\S' },
        },
        defaultLanguage: { type: 'string' },
        position: { enum: ['start', 'end'] },
      },
    },
    implicit: {
      type: 'object',
      additionalProperties: false,
      required: ['aigc'],
      properties: { aigc: { type: 'boolean' } },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true, discriminator: true });
const validate = ajv.compile<LabelProfile>(LABEL_PROFILE_SCHEMA);

function invalid(path: string, message: string): ClipwrightError {
  return new ClipwrightError(ErrorCode.InvalidArgument, `Label profile: ${path} ${message}`, { path });
}

/**
 * Checks a custom profile (parsed JSON) and returns it typed. `base` prefixes the JSON paths in
 * errors, e.g. `$.labels.profile` when the profile sits inside a job request.
 * @throws ClipwrightError INVALID_ARGUMENT naming the JSON path at fault.
 */
export function parseLabelProfile(value: unknown, base = '$'): LabelProfile {
  if (!validate(value)) {
    const described = describeSchemaError(validate.errors![0], base);
    throw invalid(described.path, described.message);
  }
  for (const key of ['visible', 'spoken'] as const) {
    const spec = value[key];
    if (spec && !Object.keys(spec.text).some((l) => sameLanguage(l, spec.defaultLanguage))) {
      throw invalid(`${base}.${key}.defaultLanguage`, `"${spec.defaultLanguage}" has no wording in .text`);
    }
  }
  return value;
}

/**
 * The profile a job uses: its own (a built-in id or a custom profile object) if it names one,
 * else the workspace's, else `eu`.
 * @throws ClipwrightError INVALID_ARGUMENT for an unknown id or an invalid custom profile.
 */
export function resolveLabelProfile(job: unknown, workspace?: unknown, base = '$.labels'): LabelProfile {
  const chosen = job ?? workspace ?? 'eu';
  if (typeof chosen === 'string') {
    if (chosen in BUILT_IN_PROFILES) return BUILT_IN_PROFILES[chosen as keyof typeof BUILT_IN_PROFILES];
    throw invalid(base, `"${chosen}" is not a label profile; use eu, cn, none or a custom profile object`);
  }
  return parseLabelProfile(chosen, base);
}

function sameLanguage(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The wording for `language` (BCP 47): the exact tag, then its primary language (`pt-BR` -> `pt`),
 * then the default language. Tags compare case-insensitively.
 */
export function pickWording(
  text: Record<string, string>,
  language: string,
  defaultLanguage: string,
): { language: string; text: string } {
  const entries = Object.entries(text);
  const primary = language.split('-')[0];
  const found =
    entries.find(([l]) => sameLanguage(l, language)) ??
    entries.find(([l]) => sameLanguage(l, primary)) ??
    entries.find(([l]) => sameLanguage(l, defaultLanguage)) ??
    entries[0];
  return { language: found[0], text: found[1] };
}

/** The spoken disclosure line for the job's language and where it goes, or null when the profile has none. */
export function spokenDisclosure(
  profile: LabelProfile,
  language: string,
): { text: string; language: string; position: 'start' | 'end' } | null {
  if (!profile.spoken) return null;
  return {
    ...pickWording(profile.spoken.text, language, profile.spoken.defaultLanguage),
    position: profile.spoken.position,
  };
}
