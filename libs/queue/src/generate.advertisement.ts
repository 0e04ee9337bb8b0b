import type Redis from 'ioredis';

/** What one generate worker offers: its execution provider and the models it can load. */
export interface GenerateAdvertisement {
  worker: string;
  /** Where its sessions run first (`cuda` or `cpu`) and whether CUDA's provider library is there. */
  provider: string;
  cudaInstalled: boolean | null;
  /** Diffusion models: id, family and what requests each serves; only models with no problems. */
  models: { id: string; family?: string; modes: string[] }[];
  /** Super-resolution model ids (models/upscale/<id>.onnx). */
  upscalers: string[];
  /** Milliseconds since the epoch when it was written. */
  at: number;
}

/** The union of what every live generate worker advertises (GET /v1/models). */
export interface GenerateOffer {
  workers: Omit<GenerateAdvertisement, 'models' | 'upscalers'>[];
  models: { id: string; family?: string; modes: string[]; providers: string[] }[];
  upscalers: string[];
}

/**
 * Generate workers write what they offer to Redis (one key each, expiring unless refreshed), and
 * the API reads it: so a request for a model no worker has is refused at once with MODEL_NOT_FOUND,
 * and GET /v1/models says what the running workers can do. No advertisement at all (no generate
 * worker running yet) refuses nothing: the job waits for one, which fails it if it lacks the model.
 */
export class GenerateAdvertisements {
  constructor(
    private readonly redis: Pick<Redis, 'set' | 'scan' | 'mget' | 'del'>,
    private readonly prefix: string,
  ) {}

  private key(worker: string): string {
    return `${this.prefix}:generate:worker:${worker}`;
  }

  /** Writes (or refreshes) one worker's advertisement for `ttlMs`. */
  async publish(ad: GenerateAdvertisement, ttlMs: number): Promise<void> {
    await this.redis.set(this.key(ad.worker), JSON.stringify(ad), 'PX', ttlMs);
  }

  /** Removes a worker's advertisement (at shutdown). */
  async withdraw(worker: string): Promise<void> {
    await this.redis.del(this.key(worker));
  }

  /** Every live advertisement, merged; null when no generate worker advertises. */
  async offer(): Promise<GenerateOffer | null> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', this.key('*'), 'COUNT', 100);
      keys.push(...found);
      cursor = next;
    } while (cursor !== '0');
    if (keys.length === 0) return null;
    const ads = (await this.redis.mget(...keys))
      .filter((v): v is string => typeof v === 'string')
      .map((v) => JSON.parse(v) as GenerateAdvertisement);
    if (ads.length === 0) return null;
    const models = new Map<string, GenerateOffer['models'][number]>();
    for (const ad of ads)
      for (const m of ad.models) {
        const entry = models.get(m.id) ?? { ...m, providers: [] };
        if (!entry.providers.includes(ad.provider)) entry.providers.push(ad.provider);
        models.set(m.id, entry);
      }
    return {
      workers: ads
        .map(({ worker, provider, cudaInstalled, at }) => ({ worker, provider, cudaInstalled, at }))
        .sort((a, b) => a.worker.localeCompare(b.worker)),
      models: [...models.values()].sort((a, b) => a.id.localeCompare(b.id)),
      upscalers: [...new Set(ads.flatMap((a) => a.upscalers))].sort(),
    };
  }
}
