import * as path from 'node:path';
import type { Command } from 'commander';
import { ClipwrightError, ErrorCode } from '@app/core';
import { formatProblem, TemplateLoader, type TemplateProblem } from '@app/templates';

export interface ValidateIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** What `clipwright validate --json` prints: every problem, each with its path (and Liquid line, column). */
export interface ValidateReport {
  template: string;
  valid: boolean;
  problems: TemplateProblem[];
}

/**
 * Checks one template folder whole, with the loader the renderer and the API use, and reports every
 * problem at once. Throws TEMPLATE_NOT_FOUND for a folder without a template.json.
 */
export async function validateTemplateDir(dir: string, presentersDir: string): Promise<ValidateReport> {
  const folder = path.resolve(dir);
  const loader = new TemplateLoader(path.dirname(folder), { presentersDir });
  const id = path.basename(folder);
  const { problems } = await loader.inspect(id).catch((e: unknown) => {
    if (e instanceof ClipwrightError && e.code === ErrorCode.TemplateNotFound)
      throw new ClipwrightError(
        e.code,
        `${dir} is not a template folder (no template.json, or a name other than a-z, 0-9, -)`,
        {
          path: dir,
        },
      );
    throw e;
  });
  // The loader names files as the renderer finds them (`templates/<id>/...`); here they are named as
  // the user gave the folder, so a copy being edited elsewhere is not confused with the shipped one.
  const prefix = `templates/${id}/`;
  const given = `${dir.replace(/[\\/]+$/, '')}/`;
  const named = (text: string): string => text.split(prefix).join(given);
  return {
    template: id,
    valid: problems.empty,
    problems: problems.problems.map((p) => ({
      ...p,
      message: named(p.message),
      ...(p.path !== undefined ? { path: named(p.path) } : {}),
    })),
  };
}

/** `clipwright validate <template-dir> [--json]`: exit 0 when clean, 2 when it has problems. */
export function registerValidateCommand(
  program: Command,
  io: ValidateIo,
  presentersDir: () => string,
  setExit: (code: number) => void,
): void {
  program
    .command('validate')
    .description(
      'Check a template folder and report every problem at once, each with its JSON path (and file, line, column for Liquid); exit 0 when clean, 2 otherwise',
    )
    .argument('<template-dir>', 'the template folder (holding template.json)')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (dir: string, opts: { json?: boolean }) => {
      const report = await validateTemplateDir(dir, presentersDir());
      if (opts.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
      else {
        for (const p of report.problems) io.stdout(`${formatProblem(p)}\n`);
        io.stderr(
          report.valid
            ? `template ${report.template}: no problems\n`
            : `template ${report.template}: ${report.problems.length} problem(s)\n`,
        );
      }
      setExit(report.valid ? 0 : 2);
    });
}
