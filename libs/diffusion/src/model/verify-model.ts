import * as path from 'node:path';
import { ClipwrightError } from '@app/core';
import { DiffusionLogger, OnnxSessionFactory, ortSessionFactory, TensorSpec } from '../runtime/onnx-runtime';
import { loadDiffusionModel } from './diffusion-model.loader';
import type { ModelFamily } from './model-family';
import { Component, inspectModelFolder, ModelProblem } from './model-folder';

/** What `clipwright models verify` reports for a folder. */
export interface ModelVerification {
  dir: string;
  ok: boolean;
  family?: ModelFamily;
  inpainting?: boolean;
  /** Each graph's inputs and outputs as ONNX Runtime read them (when it could). */
  graphs: { component: Component; inputs: TensorSpec[]; outputs: TensorSpec[] }[];
  problems: ModelProblem[];
  notes: string[];
}

const quiet: DiffusionLogger = { info: () => undefined, warn: () => undefined };

/**
 * Checks a model folder as the engine would load it, on the CPU: the JSON files, the tokenizer files,
 * every graph's external weights, names, dtypes and ranks, and the graphs against each other. Every
 * problem found is listed with its file; nothing is thrown for a bad folder.
 */
export async function verifyModelFolder(
  dir: string,
  factory: OnnxSessionFactory = ortSessionFactory,
): Promise<ModelVerification> {
  const { folder, problems, notes } = await inspectModelFolder(dir, path.basename(dir));
  const result: ModelVerification = { dir, ok: false, graphs: [], problems: [...problems], notes };
  if (!folder) return result;
  result.family = folder.family;
  result.inpainting = folder.inpainting;
  const seen = new Set(problems.map((p) => `${p.file}\n${p.message}`));
  try {
    const model = await loadDiffusionModel(folder, { factory, preference: 'cpu', logger: quiet });
    result.family = model.family;
    result.inpainting = model.inpainting;
    const graphs: [
      Component,
      { session: { inputs: readonly TensorSpec[]; outputs: readonly TensorSpec[] } } | undefined,
    ][] = [
      ['text_encoder', model.textEncoders[0]],
      ['text_encoder_2', model.textEncoders[1]],
      ['unet', model.unet],
      ['vae_decoder', model.vaeDecoder],
      ['vae_encoder', model.vaeEncoder],
    ];
    for (const [component, g] of graphs) {
      if (g)
        result.graphs.push({ component, inputs: [...g.session.inputs], outputs: [...g.session.outputs] });
    }
    await model.release();
  } catch (e) {
    const listed = (e instanceof ClipwrightError
      ? (e.detail?.problems as ModelProblem[] | undefined)
      : undefined) ?? [{ file: '.', message: (e as Error).message }];
    for (const p of listed) {
      const key = `${p.file}\n${p.message}`;
      if (!seen.has(key)) result.problems.push(p);
      seen.add(key);
    }
  }
  result.ok = result.problems.length === 0;
  return result;
}
