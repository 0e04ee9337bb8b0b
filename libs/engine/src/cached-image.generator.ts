import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { canonicalJson, sha256 } from '@app/core';
import { type DiffusionEngine, modelFingerprint } from '@app/diffusion';
import type { GeneratedImageRequest, ImageGenerator } from '@app/layers';

/**
 * The diffusion engine behind a folder of PNGs named by the hash of (model fingerprint: its JSON
 * configs and file sizes; every parameter of the request, seed included). A re-render of the same
 * data on the same model reads the picture instead of running the UNet again; a changed prompt,
 * size, seed or model makes a new one. Files are written under a temporary name and renamed into
 * place, so a reader never sees half a PNG, and two workers making the same picture agree.
 */
export class CachedImageGenerator implements ImageGenerator {
  constructor(
    private readonly engine: Pick<DiffusionEngine, 'generate' | 'registry'>,
    /** `<cache>/images`: one `<sha256>.png` per picture. */
    readonly dir: string,
  ) {}

  /** The cache key of a request: sha256 over the model's fingerprint and the request's canonical JSON. */
  async key(request: GeneratedImageRequest): Promise<string> {
    const folder = await this.engine.registry.get(request.model);
    return sha256(canonicalJson({ v: 1, model: await modelFingerprint(folder), request }));
  }

  async generate(
    request: GeneratedImageRequest,
    options: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
  ): Promise<{ png: Buffer; cached: boolean }> {
    const file = path.join(this.dir, `${await this.key(request)}.png`);
    const hit = await fs.readFile(file).catch(() => undefined);
    if (hit) {
      options.onProgress?.(1);
      return { png: hit, cached: true };
    }
    const made = await this.engine.generate(
      { ...request, scheduler: request.scheduler as never, count: 1 },
      options,
    );
    const png = made.images[0].png;
    await fs.mkdir(this.dir, { recursive: true });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(tmp, png);
    await fs.rename(tmp, file);
    return { png, cached: false };
  }
}
