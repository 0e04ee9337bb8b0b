import { ClipwrightError, ErrorCode, type ErrorCode as Code, toClipwrightError } from '@app/core';

/**
 * One thing wrong with a template. `path` is where: `templates/<id>/template.json#$.scenes[1].layers[0].type`
 * for a field, `templates/<id>/script.liquid` for a file; `line` and `column` (1-based) point inside
 * the Liquid text of that field or file.
 */
export interface TemplateProblem {
  code: Code;
  message: string;
  path?: string;
  line?: number;
  column?: number;
}

/**
 * Collects problems instead of stopping at the first, so `clipwright validate` and the API can list
 * every one at once. `attempt` runs a check and records what it throws when it is a ClipwrightError
 * (anything else is a bug and is thrown on). `toError` turns the list into the one error the loader
 * throws: the first problem's code and message, with every problem in `detail.problems`.
 */
export class ProblemList {
  readonly problems: TemplateProblem[] = [];

  add(problem: TemplateProblem): void {
    const key = (p: TemplateProblem) => `${p.code}|${p.path}|${p.line}|${p.column}|${p.message}`;
    if (!this.problems.some((p) => key(p) === key(problem))) this.problems.push(problem);
  }

  addError(e: ClipwrightError): void {
    const position = e.detail?.position as { line: number; column: number } | undefined;
    this.add({
      code: e.code,
      message: e.message,
      ...(e.path !== undefined ? { path: e.path } : {}),
      ...(position ? { line: position.line, column: position.column } : {}),
    });
  }

  /** Runs `check`; a ClipwrightError it throws is recorded and `undefined` returned. */
  async attempt<T>(check: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await check();
    } catch (e) {
      if (!(e instanceof ClipwrightError)) throw e;
      this.addError(e);
      return undefined;
    }
  }

  get empty(): boolean {
    return this.problems.length === 0;
  }

  /** The first problem as an error, carrying all of them in `detail.problems`; throws nothing itself. */
  toError(): ClipwrightError {
    const first = this.problems[0];
    if (!first) return toClipwrightError(new Error('no template problem to report'));
    const more = this.problems.length > 1 ? ` (and ${this.problems.length - 1} more problem(s))` : '';
    return new ClipwrightError(first.code ?? ErrorCode.TemplateInvalid, `${first.message}${more}`, {
      ...(first.path !== undefined ? { path: first.path } : {}),
      detail: { problems: this.problems },
    });
  }
}

/** One problem as a line for people: `CODE message` (messages begin with the path they name). */
export function formatProblem(p: TemplateProblem): string {
  return `${p.code} ${p.message}`;
}
