import { Liquid } from 'liquidjs';
import { localeFilters } from './locale.filters';
import { commerceFilters } from './commerce.filters';
import { textFilters } from './text.filters';

/**
 * Liquid is the sandbox: no code execution, own properties only, no file access outside the
 * template folder, and limits on parse size, render time and memory so a template cannot hang or
 * exhaust a worker.
 */
export function createLiquid(root: string): Liquid {
  const engine = new Liquid({
    root: [root],
    partials: [root],
    extname: '.liquid',
    relativeReference: false,
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    parseLimit: 1e5,
    renderLimit: 2000,
    memoryLimit: 1e7,
  });
  for (const [name, fn] of Object.entries({ ...textFilters, ...localeFilters }))
    engine.registerFilter(name, fn as (...args: unknown[]) => string);
  for (const [name, fn] of Object.entries(commerceFilters))
    engine.registerFilter(name, fn as (...args: unknown[]) => string);
  return engine;
}

/** The first line of a Liquid error, without the stack and the `, line:1, col:2` liquidjs appends. */
export function liquidMessage(e: unknown): string {
  const first = e instanceof Error ? e.message.split('\n')[0] : String(e);
  return first.replace(/, line:\d+, col:\d+$/, '');
}

/** Where a Liquid error is, 1-based [line, column] inside its text; [1, 1] when liquidjs gives none. */
export function liquidPosition(e: unknown): [number, number] {
  const token = (e as { token?: { getPosition?: () => [number, number] } } | undefined)?.token;
  const position = token?.getPosition?.();
  return position ? [position[0], position[1]] : [1, 1];
}
