import { ClipwrightError, ErrorCode } from '@app/core';
import Ajv from 'ajv';

/**
 * A channel's or a shop's look, set once and used by every template: the template's `brand` block,
 * a workspace's brand kit (PUT /v1/brand) and a job's `brand` (CLI `--brand brand.json`) have this
 * shape, and each one's fields win over the one before (template < workspace/job).
 * Colours are `#rrggbb`; `font` is an installed family name (fc-list); `logo` a picture file of the
 * template, a file next to brand.json (CLI) or `asset:<id>` of an upload (service); `aiLabel` the
 * visible AI-generation label's wording.
 */
export interface Brand {
  channelName?: string;
  logo?: string;
  colors?: { accent?: string; background?: string; text?: string };
  font?: string;
  aiLabel?: string;
}

/** JSON Schema of a {@link Brand} (draft-07), shared by template.json, the CLI's brand.json and jobs. */
export const BRAND_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    channelName: { type: 'string', minLength: 1, maxLength: 40 },
    logo: { type: 'string', minLength: 1, maxLength: 1024 },
    colors: {
      type: 'object',
      additionalProperties: false,
      properties: {
        accent: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
        background: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
        text: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
      },
    },
    font: { type: 'string', minLength: 1, maxLength: 100 },
    aiLabel: { type: 'string', minLength: 1, maxLength: 60 },
  },
} as const;

const validateBrand = new Ajv({ allErrors: false, strict: true }).compile<Brand>(BRAND_SCHEMA);

/**
 * Checks a brand from outside (brand.json, a job's `brand`); returns it typed.
 * @throws ClipwrightError INVALID_ARGUMENT naming `where` and the JSON path at fault.
 */
export function checkBrand(value: unknown, where: string): Brand {
  if (validateBrand(value)) return value;
  const e = validateBrand.errors?.[0];
  const at = e?.instancePath ? e.instancePath.replace(/\//g, '.') : '';
  throw new ClipwrightError(ErrorCode.InvalidArgument, `${where}${at}: ${e?.message ?? 'is invalid'}`, {
    path: `${where}${at}`,
  });
}

/** Field by field (colours one by one): `over`'s fields win where it sets them. */
export function mergeBrand(base: Brand | undefined, over: Brand | undefined): Brand {
  const colors = { ...base?.colors, ...over?.colors };
  const merged: Brand = { ...base, ...over };
  if (Object.keys(colors).length) merged.colors = colors;
  else delete merged.colors;
  return merged;
}

/** A template's own brand: its `brand` block over the older `theme` (`accent`, `channelName`). */
export function templateBrand(manifest: {
  brand?: Brand;
  theme?: { accent?: string; channelName?: string };
}): Brand {
  const { theme } = manifest;
  const fromTheme: Brand = {
    ...(theme?.channelName ? { channelName: theme.channelName } : {}),
    ...(theme?.accent ? { colors: { accent: theme.accent } } : {}),
  };
  return mergeBrand(fromTheme, manifest.brand);
}
