import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ClipwrightError, describeSchemaError, ErrorCode } from '@app/core';
import { dropBlankStrings } from './blank-strings';
import type { LayerKindRegistry } from '@app/layers';
import { composeTemplateSchema } from './template-schema';
import { nearestName } from './nearest-name';
import type { TemplateProblem } from './template.problems';
import type { TemplateManifest } from './template.types';

// allErrors: a template author fixes every mistake in one pass (`clipwright validate`).
const templateAjv = new Ajv({ allErrors: true, discriminator: true, strict: true, strictRequired: false });
/** One compiled manifest schema per kinds list (the API, the CLI and the worker each have one list). */
const compiled = new WeakMap<LayerKindRegistry, ValidateFunction<TemplateManifest>>();

/**
 * Every way template.json breaks the schema composed from `kinds`, one problem per JSON path (the
 * first error ajv gives there): paths like `templates/<id>/template.json#$.scenes[1].layers[0].type`.
 * A layer `type` no kind has is reported with the nearest kind's name ("did you mean").
 */
export function manifestProblems(
  value: unknown,
  source: string,
  kinds: LayerKindRegistry,
): TemplateProblem[] {
  let validate = compiled.get(kinds);
  if (!validate) {
    validate = templateAjv.compile<TemplateManifest>(composeTemplateSchema(kinds));
    compiled.set(kinds, validate);
  }
  if (validate(value)) return [];
  const byPath = new Map<string, string>();
  for (const error of validate.errors ?? []) {
    const params = error.params as { error?: string; tag?: string; tagValue?: unknown };
    if (error.keyword === 'discriminator') {
      // The layer's kind is unknown: its other errors (the enum on `type`) say less than this.
      const path = `${describeSchemaError(error, '$').path}.${params.tag ?? 'type'}`;
      const tag = params.tagValue;
      const guess =
        typeof tag === 'string'
          ? nearestName(
              tag,
              kinds.map((k) => k.type),
            )
          : undefined;
      byPath.set(
        path,
        `no layer kind ${JSON.stringify(tag)}${guess ? `; did you mean "${guess}"?` : ''} ` +
          `(kinds: ${kinds.map((k) => k.type).join(', ')})`,
      );
      continue;
    }
    const { path, message } = describeSchemaError(error, '$');
    if (!byPath.has(path)) byPath.set(path, message);
  }
  return [...byPath].map(([path, message]) => ({
    code: ErrorCode.TemplateInvalid,
    message: `${source}: ${path} ${message}`,
    path: `${source}#${path}`,
  }));
}

/** Validates template.json against the schema composed from `kinds`; throws the first problem (TEMPLATE_INVALID). */
export function checkManifest(value: unknown, source: string, kinds: LayerKindRegistry): TemplateManifest {
  const [first] = manifestProblems(value, source, kinds);
  if (!first) return value as TemplateManifest;
  throw new ClipwrightError(first.code, first.message, { path: first.path });
}

/** Compiles a template's input schema once; validates items against it. */
export class InputValidator {
  private readonly validate: ValidateFunction;

  constructor(schema: object, source: string) {
    const ajv = new Ajv({ allErrors: false, strict: false });
    addFormats(ajv);
    try {
      this.validate = ajv.compile(schema);
    } catch (e) {
      throw new ClipwrightError(
        ErrorCode.TemplateInvalid,
        `${source}: the input schema does not compile: ${(e as Error).message}`,
        {
          path: source,
          cause: e,
        },
      );
    }
  }

  /**
   * Validates one item and returns it with blank strings dropped (see dropBlankStrings): what the
   * binder and every later stage must use. Throws DATA_SCHEMA_MISMATCH naming the JSON path (inside
   * the whole data file) at fault; a required field holding only whitespace is reported as blank.
   */
  check(data: unknown, basePath: string): unknown {
    const { value, blanks } = dropBlankStrings(data, basePath);
    if (this.validate(value)) return value;
    const first = this.validate.errors?.[0];
    const described = first
      ? describeSchemaError(first, basePath)
      : { path: basePath, message: 'is invalid' };
    const { path } = described;
    const message =
      first?.keyword === 'required' && blanks.includes(path) ? 'is required but blank' : described.message;
    throw new ClipwrightError(
      ErrorCode.DataSchemaMismatch,
      `The data does not fit the template: ${path} ${message}`,
      {
        path,
      },
    );
  }
}
