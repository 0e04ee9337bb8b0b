import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { decodeOnnxModel } from '@app/onnx';
import type { ModelProblem } from './model-folder';

/** Graphs above this size carry their weights inline; only smaller ones are read to list external files. */
const SCAN_LIMIT_BYTES = 64 * 1024 * 1024;

interface DecodedTensor {
  name?: string;
  data_location?: number;
  external_data?: { key?: string; value?: string }[];
}

/**
 * Checks that the external weight files a graph names (onnx/onnx docs/ExternalData.md: TensorProto
 * `data_location = EXTERNAL`, `external_data` keys location/offset/length; Optimum writes
 * `model.onnx_data`, diffusers' converter `weights.pb`) exist beside it, stay inside its folder and
 * are long enough, so a missing or truncated file is named instead of surfacing as ONNX Runtime's
 * deserialisation error. `shown` is the graph's path as reported (relative to the model folder).
 */
export async function checkExternalData(file: string, shown: string): Promise<ModelProblem[]> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat || stat.size > SCAN_LIMIT_BYTES) return [];
  let model: { graph?: { initializer?: DecodedTensor[] } };
  try {
    model = decodeOnnxModel(await fs.readFile(file)) as typeof model;
  } catch (e) {
    return [{ file: shown, message: `is not an ONNX model (${(e as Error).message.split('\n')[0]})` }];
  }
  const needed = new Map<string, number>();
  for (const t of model.graph?.initializer ?? []) {
    if (t.data_location !== 1) continue;
    const kv = Object.fromEntries((t.external_data ?? []).map((e) => [e.key ?? '', e.value ?? '']));
    const end = Number(kv.offset ?? 0) + Number(kv.length ?? 0);
    if (kv.location) needed.set(kv.location, Math.max(needed.get(kv.location) ?? 0, end));
  }
  const problems: ModelProblem[] = [];
  const dir = path.dirname(file);
  for (const [location, end] of needed) {
    const target = path.resolve(dir, location);
    const rel = path.join(path.dirname(shown), location);
    if (!target.startsWith(dir + path.sep)) {
      problems.push({ file: shown, message: `names external weights ${location} outside its folder` });
      continue;
    }
    const size = (await fs.stat(target).catch(() => undefined))?.size;
    if (size === undefined)
      problems.push({ file: rel, message: `is missing (${shown} keeps its weights there)` });
    else if (size < end)
      problems.push({
        file: rel,
        message: `is ${size} bytes; ${shown} reads up to byte ${end} (truncated copy?)`,
      });
  }
  return problems;
}
