import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode, resolveInside } from '@app/core';
import type { ModelFamily } from '../model/model-family';
import { COMPONENTS, inspectModelFolder, ModelFolder, ModelProblem } from '../model/model-folder';

/** One entry of `clipwright models list` / the API's model list. */
export interface ModelListing {
  id: string;
  name?: string;
  family?: ModelFamily;
  licence?: string;
  /** What requests it can serve. */
  modes: ('text-to-image' | 'image-to-image' | 'inpainting')[];
  /** Problems that stop it from loading (empty when usable). */
  problems: ModelProblem[];
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * The models a deployment offers: each folder under `root` (models/diffusion/<id>/) in the diffusers
 * ONNX layout. Reads only JSON and file listings, never a graph, so the API can validate requests
 * with it without loading ONNX Runtime sessions.
 */
export class DiffusionModelRegistry {
  constructor(readonly root: string) {}

  /** Model ids, sorted: the sub-folders that hold a model_index.json. */
  async ids(): Promise<string[]> {
    const entries = await fs.readdir(this.root, { withFileTypes: true }).catch(() => []);
    const ids: string[] = [];
    for (const e of entries) {
      if (!e.isDirectory() || !ID.test(e.name)) continue;
      if (await fs.stat(path.join(this.root, e.name, 'model_index.json')).catch(() => undefined))
        ids.push(e.name);
    }
    return ids.sort();
  }

  async list(): Promise<ModelListing[]> {
    const out: ModelListing[] = [];
    for (const id of await this.ids()) {
      const { folder, problems } = await inspectModelFolder(path.join(this.root, id), id);
      out.push({
        id,
        ...(folder?.manifest?.name ? { name: folder.manifest.name } : {}),
        ...(folder ? { family: folder.family } : {}),
        ...(folder?.manifest?.licence ? { licence: folder.manifest.licence } : {}),
        modes: folder ? modesOf(folder) : [],
        problems,
      });
    }
    return out;
  }

  /**
   * The model folder for a request's `model`.
   * @throws ClipwrightError MODEL_NOT_FOUND (path `field`) listing the ids there are, or
   *         MODEL_INVALID listing what is wrong with the folder.
   */
  async get(id: string, field = '$.model'): Promise<ModelFolder> {
    const dir = ID.test(id) ? resolveInside(this.root, id, 'model') : undefined;
    const exists = dir && (await fs.stat(path.join(dir, 'model_index.json')).catch(() => undefined));
    if (!dir || !exists) {
      const known = await this.ids();
      throw new ClipwrightError(
        ErrorCode.ModelNotFound,
        `${field} names no installed model ${JSON.stringify(id)} (installed: ${known.length ? known.join(', ') : 'none'})`,
        { path: field },
      );
    }
    const { folder, problems } = await inspectModelFolder(dir, id);
    if (!folder || problems.length) {
      throw new ClipwrightError(
        ErrorCode.ModelInvalid,
        `Model ${id} cannot be used: ${problems.map((p) => `${p.file} ${p.message}`).join('; ')}`,
        { path: field, detail: { problems } },
      );
    }
    return folder;
  }
}

export function modesOf(folder: ModelFolder): ModelListing['modes'] {
  if (folder.inpainting) return ['inpainting'];
  return folder.onnx.vae_encoder ? ['text-to-image', 'image-to-image', 'inpainting'] : ['text-to-image'];
}

/**
 * Identifies a model's exact files cheaply: its JSON configs and the size of every graph and weight
 * file. Part of an image's cache key, so replacing a model's weights never serves stale pictures.
 */
export async function modelFingerprint(folder: ModelFolder): Promise<string> {
  const hash = createHash('sha256');
  for (const rel of ['model_index.json', 'scheduler/scheduler_config.json', 'clipwright.json']) {
    hash.update(rel).update(await fs.readFile(path.join(folder.dir, rel)).catch(() => Buffer.alloc(0)));
  }
  for (const c of COMPONENTS) {
    const dir = path.join(folder.dir, c);
    const names = (await fs.readdir(dir).catch(() => [] as string[])).sort();
    for (const name of names) {
      const stat = await fs.stat(path.join(dir, name)).catch(() => undefined);
      if (stat?.isFile()) hash.update(`${c}/${name}:${stat.size};`);
    }
  }
  return hash.digest('hex');
}
