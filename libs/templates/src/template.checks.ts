import { promises as fs } from 'node:fs';
import type { Template } from 'liquidjs';
import { ClipwrightError, ErrorCode, resolveInside } from '@app/core';
import {
  kindOf,
  type JsonSchema,
  type LayerAt,
  type LayerKindRegistry,
  type LayerText,
  type TemplateCheckContext,
} from '@app/layers';
import { createLiquid, liquidMessage, liquidPosition } from './liquid.sandbox';
import { schemaAt, undefinedVariables } from './liquid.variables';
import { nearestName } from './nearest-name';
import { ProblemList } from './template.problems';
import type { TemplateManifest } from './template.types';

function invalid(path: string, message: string, cause?: unknown): ClipwrightError {
  return new ClipwrightError(ErrorCode.TemplateInvalid, `${path}: ${message}`, { path, cause });
}

/** Reads a file the template names, inside its folder; `where` is the template field that names it. */
export async function readTemplateFile(dir: string, relative: string, where: string): Promise<string> {
  const file = resolveInside(dir, relative, 'template file');
  return fs.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw invalid(where, `cannot read "${relative}" (${e.code})`, e);
  });
}

/** What the Liquid of a template may read: `data` (the input schema), `item`, and in layers the script. */
function liquidRoots(inputSchema: JsonSchema | undefined, layer: boolean): Record<string, JsonSchema | true> {
  return {
    data: inputSchema ?? true,
    item: { type: 'object', properties: { index: {}, id: {} } },
    // The job's time (ISO 8601), as the binder gives it: sale windows, "today".
    job: { type: 'object', properties: { time: { type: 'string' } } },
    ...(layer ? { script: true, narration: true } : {}),
  } as Record<string, JsonSchema | true>;
}

/**
 * Everything about a template that can be known without data, checked at load so a bad template is
 * refused in milliseconds, before any voice runs: scene ids, narrations (read and parsed), what each
 * scene duration needs, transitions, every layer's own checks, and its Liquid: parsed (unknown
 * filters are errors) and, given the input schema, every variable it reads looked up there. Every
 * problem goes into `problems` (none stops the others); returns each scene's narration source.
 * Paths name the field, `templates/<id>/template.json#$.scenes[1].narration`, or the Liquid file,
 * with the line and column inside the Liquid.
 */
