import { Liquid } from 'liquidjs';
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
  for (const [name, fn] of Object.entries(textFilters))
    engine.registerFilter(name, fn as (...args: unknown[]) => string);
  for (const [name, fn] of Object.entries(commerceFilters))
    engine.registerFilter(name, fn as (...args: unknown[]) => string);
  return engine;
}

/** The first line of a Liquid error, without the stack liquidjs appends. */
export function liquidMessage(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0] : String(e);
}
