import Ajv, { ErrorObject } from 'ajv';
import { ASSET_REF, describeSchemaError, ErrorCode } from '@app/core';
import type { AssetRepository, BrandKit, BrandKitRepository } from '@app/persistence';
import { ApiError } from './api.error';
import type { FontCatalog } from './font.catalog';

/** Printable text with something in it: no control characters, not blank. */
const TEXT = '^(?=[\\s\\S]*\\S)[^\\u0000-\\u001f\\u007f]*$';
const COLOR = { type: 'string', pattern: '^#[0-9a-fA-F]{6}$', description: 'sRGB, #rrggbb' };

/** PUT /v1/brand's body: the engine's brand shape, every field optional, nothing else. */
export const brandKitSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    channelName: { type: 'string', maxLength: 60, pattern: TEXT },
    logo: {
      type: 'string',
      pattern: '^asset:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
      description: 'asset:<id> of an uploaded PNG, JPEG or WebP',
    },
    colors: {
      type: 'object',
      additionalProperties: false,
      properties: { accent: COLOR, background: COLOR, text: COLOR },
    },
    font: {
      type: 'string',
      maxLength: 100,
      pattern: TEXT,
      description: 'an installed family (GET /v1/fonts)',
    },
    aiLabel: { type: 'string', maxLength: 80, pattern: TEXT, description: 'the visible AI label wording' },
  },
};

const LOGO_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/webp']);
const validate = new Ajv({ allErrors: false, strict: true, unicodeRegExp: true }).compile<BrandKit>(
  brandKitSchema,
);

/**
 * The workspace's brand kit: read, checked and saved. The kit is stored whole; every new job copies
 * it (as `brand`), so a job renders with the kit of the moment it was made.
 */
export class BrandService {
  constructor(
    private readonly kits: Pick<BrandKitRepository, 'get' | 'save'>,
    private readonly assets: Pick<AssetRepository, 'get'>,
    private readonly fonts: Pick<FontCatalog, 'has'>,
  ) {}

  /** The saved kit, `{}` when the workspace has none. */
  async get(workspaceId: string): Promise<BrandKit> {
    return (await this.kits.get(workspaceId)) ?? {};
  }

  /** The kit new jobs carry, or null when there is none (or it is empty). */
  async forJob(workspaceId: string): Promise<BrandKit | null> {
    const kit = await this.kits.get(workspaceId);
    return kit && Object.keys(kit).length > 0 ? kit : null;
  }

  /**
   * Checks and replaces the kit. Throws 400 INVALID_ARGUMENT naming the field (`$.colors.accent`),
   * ASSET_NOT_FOUND when `logo` is not an upload of this workspace, and INVALID_ARGUMENT at `$.font`
   * for a family that is not installed. Nothing is written unless all of it is valid.
   */
  async save(workspaceId: string, body: unknown): Promise<BrandKit> {
    if (body === null || body === undefined) throw ApiError.invalid('$', 'is required');
    if (!validate(body)) {
      const { path, message } = describeSchemaError(validate.errors?.[0] as ErrorObject, '$');
      throw ApiError.invalid(path, message.includes('pattern') ? patternMessage(path) : message);
    }
    const kit = body;
    if (kit.logo !== undefined) {
      const id = ASSET_REF.exec(kit.logo)?.[1] ?? '';
      const asset = await this.assets.get(workspaceId, id);
      if (!asset)
        throw ApiError.invalid(
          '$.logo',
          'names no upload of this workspace (POST /v1/assets)',
          ErrorCode.AssetNotFound,
        );
      if (!LOGO_TYPES.has(asset.contentType))
        throw ApiError.invalid('$.logo', `is ${asset.contentType}, not a PNG, JPEG or WebP picture`);
    }
    if (kit.font !== undefined && !(await this.fonts.has(kit.font)))
      throw ApiError.invalid(
        '$.font',
        `"${kit.font}" is not an installed font family (GET /v1/fonts lists them)`,
      );
    return this.kits.save(workspaceId, kit);
  }
}

/** What a failed pattern means, in words (ajv would print the regular expression). */
function patternMessage(path: string): string {
  if (path.startsWith('$.colors.')) return 'must be a colour as #rrggbb';
  if (path === '$.logo') return 'must be asset:<id> of an upload';
  return 'must be text without control characters, not blank';
}
