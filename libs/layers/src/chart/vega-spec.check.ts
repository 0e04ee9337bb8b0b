import { parseExpression } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ClipwrightError, ErrorCode } from '@app/core';

/**
 * Functions a chart's expressions may call: pure functions of their arguments (maths, type tests,
 * dates, formatting, strings) from the Vega expression language
 * (https://vega.github.io/vega/docs/expressions/). Nothing that reads the view, its data sets,
 * signals, scales or the scenegraph, nothing that changes them, and nothing that loads.
 */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  'if',
  'isNaN',
  'isFinite',
  'abs',
  'ceil',
  'floor',
  'round',
  'sqrt',
  'exp',
  'log',
  'pow',
  'min',
  'max',
  'clamp',
  'sign',
  'isArray',
  'isBoolean',
  'isDate',
  'isDefined',
  'isNumber',
  'isString',
  'isValid',
  'toBoolean',
  'toDate',
  'toNumber',
  'toString',
  'datetime',
  'date',
  'day',
  'year',
  'quarter',
  'month',
  'hours',
  'minutes',
  'seconds',
  'milliseconds',
  'time',
  'utc',
  'utcdate',
  'utcday',
  'utcyear',
  'utcquarter',
  'utcmonth',
  'utchours',
  'utcminutes',
  'utcseconds',
  'utcmilliseconds',
  'format',
  'timeFormat',
  'utcFormat',
  'timeParse',
  'utcParse',
  'upper',
  'lower',
  'trim',
  'pad',
  'truncate',
  'length',
  'substring',
  'slice',
  'indexof',
  'lastindexof',
  'join',
  'replace',
  'parseFloat',
  'parseInt',
]);

/** Names an expression may use bare: Vega's constants. */
const CONSTANTS: ReadonlySet<string> = new Set([
  'NaN',
  'E',
  'LN2',
  'LN10',
  'LOG2E',
  'LOG10E',
  'PI',
  'SQRT1_2',
  'SQRT2',
]);

/** Property names that lead from a value to the machinery behind it. */
const FORBIDDEN_PROPERTIES: ReadonlySet<string> = new Set(['constructor', '__proto__', 'prototype']);

/**
 * Keys whose presence alone is refused: signals and parameters (interaction, and state beyond the
 * datum), loading (`url`), data sets other than the item's, custom formatters (expression
 * functions by name), and view-level event handling.
 */
const FORBIDDEN_KEYS: Readonly<Record<string, string>> = {
  signal: 'signals reach beyond the datum',
  params: 'parameters (selections, bound widgets) are interactive state a still cannot use',
  selection: 'selections are interactive state a still cannot use',
  bind: 'bound widgets are interactive state a still cannot use',
  url: 'nothing is loaded while a clip renders: the data comes from the item',
  datasets: 'the data comes from the item (the layer\'s "data"), not from the spec',
  customFormatTypes: 'custom formatters call expression functions by name',
  on: 'event handlers are interactive',
  update: 'signal updates reach beyond the datum',
};

/** Keys whose string value is a Vega expression. */
const EXPRESSION_KEYS: ReadonlySet<string> = new Set(['expr', 'calculate', 'labelExpr', 'test', 'filter']);

interface ExprNode {
  type: string;
  [k: string]: unknown;
}

function refuse(where: string, message: string): never {
  throw new ClipwrightError(ErrorCode.TemplateInvalid, `${where}: ${message}`, { path: where });
}

/**
 * Checks one Vega expression: it may read only the datum (`datum.close`, `datum["% change"]`), use
 * literals, operators and the pure functions in ALLOWED_FUNCTIONS. Any other name (a signal, `event`,
 * `item`, a global), a computed member that is not a literal, or a step to `constructor` /
 * `__proto__` / `prototype` is refused, so an expression can reach nothing but the data.
 * Throws TEMPLATE_INVALID naming `where`.
 */