export async function checkTemplate(
  manifest: TemplateManifest,
  dir: string,
  kinds: LayerKindRegistry,
  ctx: TemplateCheckContext,
  problems: ProblemList,
  inputSchema?: JsonSchema,
): Promise<(string | undefined)[]> {
  const shown = `templates/${manifest.id}/template.json#`;
  const liquid = createLiquid(dir);
  const liquidAt = (where: string, line: number, column: number, message: string): void =>
    problems.add({
      code: ErrorCode.TemplateInvalid,
      message: `${where}:${line}:${column}: ${message}`,
      path: where,
      line,
      column,
    });
  let locals: Record<string, JsonSchema | true> = {};
  const check = (source: string, where: string, layer: boolean): void => {
    let parsed: Template[];
    try {
      parsed = liquid.parse(source);
    } catch (e) {
      const [line, column] = liquidPosition(e);
      const message = unknownFilterHint(liquidMessage(e), Object.keys(liquid.filters));
      return liquidAt(where, line, column, `the Liquid does not parse: ${message}`);
    }
    for (const v of undefinedVariables(liquid, parsed, { ...liquidRoots(inputSchema, layer), ...locals }))
      liquidAt(
        where,
        v.line,
        v.column,
        `undefined variable ${v.name}: "${v.missing}" is not in ${
          v.missing !== v.name.split(/[.[]/)[0]
            ? 'the input schema'
            : `scope (${[...Object.keys(liquidRoots(inputSchema, layer)), ...Object.keys(locals)].join(', ')})`
        }`,
      );
  };
  const seen = new Set<string>();
  const narrations: (string | undefined)[] = [];
  for (const [si, scene] of manifest.scenes.entries()) {
    const at = `${shown}$.scenes[${si}]`;
    if (seen.has(scene.id)) problems.addError(invalid(`${at}.id`, `a second scene is called "${scene.id}"`));
    seen.add(scene.id);
    locals = scene.repeat ? repeatLocals(scene.repeat, inputSchema, `${at}.repeat.each`, problems) : {};

    let narration: string | undefined;
    if (typeof scene.narration === 'string') {
      narration = scene.narration;
      check(narration, `${at}.narration`, false);
    } else if (scene.narration) {
      const file = scene.narration.file;
      // A file that cannot be read is reported; the scene still counts as narrated below.
      narration = await problems.attempt(() => readTemplateFile(dir, file, `${at}.narration.file`));
      if (narration !== undefined) check(narration, `templates/${manifest.id}/${file}`, false);
    }
    narrations.push(narration);
    const narrated = scene.narration !== undefined;

    if (scene.duration === 'speech' && !narrated) {
      problems.addError(
        invalid(`${at}.duration`, 'a "speech" scene lasts as long as its narration, and this scene has none'),
      );
    }
    const layerKinds = scene.layers.map((l) => kindOf(kinds, l.type));
    if (
      scene.duration === 'media' &&
      !scene.layers.some((l, i) => layerKinds[i]?.hasMediaLength?.(l as never))
    ) {
      problems.addError(
        invalid(
          `${at}.duration`,
          'a "media" scene lasts as long as its timed media (a clip), and this scene has none',
        ),
      );
    }
    if (
      scene.duration === 'auto' &&
      !narrated &&
      !scene.layers.some((l, i) => (layerKinds[i]?.endsAt?.(l as never) ?? 0) > 0)
    ) {
      problems.addError(
        invalid(`${at}.duration`, 'an "auto" scene needs a narration or a layer with an end in seconds'),
      );
    }
    if (si === 0 && scene.transition && scene.transition.type !== 'cut') {
      problems.addError(
        invalid(`${at}.transition`, 'the first scene has nothing before it to transition from'),
      );
    }

    for (const [li, layer] of scene.layers.entries()) {
      const kind = layerKinds[li];
      const where: LayerAt = {
        scene: si,
        layer: li,
        path: `${at}.layers[${li}]`,
        aspects: manifest.outputs.map((o) => o.aspect),
        sceneId: scene.id,
        narrated,
        outputs: manifest.outputs,
        sceneClaims: [...new Set(layerKinds.flatMap((k) => k?.claims ?? []))],
      };
      if (!kind) {
        const guess = nearestName(
          layer.type,
          kinds.map((k) => k.type),
        );
        problems.addError(
          invalid(
            `${where.path}.type`,
            `no layer kind "${layer.type}"${guess ? `; did you mean "${guess}"?` : ''}`,
          ),
        );
        continue;
      }
      await problems.attempt(() => kind.check?.(layer as never, where, ctx));
      const text: LayerText = {
        parseOnly: true,
        render: async (value, field) =>
          value === undefined ? undefined : (check(value, `${where.path}.${field}`, true), value),
      };
      await problems.attempt(() => kind.bind(layer as never, text));
    }
  }
  return narrations;
}

/**
 * What a repeated scene's Liquid may read besides the template's roots: the element (its schema,
 * the `items` of the array in the input schema) and `repeat`. An `each` the input schema rules out
 * is a problem at `where`.
 */
function repeatLocals(
  repeat: { each: string; as: string },
  inputSchema: JsonSchema | undefined,
  where: string,
  problems: ProblemList,
): Record<string, JsonSchema | true> {
  const counter = { type: 'object', properties: { index: {}, count: {} } };
  let element: JsonSchema | true = true;
  if (inputSchema) {
    const path = repeat.each.split('.').slice(1);
    if (schemaAt(inputSchema, path) === 'absent') {
      problems.addError(invalid(where, `${repeat.each} is not in the input schema`));
    } else {
      const items = schemaAt(inputSchema, [...path, 0]);
      if (typeof items === 'object') element = items.schema;
    }
  }
  return { [repeat.as]: element, repeat: counter };
}

/** liquidjs says "undefined filter: fixd"; name the nearest filter this sandbox has. */
function unknownFilterHint(message: string, filters: string[]): string {
  const m = /^undefined filter: ([\w-]+)/.exec(message);
  if (!m) return message;
  const guess = nearestName(m[1], filters);
  return guess ? `${message} (did you mean "${guess}"?)` : message;
}
