import {
  ASSET_REF,
  asOutage,
  canonicalJson,
  ClipwrightError,
  ErrorCode,
  ServiceErrorCode,
  sha256,
  withTimeout,
} from '@app/core';
import {
  IMAGE_PARAMETERS_SCHEMA,
  ImageParameters,
  UPSCALE_PARAMETERS_SCHEMA,
  UpscaleParameters,
  validateImageParameters,
  validateUpscaleParameters,
} from '@app/diffusion';
import type { AssetRepository, JobEntity } from '@app/persistence';
import type { GenerateAdvertisements, GenerateOffer } from '@app/queue';
import { ApiError } from './api.error';
import type { JobsService } from './jobs.service';

const callbackUrl = { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000 } as const;

/** POST /v1/images: the image parameters plus an optional callbackUrl (for OpenAPI). */
export const CREATE_IMAGE_SCHEMA = {
  ...IMAGE_PARAMETERS_SCHEMA,
  properties: { ...IMAGE_PARAMETERS_SCHEMA.properties, callbackUrl },
} as const;

/** POST /v1/images/upscale: `image` (an `asset:<id>`) is required here. */
export const CREATE_UPSCALE_SCHEMA = {
  ...UPSCALE_PARAMETERS_SCHEMA,
  required: ['model', 'image'],
  properties: { ...UPSCALE_PARAMETERS_SCHEMA.properties, callbackUrl },
} as const;

/** Splits `callbackUrl` off a body (the diffusion lib's schema does not know it). */
function splitCallback(body: unknown): { params: unknown; callbackUrl?: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { params: body };
  const { callbackUrl: url, ...params } = body as Record<string, unknown>;
  if (url === undefined) return { params };
  if (typeof url !== 'string' || !/^https?:\/\//.test(url) || url.length > 2000)
    throw ApiError.invalid(
      '$.callbackUrl',
      'must be an http:// or https:// URL of at most 2000 characters',
      ErrorCode.ImageRequestInvalid,
    );
  return { params, callbackUrl: url };
}

/**
 * Image jobs (generation and upscaling) for one workspace. Checks a request at the edge with the
 * diffusion engine's own JSON Schema (IMAGE_REQUEST_INVALID naming the field), the model against
 * what the running generate workers advertise (MODEL_NOT_FOUND), and the pictures it names against
 * the workspace's uploads; then stores and queues the job row as renders are (same idempotency,
 * same outbox, same webhooks), on the generate queue.
 */
export class ImagesService {
  constructor(
    private readonly jobs: Pick<JobsService, 'accept' | 'checkCallbackUrl'>,
    private readonly assets: Pick<AssetRepository, 'existing'>,
    private readonly advertisements: Pick<GenerateAdvertisements, 'offer'>,
    private readonly dependencyTimeoutMs = 2000,
  ) {}

  async create(
    workspaceId: string,
    body: unknown,
    idempotencyKey: string | undefined,
  ): Promise<{ job: JobEntity; created: boolean }> {
    const { params, callbackUrl } = splitCallback(body);
    const p: ImageParameters = validateImageParameters(params);
    await this.checkModel(p.model, 'models');
    await this.checkPictures(workspaceId, { image: p.image, mask: p.mask === 'alpha' ? undefined : p.mask });
    return this.accept(workspaceId, 'image', p.model, p, callbackUrl, idempotencyKey);
  }

  async createUpscale(
    workspaceId: string,
    body: unknown,
    idempotencyKey: string | undefined,
  ): Promise<{ job: JobEntity; created: boolean }> {
    const { params, callbackUrl } = splitCallback(body);
    const p: UpscaleParameters = validateUpscaleParameters(params);
    if (p.image === undefined)
      throw new ClipwrightError(
        ErrorCode.ImageRequestInvalid,
        '$.image is required (an asset:<id> picture)',
        {
          path: '$.image',
        },
      );
    await this.checkModel(p.model, 'upscalers');
    await this.checkPictures(workspaceId, { image: p.image });
    return this.accept(workspaceId, 'upscale', p.model, p, callbackUrl, idempotencyKey);
  }

  /** What the live generate workers offer; empty lists when none runs. */
  async offer(): Promise<GenerateOffer> {
    const offer = await withTimeout(this.advertisements.offer(), this.dependencyTimeoutMs, 'redis').catch(
      (e: unknown) => {
        throw asOutage(e, 'queue');
      },
    );
    return offer ?? { workers: [], models: [], upscalers: [] };
  }

  private async accept(
    workspaceId: string,
    kind: 'image' | 'upscale',
    model: string,
    params: object,
    callbackUrl: string | undefined,
    idempotencyKey: string | undefined,
  ): Promise<{ job: JobEntity; created: boolean }> {
    await this.jobs.checkCallbackUrl(callbackUrl);
    return this.jobs.accept(
      workspaceId,
      {
        kind,
        template: model,
        data: params,
        select: null,
        aspects: [],
        callbackUrl: callbackUrl ?? null,
        batchId: null,
      },
      sha256(canonicalJson({ kind, params, callbackUrl: callbackUrl ?? null })),
      idempotencyKey,
    );
  }

  /** Accepting a job needs only the database: with Redis down, no model is refused here. */
  private readOffer(): Promise<GenerateOffer | null> {
    return withTimeout(this.advertisements.offer(), this.dependencyTimeoutMs, 'redis').catch(() => null);
  }

  /**
   * Refuses a model no running generate worker has. With none running the API cannot know, and
   * the job waits: the worker that takes it fails it with MODEL_NOT_FOUND if it lacks the model.
   */
  private async checkModel(model: string, list: 'models' | 'upscalers'): Promise<void> {
    const offer = await this.readOffer();
    if (!offer) return;
    const ids = list === 'models' ? offer.models.map((m) => m.id) : offer.upscalers;
    if (ids.includes(model)) return;
    throw new ClipwrightError(
      ErrorCode.ModelNotFound,
      `$.model "${model}" is not a model the generate workers have (${ids.length ? ids.join(', ') : 'none'}; GET /v1/models)`,
      { path: '$.model' },
    );
  }

  /** `image` and `mask` must be `asset:<id>` of uploads of this workspace. */
  private async checkPictures(workspaceId: string, refs: Record<string, string | undefined>): Promise<void> {
    const named = Object.entries(refs).filter((e): e is [string, string] => e[1] !== undefined);
    const ids = new Map<string, string>();
    for (const [field, ref] of named) {
      const m = ASSET_REF.exec(ref);
      if (!m)
        throw ApiError.invalid(
          `$.${field}`,
          `must be asset:<id> of an upload (POST /v1/assets)${field === 'mask' ? ' or "alpha"' : ''}`,
          ServiceErrorCode.AssetNotFound,
        );
      ids.set(field, m[1]);
    }
    if (ids.size === 0) return;
    const known = await this.assets.existing(workspaceId, [...new Set(ids.values())]);
    for (const [field, id] of ids)
      if (!known.has(id))
        throw ApiError.invalid(
          `$.${field}`,
          `names asset ${id}, which is not an upload of this workspace (POST /v1/assets)`,
          ServiceErrorCode.AssetNotFound,
        );
  }
}