export function checkExpression(source: string, where: string): void {
  let ast: ExprNode;
  try {
    ast = parseExpression(source) as unknown as ExprNode;
  } catch (e) {
    refuse(where, `"${source}" is not a Vega expression (${(e as Error).message})`);
  }
  const walk = (node: ExprNode): void => {
    switch (node.type) {
      case 'Literal':
        return;
      case 'Identifier': {
        const name = String(node.name);
        if (name === 'datum' || CONSTANTS.has(name)) return;
        return refuse(where, `"${source}" uses "${name}": an expression may read only the datum`);
      }
      case 'MemberExpression': {
        const property = node.property as ExprNode;
        // Vega's parser gives datum['close'] an Identifier property, as it does datum[close]; only a
        // name written quoted in the source is a literal key.
        const quoted = (n: string): boolean => source.includes(`'${n}'`) || source.includes(`"${n}"`);
        const name = !node.computed
          ? String(property.name)
          : property.type === 'Literal'
            ? String(property.value)
            : property.type === 'Identifier' && quoted(String(property.name))
              ? String(property.name)
              : undefined;
        if (name === undefined) {
          return refuse(where, `"${source}": a computed member must be a literal ("datum['field']")`);
        }
        if (FORBIDDEN_PROPERTIES.has(String(name))) return refuse(where, `"${source}" reaches "${name}"`);
        return walk(node.object as ExprNode);
      }
      case 'CallExpression': {
        const callee = node.callee as ExprNode;
        if (callee.type !== 'Identifier' || !ALLOWED_FUNCTIONS.has(String(callee.name))) {
          const name = callee.type === 'Identifier' ? String(callee.name) : 'a computed function';
          return refuse(
            where,
            `"${source}" calls ${name}, which a chart may not use (docs: templates/README.md)`,
          );
        }
        return (node.arguments as ExprNode[]).forEach(walk);
      }
      case 'BinaryExpression':
      case 'LogicalExpression':
        walk(node.left as ExprNode);
        return walk(node.right as ExprNode);
      case 'UnaryExpression':
        return walk(node.argument as ExprNode);
      case 'ConditionalExpression':
        walk(node.test as ExprNode);
        walk(node.consequent as ExprNode);
        return walk(node.alternate as ExprNode);
      case 'ArrayExpression':
        return (node.elements as ExprNode[]).forEach(walk);
      default:
        return refuse(where, `"${source}" uses a ${node.type}, which a chart may not use`);
    }
  };
  walk(ast);
}

/** `$.a.b[0]["x y"]`: the JSON path of a key below `path`. */
function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Refuses what a Vega-Lite spec in a template may not do, before it is ever compiled: every
 * expression (`{"expr": ...}`, `calculate`, `labelExpr`, a string `filter` or `test`) must pass
 * checkExpression; signals, parameters, selections, URLs, named data sets and custom formatters are
 * refused outright; `data` may only be absent or name the item's data (`{"name": ...}`), since the
 * layer feeds it. `where` is the spec's own location (`templates/x/chart.vl.json#$` or
 * `templates/x/template.json#$.scenes[1].layers[0].spec`). Throws TEMPLATE_INVALID naming the path.
 */
export function checkVegaLiteSpec(spec: unknown, where: string): void {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    refuse(where, 'a chart spec is a Vega-Lite JSON object');
  }
  const walk = (value: unknown, path: string, key: string | undefined): void => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, child(path, i), undefined));
    if (value === null || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      const at = child(path, k);
      if (k in FORBIDDEN_KEYS) refuse(at, `"${k}" is not allowed in a chart: ${FORBIDDEN_KEYS[k]}`);
      if (EXPRESSION_KEYS.has(k) && typeof v === 'string') checkExpression(v, at);
      if (k === 'data' && key !== 'from') {
        const named = v !== null && typeof v === 'object' && Object.keys(v).every((n) => n === 'name');
        if (!named)
          refuse(
            at,
            'a chart\'s data comes from the item through the layer\'s "data"; the spec may only name it',
          );
      }
      if (k === 'formatType' && !['number', 'time', 'utc'].includes(String(v))) {
        refuse(at, '"formatType" may be "number", "time" or "utc"');
      }
      walk(v, at, k);
    }
  };
  walk(spec, where.includes('#') ? where : `${where}#$`, undefined);
}

/**
 * Checks a spec (checkVegaLiteSpec) and compiles it with Vega-Lite on no rows, so a spec Vega-Lite
 * cannot compile (an unknown mark, a composite it refuses) fails when the template loads.
 * Throws TEMPLATE_INVALID naming `where`.
 */
export function checkChartSpec(spec: unknown, where: string): void {
  checkVegaLiteSpec(spec, where);
  try {
    compile({ ...(spec as object), data: { values: [] } } as TopLevelSpec, { logger: quietLogger() });
  } catch (e) {
    refuse(where, `Vega-Lite cannot compile this chart: ${(e as Error).message}`);
  }
}

/** A Vega-Lite logger that drops its warnings: what is wrong with a spec is reported as an error. */
export function quietLogger(): never {
  const logger = {
    level: () => 0,
    error: () => logger,
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
  };
  return logger as never;
}
