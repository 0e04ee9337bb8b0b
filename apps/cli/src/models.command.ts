import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { clipwrightPackage, ClipwrightError, ErrorCode } from '@app/core';
import {
  DiffusionModelRegistry,
  EsrganUpscaler,
  listUpscalers,
  ModelVerification,
  verifyModelFolder,
  type TensorSpec,
} from '@app/diffusion';
import { lipsync } from '@app/presenter';

export interface ModelsIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

function diffusionDir(option?: string): string {
  return path.resolve(
    option ??
      process.env.CLIPWRIGHT_DIFFUSION_MODELS ??
      path.join(clipwrightPackage().root, 'models', 'diffusion'),
  );
}

function upscaleDir(option?: string): string {
  return path.resolve(
    option ??
      process.env.CLIPWRIGHT_UPSCALE_MODELS ??
      path.join(clipwrightPackage().root, 'models', 'upscale'),
  );
}

const describe = (t: readonly TensorSpec[]) => lipsync.describeTensors(t);

function verificationText(v: ModelVerification): string {
  const lines: string[] = [];
  if (v.ok) {
    const encoder = v.graphs.some((g) => g.component === 'vae_encoder');
    const modes = v.inpainting
      ? 'inpainting'
      : encoder
        ? 'text-to-image, image-to-image, inpainting'
        : 'text-to-image';
    lines.push(`${v.dir}: OK: ${v.family}${v.inpainting ? ' inpainting' : ''} model (${modes})`);
    for (const g of v.graphs)
      lines.push(`  ${g.component.padEnd(15)}${describe(g.inputs)} -> ${describe(g.outputs)}`);
  } else {
    const n = v.problems.length;
    lines.push(`${v.dir}: ${n} problem${n === 1 ? '' : 's'}${v.family ? ` (as ${v.family})` : ''}`);
    for (const p of v.problems) lines.push(`  ${p.file}: ${p.message}`);
  }
  for (const note of v.notes) lines.push(`  note: ${note}`);
  return lines.join('\n') + '\n';
}

async function verifyUpscaler(file: string, io: ModelsIo, json: boolean): Promise<void> {
  const quiet = { info: () => undefined, warn: () => undefined };
  const up = await EsrganUpscaler.open(file, { preference: 'cpu', logger: quiet });
  await up.release();
  if (json) io.stdout(`${JSON.stringify({ file, ok: true, kind: 'upscaler', scale: up.scale })}\n`);
  else io.stdout(`${file}: OK: x${up.scale} super-resolution model\n`);
}

/**
 * `clipwright models list|verify`: the diffusion models (models/diffusion/<id>/, the diffusers ONNX
 * layout) and super-resolution models (models/upscale/<id>.onnx) this install offers.
 * - `list` shows each model's family and what it can do, or how many problems stop it loading.
 * - `verify <path>` loads a model folder (or an upscaler .onnx) on the CPU and names every missing
 *   file and wrong input (name, dtype, shape); exit 0 when usable, 2 when not.
 */
export function registerModelsCommand(program: Command, io: ModelsIo): Command {
  const models = program.command('models').description('Diffusion and super-resolution models');
  models
    .command('list')
    .description('List the installed models')
    .option(
      '--models-dir <dir>',
      'diffusion models (default: $CLIPWRIGHT_DIFFUSION_MODELS or models/diffusion)',
    )
    .option('--upscale-dir <dir>', 'upscalers (default: $CLIPWRIGHT_UPSCALE_MODELS or models/upscale)')
    .option('--json', 'print {diffusion: [...], upscale: [...]} on stdout')
    .action(async (opts: { modelsDir?: string; upscaleDir?: string; json?: boolean }) => {
      const listing = await new DiffusionModelRegistry(diffusionDir(opts.modelsDir)).list();
      const upscalers = await listUpscalers(upscaleDir(opts.upscaleDir));
      if (opts.json) {
        io.stdout(`${JSON.stringify({ diffusion: listing, upscale: upscalers }, null, 2)}\n`);
        return;
      }
      if (!listing.length && !upscalers.length)
        io.stderr(`no models in ${diffusionDir(opts.modelsDir)} or ${upscaleDir(opts.upscaleDir)}\n`);
      for (const m of listing) {
        const state = m.problems.length
          ? `${m.problems.length} problem(s): run clipwright models verify`
          : m.modes.join(',');
        io.stdout(
          `${m.id}\t${m.family ?? 'unknown'}\t${state}${m.name ? `\t${m.name}` : ''}${m.licence ? `\t${m.licence}` : ''}\n`,
        );
      }
      for (const id of upscalers) io.stdout(`${id}\tupscaler\n`);
    });
  models
    .command('verify')
    .description(
      'Check a model folder (diffusers ONNX layout) or an upscaler .onnx file, naming whatever is missing or wrong',
    )
    .argument('<path>', 'the model folder, or a super-resolution .onnx file')
    .option('--json', 'print the findings as JSON on stdout')
    .action(async (target: string, opts: { json?: boolean }) => {
      const full = path.resolve(target);
      const stat = await fs.stat(full).catch(() => undefined);
      if (!stat)
        throw new ClipwrightError(ErrorCode.InvalidArgument, `${target} does not exist`, { path: target });
      if (stat.isFile()) {
        await verifyUpscaler(full, io, Boolean(opts.json));
        return;
      }
      const v = await verifyModelFolder(full);
      io.stdout(opts.json ? `${JSON.stringify(v, null, 2)}\n` : verificationText(v));
      if (!v.ok) {
        throw new ClipwrightError(
          ErrorCode.ModelInvalid,
          `${target} is not a usable model (${v.problems.length} problem(s) above)`,
          {
            path: target,
          },
        );
      }
    });
  return models;
}
